import type { FastifyPluginAsync } from 'fastify';
import { healthSchema } from '../schemas/health.js';
import { sqlFile } from '../lib/sql-files.js';

const health: FastifyPluginAsync = async (app) => {
  app.get('/health', { schema: healthSchema }, async () => {
    const meta = await app.db.query(sqlFile('meta_get'), { key: 'dataset_version' });
    return { status: 'ok' as const, version: process.env.npm_package_version ?? '0.1.0', dataset: String(meta.rows[0]?.value ?? ''), queries: app.queries.list().length };
  });
};
export default health;
