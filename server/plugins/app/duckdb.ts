/**
 * The one owner of DuckDB. Opens the instance, applies schema and macros, hands
 * out connections that are always closed, and closes the instance with the app.
 * No other file imports @duckdb/node-api values (types are fine).
 */
import fp from 'fastify-plugin';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DuckDBInstance, StatementType, type DuckDBConnection, type DuckDBType, type DuckDBValue } from '@duckdb/node-api';
import { readTable, type Table } from '../../lib/values.js';
import { sqlFile } from '../../lib/sql-files.js';
import { fillSql, quoteLiteral } from '../../lib/sql-text.js';
import { migrateSchema } from '../../dataset/migrate.js';
import { positiveIntEnv } from '../../lib/env.js';
import { currentVersionDir, readManifest, type LakeManifest } from '../../lake/manifest.js';
import { lakeViewStatements } from '../../lake/views.js';

/** Scalars, or a DuckDB value built by a lib helper (the principal's $scope STRUCT, server/lib/scope.ts). */
export type BindValues = Record<string, string | number | boolean | null | DuckDBValue>;

export interface Db {
  /** Runs one statement on a pooled connection and reads the whole result. */
  query(sql: string, values?: BindValues, types?: Record<string, DuckDBType>): Promise<Table>;
  /**
   * The data version (server/sql/data_version.sql), held in memory: it is
   * computed again only after something may have written (a transaction, a
   * connection handed out, a statement that is not a SELECT), so a read
   * request costs no statement for it.
   */
  version(): Promise<string>;
  /** Statements run through query() so far (tests prove a cache hit runs none). */
  readonly statements: number;
  withConnection<T>(fn: (conn: DuckDBConnection) => Promise<T>): Promise<T>;
  /** Runs fn inside BEGIN … COMMIT on one connection (a fresh one, or `on`); any throw rolls back. */
  transaction<T>(fn: (conn: DuckDBConnection) => Promise<T>, on?: DuckDBConnection): Promise<T>;
  /** A connection the caller keeps and closes (closeSync), for work that spans steps: an import's staged rows live in its temp tables. */
  connect(): Promise<DuckDBConnection>;
  /** Runs fn on a throwaway in-memory instance (see withScratchInstance). */
  scratch<T>(dir: string, fn: (conn: DuckDBConnection) => Promise<T>): Promise<T>;
  readonly path: string;
}

/**
 * Runs fn on a fresh in-memory DuckDB instance — never the main one, never
 * the SQL sandbox — that may read and write files only inside `dir` (an
 * existing directory the caller made and will delete) and whose settings are
 * locked. Used to write Parquet exports with DuckDB itself.
 */
export async function withScratchInstance<T>(dir: string, fn: (conn: DuckDBConnection) => Promise<T>): Promise<T> {
  const instance = await DuckDBInstance.create(':memory:', {
    threads: '1',
    memory_limit: '512MB',
    autoload_known_extensions: 'false',
    autoinstall_known_extensions: 'false',
    allow_community_extensions: 'false',
  });
  try {
    const conn = await instance.connect();
    try {
      const d = dir.endsWith('/') ? dir : `${dir}/`;
      await conn.run(fillSql(sqlFile('scratch_lock'), { dir: quoteLiteral(d) }));
      return await fn(conn);
    } finally {
      conn.closeSync();
    }
  } finally {
    instance.closeSync();
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    db: Db;
  }
}

/** Idle connections kept for query(); more may be open at once, the rest are closed when done. */
const IDLE_CONNECTIONS = 16;

export interface DbSettings {
  /** DuckDB's memory_limit (e.g. '1GB'); DuckDB's default (80% of RAM) when absent. */
  memoryLimit?: string;
  /** DuckDB's worker threads; DuckDB's default (all cores) when absent. */
  threads?: number;
}

