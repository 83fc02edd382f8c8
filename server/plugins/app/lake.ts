/**
 * Read-replica mode (XPILOT_LAKE=DIR): the app's `db` is a lake's current
 * version (plugins/app/duckdb.ts openLakeDb) instead of a database file,
 * reopened when `DIR/current` moves (checked every `pollMs`), and every
 * request that would write — or needs what a replica does not hold
 * (accounts, sign-in, the SQL console) — answers 503 `read_replica` in
 * Chinese and English. Replicas serve anonymous reads: the public rows,
 * exactly as the writer shows them to a visitor who is not signed in.
 */
import fp from 'fastify-plugin';
import { openLakeDb } from './duckdb.js';

/** Paths a replica refuses whatever the method: they read or write accounts, or need the writer's SQL sandbox. */
const WRITER_ONLY = /^\/api\/(sql|saved-queries|users|tokens|audit)(\/|$|\?)/;
const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function refusesOnReplica(method: string, url: string): boolean {
  if (!url.startsWith('/api/')) return false;
  return !READ_METHODS.has(method) || WRITER_ONLY.test(url);
}

export const READ_REPLICA_ERROR = {
  code: 'read_replica',
  message: 'This server is a read-only replica of the data: imports, sign-in, accounts and the SQL console are on the writer. Send this request to the writer.',
  message_zh: '此服务器是只读副本：导入、登录、账户和 SQL 控制台只在主服务器（写入节点）上提供，请向主服务器发送此请求。',
};

declare module 'fastify' {
  interface FastifyInstance {
    /** Set in read-replica mode: the lake version being served. */
    lake?: { id: () => string; dataVersion: () => string };
  }
}

export default fp(
  async (app, opts: { dir: string; pollMs: number }) => {
    const lake = await openLakeDb(opts.dir);
    app.decorate('db', lake.db);
    app.decorate('lake', { id: () => lake.manifest().id, dataVersion: () => lake.manifest().data_version });
    app.addHook('onRequest', async (request, reply) => {
      if (refusesOnReplica(request.method, request.url)) return reply.code(503).header('Cache-Control', 'no-store').send({ error: READ_REPLICA_ERROR });
    });
    let checking = false;
    const timer = setInterval(() => {
      if (checking) return;
      checking = true;
      lake.reopen().then(
        (moved) => moved && app.log.warn({ lake: lake.manifest().id }, 'lake version changed: reopened'),
        (err: unknown) => app.log.error({ err }, 'lake reopen failed; still serving the previous version'),
      ).finally(() => (checking = false));
    }, opts.pollMs);
    timer.unref();
    app.addHook('onClose', async () => {
      clearInterval(timer);
      lake.close();
    });
  },
  { name: 'duckdb' },
);

/** Stands in for the dataset plugin on a replica: the lake is checked and loaded by its writer. */
export const replicaDataset = fp(async () => undefined, { name: 'dataset', dependencies: ['duckdb'] });
