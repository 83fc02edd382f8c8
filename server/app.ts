/**
 * Builds the whole app in tiers: external plugins, then the app's own
 * (database, dataset, query registry, errors), then routes under /api, then
 * the web app on the remaining paths.
 */
import Fastify, { type FastifyServerOptions } from 'fastify';
import security from './plugins/external/security.js';
import compression from './plugins/external/compression.js';
import swagger from './plugins/external/swagger.js';
import web from './plugins/external/web.js';
import duckdb from './plugins/app/duckdb.js';
import lake, { replicaDataset } from './plugins/app/lake.js';
import lakeWriter from './plugins/app/lake-writer.js';
import dataset from './plugins/app/dataset.js';
import queries from './plugins/app/queries.js';
import errors, { clientErrorHandler, frameworkErrors } from './plugins/app/errors.js';
import sqlSandbox, { type SandboxOptions } from './plugins/app/sql-sandbox.js';
import admin from './plugins/app/admin.js';
import principal, { type AuthOptions } from './plugins/app/principal.js';
import healthRoutes from './routes/health.js';
import queryRoutes from './routes/queries.js';
import sqlRoutes from './routes/sql.js';
import savedQueryRoutes from './routes/saved-queries.js';
import sessionRoutes from './routes/session.js';
import userRoutes from './routes/users.js';
import tokenRoutes from './routes/tokens.js';
import auditRoutes from './routes/audit.js';
import type { SqlLimits } from './lib/sql-guard.js';
import type { Config } from './config.js';

export type AppOptions = Pick<Config, 'dbPath' | 'dataDir' | 'queriesDir' | 'webDir' | 'adminPassword'> & Partial<Pick<Config, 'sessionHours' | 'signInPerMinute' | 'lakeDir' | 'lakePollMs' | 'lakeExportDir'>> & {
  /** Brute-force guard limits beyond the defaults (tests). */
  guard?: AuthOptions['guard'];
  logger?: FastifyServerOptions['logger'];
  /** SQL console limits beyond the environment's (tests use a short time limit). */
  sqlLimits?: Partial<SqlLimits>;
  /** SQL sandbox options beyond the limits (tests: a slow first snapshot, a short wait for it). */
  sqlSandbox?: Omit<SandboxOptions, 'limits'>;
  /** Receives the administrator password a start generated (see plugins/app/admin.ts; main.ts prints it). */
  onAdminPasswordGenerated?: (password: string, again: boolean) => void;
};

export async function buildApp(opts: AppOptions) {
  const app = Fastify({
    logger: opts.logger ?? false,
    // Query strings like ?school=广州城市职业学院 arrive percent-encoded; keep repeated keys as arrays.
    routerOptions: { ignoreTrailingSlash: true },
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false } },
    // Errors answered before any route or hook (bad URL encoding, oversized headers) keep the {error:{…}} shape.
    frameworkErrors,
    clientErrorHandler,
    // No fixed start-up deadline: opening the database replays its write-ahead log and a changed data/ reloads
    // the default dataset, both as long as the data needs (every plugin is async, so none can hang on a forgotten done()).
    // The slowest part, the SQL console's snapshot, is not part of the start at all (plugins/app/sql-sandbox.ts).
    pluginTimeout: 0,
  });
  await app.register(security);
  await app.register(compression);
  await app.register(swagger);
  await app.register(errors);
  if (opts.lakeDir) {
    // A read replica: the data is a lake's Parquet files, writes answer 503 read_replica (plugins/app/lake.ts).
    await app.register(lake, { dir: opts.lakeDir, pollMs: opts.lakePollMs ?? 5000 });
    await app.register(replicaDataset);
  } else {
    await app.register(duckdb, { path: opts.dbPath });
    // The dataset plugin first: its integrity check runs before anything else reads or writes.
    await app.register(dataset, { dataDir: opts.dataDir });
    // The writer of a lake that replicas read: re-exported after each commit.
    if (opts.lakeExportDir) await app.register(lakeWriter, { dir: opts.lakeExportDir });
  }
  await app.register(admin, { password: opts.adminPassword, onGenerated: opts.onAdminPasswordGenerated });
  await app.register(principal, { sessionHours: opts.sessionHours, signInPerMinute: opts.signInPerMinute, guard: opts.guard });
  await app.register(queries, { dir: opts.queriesDir });
  // A replica has no SQL console (its routes answer 503 read_replica): no snapshot to build.
  if (!opts.lakeDir) await app.register(sqlSandbox, { ...opts.sqlSandbox, limits: opts.sqlLimits });
  await app.register(
    async (api) => {
      await api.register(healthRoutes);
      await api.register(sessionRoutes);
      await api.register(userRoutes);
      await api.register(tokenRoutes);
      await api.register(auditRoutes);
      await api.register(queryRoutes);
      await api.register(sqlRoutes);
      await api.register(savedQueryRoutes);
      await api.register(import('./routes/imports.js'));
      await api.register(import('./routes/charts.js'));
    },
    { prefix: '/api' },
  );
  await app.register(web, { dir: opts.webDir });
  return app;
}
