/**
 * The one owner of DuckDB. Opens the instance, applies schema and macros, hands
 * out connections that are always closed, and closes the instance with the app.
 * No other file imports @duckdb/node-api values (types are fine).
 */
import fp from 'fastify-plugin';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DuckDBInstance, type DuckDBConnection, type DuckDBType, type DuckDBValue } from '@duckdb/node-api';
import { readTable, type Table } from '../../lib/values.js';
import { sqlFile } from '../../lib/sql-files.js';
import { fillSql, quoteLiteral } from '../../lib/sql-text.js';
import { migrateSchema } from '../../dataset/migrate.js';
import { currentVersionDir, readManifest, type LakeManifest } from '../../lake/manifest.js';
import { lakeViewStatements } from '../../lake/views.js';

/** Scalars, or a DuckDB value built by a lib helper (the principal's $scope STRUCT, server/lib/scope.ts). */
export type BindValues = Record<string, string | number | boolean | null | DuckDBValue>;

export interface Db {
  /** Runs one statement on a fresh connection and reads the whole result. */
  query(sql: string, values?: BindValues, types?: Record<string, DuckDBType>): Promise<Table>;
  withConnection<T>(fn: (conn: DuckDBConnection) => Promise<T>): Promise<T>;
  /** Runs fn inside BEGIN … COMMIT on one connection; any throw rolls back. */
  transaction<T>(fn: (conn: DuckDBConnection) => Promise<T>): Promise<T>;
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

/** The Db calls over a way to get a connection (one instance, or a lake's current one). */
function makeDb(path: string, withConnection: Db['withConnection']): Db {
  return {
    path,
    withConnection,
    scratch: withScratchInstance,
    async query(sql, values, types) {
      return withConnection(async (conn) => readTable(await conn.runAndReadAll(sql, values, types)));
    },
    async transaction(fn) {
      return withConnection(async (conn) => {
        await conn.run('BEGIN TRANSACTION');
        try {
          const result = await fn(conn);
          await conn.run('COMMIT');
          return result;
        } catch (err) {
          await conn.run('ROLLBACK');
          throw err;
        }
      });
    },
  };
}

export async function openDb(path: string): Promise<{ db: Db; close: () => void }> {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const instance = await DuckDBInstance.create(path);
  const withConnection = async <T>(fn: (conn: DuckDBConnection) => Promise<T>): Promise<T> => {
    const conn = await instance.connect();
    try {
      return await fn(conn);
    } finally {
      conn.closeSync();
    }
  };
  const db = makeDb(path, withConnection);
  await withConnection(async (conn) => {
    // An older file's tables first get the columns schema.sql now gives them (crash-safe rebuild).
    await migrateSchema(conn);
    await conn.run(sqlFile('schema'));
    await conn.run(sqlFile('macros'));
    await conn.run(sqlFile('scopes'));
  });
  return { db, close: () => instance.closeSync() };
}

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
  return {
    db: makeDb(root, withConnection),
    manifest: () => state.manifest,
    async reopen() {
      const dir = currentVersionDir(root);
      if (dir === state.dir) return false;
      const next = await open(dir);
      const old = state;
      state = next;
      old.retired = true;
      release(old);
      return true;
    },
    close() {
      state.retired = true;
      release(state);
    },
  };
}

export default fp(
  async (app, opts: { path: string }) => {
    const { db, close } = await openDb(opts.path);
    app.decorate('db', db);
    app.addHook('onClose', async () => close());
  },
  { name: 'duckdb' },
);
