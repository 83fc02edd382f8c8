/**
 * The writer's half of "beyond one machine" (XPILOT_LAKE_EXPORT=DIR): after
 * every committed import or undo (a 2xx answer to POST/DELETE /api/imports…)
 * the lake is written again (server/lake/export.ts) and `DIR/current` moves,
 * so replicas (XPILOT_LAKE=DIR) reopen on the new version. At start it
 * exports once when the lake is missing or behind the database. One export
 * runs at a time; commits during one are covered by a single next one.
 */
import fp from 'fastify-plugin';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { exportLake } from '../../lake/export.js';
import { CURRENT, currentVersionDir, readManifest, type LakeManifest } from '../../lake/manifest.js';
import { sqlFile } from '../../lib/sql-files.js';

export interface LakeWriter {
  /** Resolves when every export asked for so far is written (tests, shutdown). */
  idle(): Promise<void>;
  /** The manifest last written by this process, if any. */
  last(): LakeManifest | null;
}

declare module 'fastify' {
  interface FastifyInstance {
    lakeWriter?: LakeWriter;
  }
}

const WRITES = /^\/api\/imports(\/|$|\?)/;

export default fp(
  async (app, opts: { dir: string; keep?: number }) => {
    let running: Promise<void> = Promise.resolve();
    let pending = false;
    let last: LakeManifest | null = null;
    const run = async () => {
      try {
        last = await exportLake(app.db, opts.dir, { keep: opts.keep });
        app.log.info({ lake: last.id }, 'lake exported');
      } catch (err) {
        app.log.error({ err }, 'lake export failed; replicas keep the previous version');
      }
    };
    const schedule = () => {
      if (pending) return;
      pending = true;
      running = running.then(() => {
        pending = false;
        return run();
      });
    };
    const version = String((await app.db.query(sqlFile('data_version'))).rows[0]?.version ?? '');
    const behind = !existsSync(join(opts.dir, CURRENT)) || readManifest(currentVersionDir(opts.dir)).data_version !== version;
    if (behind) schedule();
    app.addHook('onResponse', async (request, reply) => {
      if ((request.method === 'POST' || request.method === 'DELETE') && WRITES.test(request.url) && reply.statusCode < 300) {
        // A preview (dryRun) changes nothing.
        if (!/[?&]dryRun=(true|1)(&|$)/.test(request.url)) schedule();
      }
    });
    app.decorate('lakeWriter', { idle: () => running, last: () => last });
    app.addHook('onClose', async () => running);
  },
  { name: 'lakeWriter', dependencies: ['duckdb', 'dataset'] },
);