/** How a Db gets its connections: one instance (pooled), or a lake's current one. */
interface Connections {
  /** A fresh connection for fn, closed after. */
  fresh<T>(fn: (conn: DuckDBConnection) => Promise<T>): Promise<T>;
  /** A connection for one statement of query(), reused where the source allows. */
  pooled<T>(fn: (conn: DuckDBConnection) => Promise<T>): Promise<T>;
  connect(): Promise<DuckDBConnection>;
}

/**
 * The Db calls over a source of connections. `changed()` tells it the data may
 * have changed from outside (a lake moved to a new version), so version()
 * computes it again.
 */
function makeDb(path: string, source: Connections): { db: Db; changed: () => void } {
  // Bumped whenever the data may have changed; version() recomputes only then.
  let generation = 0;
  let known: { generation: number; version: Promise<string> } | undefined;
  let statements = 0;
  const withConnection = async <T>(fn: (conn: DuckDBConnection) => Promise<T>): Promise<T> => {
    generation++;
    try {
      return await source.fresh(fn);
    } finally {
      generation++;
    }
  };
  const db: Db = {
    path,
    withConnection,
    scratch: withScratchInstance,
    get statements() {
      return statements;
    },
    async query(sql, values, types) {
      statements++;
      return source.pooled(async (conn) => {
        const reader = await conn.runAndReadAll(sql, values, types);
        if (reader.statementType !== StatementType.SELECT) generation++;
        return readTable(reader);
      });
    },
    version() {
      if (known?.generation !== generation) {
        const at = generation;
        const version = db.query(sqlFile('data_version')).then((t) => String(t.rows[0]?.version ?? ''));
        known = { generation: at, version };
        // A failed computation is not kept.
        version.catch(() => {
          if (known?.version === version) known = undefined;
        });
      }
      return known.version;
    },
    async transaction(fn, on) {
      const run = async (conn: DuckDBConnection) => {
        await conn.run('BEGIN TRANSACTION');
        try {
          const result = await fn(conn);
          await conn.run('COMMIT');
          return result;
        } catch (err) {
          await conn.run('ROLLBACK');
          throw err;
        }
      };
      return on ? run(on) : withConnection(run);
    },
    connect: () => source.connect(),
  };
  return { db, changed: () => void generation++ };
}

export async function openDb(path: string, settings: DbSettings = {}): Promise<{ db: Db; close: () => void }> {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const options: Record<string, string> = {};
  if (settings.memoryLimit) options.memory_limit = settings.memoryLimit;
  if (settings.threads) options.threads = String(settings.threads);
  const instance = await DuckDBInstance.create(path, options);
  const idle: DuckDBConnection[] = [];
  let closed = false;
  const fresh = async <T>(fn: (conn: DuckDBConnection) => Promise<T>): Promise<T> => {
    const conn = await instance.connect();
    try {
      return await fn(conn);
    } finally {
      conn.closeSync();
    }
  };
  // A pooled connection only ever runs single statements through query(), so it carries no state between uses.
  const pooled = async <T>(fn: (conn: DuckDBConnection) => Promise<T>): Promise<T> => {
    const conn = idle.pop() ?? (await instance.connect());
    let reuse = true;
    try {
      return await fn(conn);
    } catch (err) {
      reuse = false;
      throw err;
    } finally {
      if (reuse && !closed && idle.length < IDLE_CONNECTIONS) idle.push(conn);
      // Off the request's path: closing a connection waits for DuckDB. (After the instance
      // closed there is nothing left to close.)
      else if (closed) conn.closeSync();
      else setImmediate(() => conn.closeSync());
    }
  };
  const { db } = makeDb(path, { fresh, pooled, connect: () => instance.connect() });
  await db.withConnection(async (conn) => {
    // An older file's tables first get the columns schema.sql now gives them (crash-safe rebuild).
    await migrateSchema(conn);
    await conn.run(sqlFile('schema'));
    await conn.run(sqlFile('macros'));
    await conn.run(sqlFile('scopes'));
  });
  return {
    db,
    close: () => {
      closed = true;
      for (const conn of idle.splice(0)) conn.closeSync();
      instance.closeSync();
    },
  };
}

