import type { FastifyPluginAsync } from 'fastify';
import { healthSchema } from '../schemas/health.js';
import { sqlFile } from '../lib/sql-files.js';

const health: FastifyPluginAsync = async (app) => {
  app.get('/health', { schema: healthSchema }, async () => {
    const meta = (await app.db.query(sqlFile('meta_synthetic'))).rows[0];
    const scale = meta?.scale;
    return {
      status: 'ok' as const,
      version: process.env.npm_package_version ?? '0.1.0',
      dataset: String(meta?.version ?? ''),
      queries: app.queries.list().length,
      synthetic: scale === null || scale === undefined ? null : { scale: String(scale), seed: meta?.seed === null || meta?.seed === undefined ? null : Number(meta.seed) },
    };
  });
};
export default health;
