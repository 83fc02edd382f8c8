/**
 * The SQL console's snapshot, written by the main instance: it ATTACHes a
 * new database file in a fresh directory and, in one transaction, copies
 * the schema (tables with their comments, sequences, macros) and the rows of
 * the analyst-visible tables (SANDBOX_TABLES), drops every other table and
 * view (meta, the audit log, saved queries, anything added later and not
 * allow-listed) and DETACHes it. The worker process opens the file.
 */
import { join } from 'node:path';
import type { Db } from '../plugins/app/duckdb.js';
import { sqlFile } from './sql-files.js';
import { fillSql, quoteIdent, quoteLiteral } from './sql-text.js';
import { readTable } from './values.js';

/** The tables an analyst may query: facts, registry, regions, findings, imports. Nothing else reaches the snapshot. */
export const SANDBOX_TABLES = [
  'exam_results',
  'pilot_applications',
  'teacher_training',
  'training_quotas',
  'training_programmes',
  'training_offers',
  'stated_totals',
  'exam_records',
  'schools',
  'school_aliases',
  'certificates',
  'certificate_aliases',
  'regions',
  'findings',
  'imports',
] as const;

const SNAPSHOT = 'xpilot_sql_snapshot';

/** Writes the snapshot into `dir` (made by the caller); returns the file and the data version it holds. */
export async function writeSnapshot(db: Db, dir: string): Promise<{ file: string; dir: string; version: string }> {
  const file = join(dir, 'snapshot.duckdb');
  let version = '';
  await db.withConnection(async (conn) => {
    const main = String(readTable(await conn.runAndReadAll(sqlFile('current_database'))).rows[0]!.name);
    const ids = { main: quoteIdent(main), snapshot: quoteIdent(SNAPSHOT) };
    await conn.run(fillSql(sqlFile('sandbox_snapshot_attach'), { file: quoteLiteral(file), snapshot: ids.snapshot }));
    try {
      await conn.run(sqlFile('tx_begin'));
      try {
        version = String(readTable(await conn.runAndReadAll(sqlFile('data_version'))).rows[0]?.version ?? '');
        await conn.run(fillSql(sqlFile('sandbox_snapshot_schema'), ids));
        const objects = readTable(await conn.runAndReadAll(sqlFile('sandbox_snapshot_objects'), { snapshot: SNAPSHOT })).rows;
        for (const o of objects) {
          const name = String(o.name);
          const table = quoteIdent(name);
          if (o.kind === 'view') await conn.run(fillSql(sqlFile('sandbox_snapshot_drop_view'), { ...ids, table }));
          else if ((SANDBOX_TABLES as readonly string[]).includes(name)) await conn.run(fillSql(sqlFile('sandbox_snapshot_copy'), { ...ids, table }));
          else await conn.run(fillSql(sqlFile('sandbox_snapshot_drop_table'), { ...ids, table }));
        }
        await conn.run(sqlFile('tx_commit'));
      } catch (err) {
        await conn.run(sqlFile('tx_rollback'));
        throw err;
      }
    } finally {
      await conn.run(fillSql(sqlFile('sandbox_snapshot_detach'), ids));
    }
  });
  return { file, dir, version };
}
