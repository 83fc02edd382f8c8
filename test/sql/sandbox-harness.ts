/**
 * Starts just the SQL sandbox (DuckDB, the default dataset, the sandbox
 * plugin) with options the full app does not pass through: audit retention
 * and the snapshot temp dir.
 */
import Fastify from 'fastify';
import duckdb from '../../server/plugins/app/duckdb.js';
import dataset from '../../server/plugins/app/dataset.js';
import sqlSandbox, { type SandboxOptions } from '../../server/plugins/app/sql-sandbox.js';
import { readConfig } from '../../server/config.js';

export async function startSandbox(opts: SandboxOptions & { dbPath?: string } = {}) {
  const { dbPath = ':memory:', ...sandbox } = opts;
  const app = Fastify({ logger: false });
  await app.register(duckdb, { path: dbPath });
  await app.register(dataset, { dataDir: readConfig({}).dataDir });
  await app.register(sqlSandbox, sandbox);
  await app.ready();
  // The first snapshot (and the start-up prune) run after the start; these tests look at their outcome.
  await app.sqlSandbox.whenReady();
  return app;
}

export type SandboxApp = Awaited<ReturnType<typeof startSandbox>>;

/** Runs one statement through the sandbox (audited like POST /api/sql) and drains its answer; refusals are returned, not thrown. */
export async function runSql(app: SandboxApp, sql: string, user = 'retention-tester'): Promise<'ok' | string> {
  try {
    const answer = await app.sqlSandbox.run({ sql, user, format: 'json', rowLimit: 10 });
    answer.body.resume();
    await new Promise((resolve, reject) => answer.body.once('end', resolve).once('error', reject));
    return 'ok';
  } catch (err) {
    return (err as { code?: string }).code ?? String(err);
  }
}
