/**
 * The statements that turn a fresh in-memory DuckDB (with schema.sql run, so
 * every table exists empty) into a read replica of a lake version: each lake
 * table is dropped and replaced by a view of the manifest's Parquet files
 * with the database's column order and types, so macros and named queries
 * run unchanged. Types come from the manifest; one that is not a plain
 * DuckDB type name is refused (the manifest is data, not SQL).
 */
import { join } from 'node:path';
import { sqlFile } from '../lib/sql-files.js';
import { fillSql, quoteIdent, quoteLiteral } from '../lib/sql-text.js';
import { LakeError, type LakeManifest } from './manifest.js';

const TYPE = /^[A-Z][A-Z0-9_ ]*(\(\d+(,\s*\d+)?\))?(\[\])*$/;

function typeOf(t: string): string {
  if (!TYPE.test(t)) throw new LakeError(`The lake manifest names a column type DuckDB does not take as is: ${t}`);
  return t;
}

export function lakeViewStatements(versionDir: string, manifest: LakeManifest): string[] {
  const out: string[] = [];
  for (const t of manifest.tables) {
    const table = quoteIdent(t.name);
    out.push(fillSql(sqlFile('lake_drop_table'), { table }));
    if (!t.files.length) {
      const columns = t.columns.map((c) => `CAST(NULL AS ${typeOf(c.type)}) AS ${quoteIdent(c.name)}`).join(', ');
      out.push(fillSql(sqlFile('lake_view_empty'), { table, columns }));
      continue;
    }
    const columns = t.columns.map((c) => `CAST(${quoteIdent(c.name)} AS ${typeOf(c.type)}) AS ${quoteIdent(c.name)}`).join(', ');
    for (const f of t.files) if (f.path.split('/').some((part) => part === '..' || part === '')) throw new LakeError(`The lake manifest names a file outside its version directory: ${f.path}`);
    const files = `[${t.files.map((f) => quoteLiteral(join(versionDir, ...f.path.split('/')))).join(', ')}]`;
    const hive = t.partition_by.map((p) => `${quoteLiteral(p)}: ${typeOf(t.columns.find((c) => c.name === p)?.type ?? (p === 'year' ? 'INTEGER' : 'VARCHAR'))}`).join(', ');
    const options = t.partition_by.length ? `, hive_partitioning = true, hive_types = {${hive}}` : ', hive_partitioning = false';
    out.push(fillSql(sqlFile('lake_view'), { table, columns, files, options }));
  }
  return out;
}