/** XPILOT_DB_MEMORY_LIMIT and XPILOT_DB_THREADS (README: Configuration). */
export function readDbSettings(env: NodeJS.ProcessEnv = process.env): DbSettings {
  const memoryLimit = env.XPILOT_DB_MEMORY_LIMIT || DEFAULT_MEMORY_LIMIT;
  if (!/^\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i.test(memoryLimit)) throw new Error(`XPILOT_DB_MEMORY_LIMIT must be a size like 768MB or 2GB, got "${memoryLimit}"`);
  const threads = env.XPILOT_DB_THREADS ? positiveIntEnv(env, 'XPILOT_DB_THREADS', 1) : undefined;
  return { memoryLimit, threads };
}

/**
 * DuckDB's own default memory_limit is 80% of the machine; the server's RSS
 * should stay bounded whatever the machine (issue 13: under 1 GB on the
 * national set), and DuckDB spills large operators to disk beyond it.
 */
const DEFAULT_MEMORY_LIMIT = '512MB';
export interface LakeDb {
  db: Db;
  /** The manifest of the version being read. */
  manifest(): LakeManifest;
  /** Opens the version `current` points to if it moved; true when it did. In-flight queries finish on the old one. */
  reopen(): Promise<boolean>;
  close(): void;
}

interface LakeState {
  instance: DuckDBInstance;
  dir: string;
  manifest: LakeManifest;
  active: number;
  retired: boolean;
}

/**
 * A read replica over a lake (server/lake): an in-memory instance whose data
 * tables are views of the current version's Parquet files, with the same
 * macros and scope functions as the database, so named queries run
 * unchanged. Account tables exist but stay empty (replicas take no sign-ins).
 */
export async function openLakeDb(root: string): Promise<LakeDb> {
  const open = async (dir: string): Promise<LakeState> => {
    const manifest = readManifest(dir);
    const instance = await DuckDBInstance.create(':memory:');
    const conn = await instance.connect();
    try {
      await conn.run(sqlFile('schema'));
      for (const statement of lakeViewStatements(dir, manifest)) await conn.run(statement);
      await conn.run(sqlFile('macros'));
      await conn.run(sqlFile('scopes'));
    } catch (err) {
      conn.closeSync();
      instance.closeSync();
      throw err;
    }
    conn.closeSync();
    return { instance, dir, manifest, active: 0, retired: false };
  };
  let state = await open(currentVersionDir(root));
  const release = (s: LakeState) => {
    if (s.retired && s.active === 0) s.instance.closeSync();
  };
  const withConnection = async <T>(fn: (conn: DuckDBConnection) => Promise<T>): Promise<T> => {
    const s = state;
    s.active++;
    try {
      const conn = await s.instance.connect();
      try {
        return await fn(conn);
      } finally {
        conn.closeSync();
      }
    } finally {
      s.active--;
      release(s);
    }
  };
  // No pool: a pooled connection would outlive the version it was opened on.
  const { db, changed } = makeDb(root, { fresh: withConnection, pooled: withConnection, connect: () => state.instance.connect() });
  return {
    db,
    manifest: () => state.manifest,
    async reopen() {
      const dir = currentVersionDir(root);
      if (dir === state.dir) return false;
      const next = await open(dir);
      const old = state;
      state = next;
      old.retired = true;
      release(old);
      changed();
      return true;
    },
    close() {
      state.retired = true;
      release(state);
    },
  };
}

export default fp(
  async (app, opts: { path: string; settings?: DbSettings }) => {
    const { db, close } = await openDb(opts.path, opts.settings ?? readDbSettings());
    app.decorate('db', db);
    app.addHook('onClose', async () => close());
  },
  { name: 'duckdb' },
);
