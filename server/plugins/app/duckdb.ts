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

/** Scalars, or a DuckDB value built by a lib helper (the principal's $scope STRUCT, server/lib/scope.ts). */
export type BindValues = Record<string, string | number | boolean | null | DuckDBValue>;

export interface Db {
  /** Runs one statement on a fresh connection and reads the whole result. */
  query(sql: string, values?: BindValues, types?: Record<string, DuckDBType>): Promise<Table>;
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
  const db: Db = {
    path,
    withConnection,
    scratch: withScratchInstance,
    async query(sql, values, types) {
      return withConnection(async (conn) => readTable(await conn.runAndReadAll(sql, values, types)));
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
    connect: () => instance.connect(),
  };
  await withConnection(async (conn) => {
    // An older file's tables first get the columns schema.sql now gives them (crash-safe rebuild).
    await migrateSchema(conn);
    await conn.run(sqlFile('schema'));
    await conn.run(sqlFile('macros'));
    await conn.run(sqlFile('scopes'));
  });
  return { db, close: () => instance.closeSync() };
}

export default fp(
  async (app, opts: { path: string }) => {
    const { db, close } = await openDb(opts.path);
    app.decorate('db', db);
    app.addHook('onClose', async () => close());
  },
  { name: 'duckdb' },
);
