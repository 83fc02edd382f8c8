/**
 * Brings a database file made by an older release to the shape schema.sql
 * gives a new one. schema.sql itself only creates what is missing
 * (CREATE … IF NOT EXISTS) and never ALTERs: DuckDB 1.5 cannot replay an
 * `ALTER TABLE … ADD COLUMN` from its write-ahead log on a table with a
 * function default (current_timestamp, nextval), so a server killed before
 * the next checkpoint left a database that would not open ("Failure while
 * replaying WAL"). Instead, a table that lacks columns is rebuilt by copy
 * and rename — CREATE the new shape, INSERT … BY NAME, DROP, RENAME — all
 * tables in ONE transaction, then CHECKPOINT: a kill at any point leaves the
 * old shape or the new one, never half of each.
 *
 * Runs before schema.sql on every open; a no-op (a catalog read, nothing
 * written) once the file is current.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { sqlFile } from '../lib/sql-files.js';
import { fillSql, quoteIdent } from '../lib/sql-text.js';
import { readTable } from '../lib/values.js';

/**
 * Columns added to existing tables after they first shipped. A table of an
 * older file that lacks any of them is rebuilt. A new column on an existing
 * table goes into its CREATE TABLE in schema.sql AND here (migrate.test.ts
 * checks a migrated file against a fresh one, table by table).
 */
export const ADDED_COLUMNS: Record<string, readonly string[]> = {
  imports: ['visibility', 'school_ids', 'school_provinces', 'provinces', 'overlap_choice', 'overlap_reason', 'overlap_imports'],
  findings: ['message_en'],
  sql_audit: ['address', 'user_agent', 'sql_sha256', 'sql_bytes', 'sql_truncated'],
};

/** Data steps that belong to a table's rebuild, run in the same transaction after it. */
const AFTER_REBUILD: Record<string, string> = { imports: 'migrate_imports' };

/**
 * The CREATE TABLE statement schema.sql gives `table`, renamed to `as`.
 * @example createStatement('CREATE TABLE IF NOT EXISTS t (\n  a INTEGER\n);', 't', 't_next') // 'CREATE TABLE t_next (\n  a INTEGER\n)'
 */
export function createStatement(schema: string, table: string, as: string): string {
  const m = new RegExp(`^CREATE TABLE IF NOT EXISTS ${table} \\(\\n[\\s\\S]*?\\n\\);`, 'm').exec(schema);
  if (!m) throw new Error(`schema.sql has no CREATE TABLE IF NOT EXISTS ${table} (…);`);
  return `CREATE TABLE ${quoteIdent(as)} ${m[0].slice(`CREATE TABLE IF NOT EXISTS ${table} `.length, -1)}`;
}

/** Which existing tables lack columns schema.sql now has. */
export async function staleTables(conn: DuckDBConnection): Promise<string[]> {
  const columns = new Map<string, Set<string>>();
  for (const r of readTable(await conn.runAndReadAll(sqlFile('migrate_columns'))).rows) {
    const t = String(r.table_name);
    if (!columns.has(t)) columns.set(t, new Set());
    columns.get(t)!.add(String(r.column_name));
  }
  return Object.entries(ADDED_COLUMNS)
    .filter(([t, added]) => columns.has(t) && added.some((c) => !columns.get(t)!.has(c)))
    .map(([t]) => t);
}

/** Rebuilds the stale tables in one transaction and checkpoints; returns their names. */
export async function migrateSchema(conn: DuckDBConnection): Promise<string[]> {
  const stale = await staleTables(conn);
  if (stale.length === 0) return [];
  const schema = sqlFile('schema');
  await conn.run(sqlFile('tx_begin'));
  try {
    for (const table of stale) {
      const next = `${table}__migrating`;
      await conn.run(fillSql(sqlFile('migrate_rebuild'), { create: createStatement(schema, table, next), next: quoteIdent(next), table: quoteIdent(table) }));
      const after = AFTER_REBUILD[table];
      if (after) await conn.run(sqlFile(after));
    }
    await conn.run(sqlFile('tx_commit'));
  } catch (err) {
    await conn.run(sqlFile('tx_rollback'));
    throw err;
  }
  // Out of the write-ahead log at once: the next open replays nothing of it.
  await conn.run(sqlFile('checkpoint'));
  return stale;
}
