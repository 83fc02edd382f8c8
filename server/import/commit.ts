/**
 * Commit and undo. A commit writes in two transactions:
 *
 *  1. a small one reserves the import row with status `pending`;
 *  2. one transaction writes the facts, findings and candidate records and, as
 *     its last statement, sets the row to `committed`.
 *
 * Facts count only under a `committed` row. Why two steps: DuckDB writes a
 * large INSERT's row groups into the database file before COMMIT
 * ("optimistic writes") and logs only pointers to them; when the process is
 * killed after the log got those pointers but before the commit's end marker,
 * DuckDB 1.5.5's WAL replay keeps those row groups while it drops the rest of
 * the transaction — 1M candidate rows came back with no import row (issue 11).
 * Whatever part of step 2 a replay keeps, the row is not `committed`, so the
 * start-up check (dataset/integrity.ts) removes it and its rows: the database
 * is as before the commit, or, when the end marker made it to disk, as after.
 *
 * The same file (sha256) is refused unless replacing is asked for; undo
 * removes exactly one import's rows and marks it undone, in one transaction
 * (the start-up check finishes an undo a replay only half kept).
 */
import { rmSync } from 'node:fs';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Db } from '../plugins/app/duckdb.js';
import { AppError } from '../lib/errors.js';
import { sqlFile } from '../lib/sql-files.js';
import { deleteImportRows, insertImportRow, recordImportScope, writeImportRows, type Visibility } from '../dataset/writer.js';
import { rowCount } from '../domain/facts.js';
import { SEED_KIND } from '../dataset/ensure.js';
import type { Registry } from '../domain/registry.js';
import { importErrors } from './errors.js';
import { insertRecords, profileRecords, stageRecords, type RecordsProfile } from './exam-records.js';
import type { Severity } from '../domain/findings-registry.js';
import { findOverlaps, overlapErrors, overlapFindings, type Overlap, type OverlapChoice } from './overlaps.js';
import { runPipeline, sha256Of, type PipelineInput, type PipelineResult } from './pipeline.js';
import { Serial } from '../lib/serial.js';

/** Commits and undos of this process, one at a time (see Serial). */
const writes = new Serial();

export interface ExistingImport {
  id: number;
  file_name: string;
  kind: string;
  imported_at: string | null;
  imported_by: string;
}

export interface Prepared extends PipelineResult {
  profile: RecordsProfile | null;
  /** The connection whose temporary table holds the staged candidate records (read once); commit writes on it, cleanup closes it. */
  stage: DuckDBConnection | null;
  duplicateOf: ExistingImport | null;
  /** Committed imports holding facts this file holds too (the identical file excluded). */
  overlaps: Overlap[];
}

const STATUS_ZH: Record<string, string> = { undone: '已撤销', replaced: '已替换', pending: '写入中' };

const seedLocked = (id: number) =>
  new AppError(409, 'seed_import_locked', `Import ${id} is the default dataset (maintained in data/); it cannot be undone or replaced`, `导入 #${id} 是默认数据集（由 data/ 维护），不能撤销或替换`, { import_id: id });

async function findBySha(db: Db, sha256: string): Promise<ExistingImport | null> {
  const row = (await db.query(sqlFile('import_by_sha'), { sha256 })).rows[0];
  return row ? { id: Number(row.id), file_name: String(row.file_name), kind: String(row.kind), imported_at: row.imported_at === null ? null : String(row.imported_at), imported_by: String(row.imported_by) } : null;
}

/**
 * Runs the pipeline and, for candidate-level files, stages and profiles the
 * records in DuckDB. The file's SHA-256 (when the caller has none) is taken
 * in a streaming pass while DuckDB reads the file.
 */
export async function prepareImport(db: Db, input: PipelineInput, registry: Registry): Promise<Prepared> {
  const hashing = input.sha256 || input.bytes || !input.path ? null : sha256Of(input.path);
  hashing?.catch(() => undefined);
  const result = await runPipeline(hashing ? { ...input, sha256: 'pending' } : input, { registry });
  let profile: RecordsProfile | null = null;
  let stage: DuckDBConnection | null = null;
  try {
    if (result.records) {
      const plan = result.records;
      const table = result.preview.tables.find((t) => t.kind === 'exam_records');
      stage = await db.connect();
      const conn = stage;
      await stageRecords(conn, plan);
      profile = await profileRecords(conn, plan, registry, input.fileName, table?.key ?? 'records');
    }
    if (hashing) result.sha256 = result.preview.sha256 = await hashing;
    return await finishPreview(db, input, result, profile, stage);
  } catch (err) {
    cleanup({ ...result, stage });
    throw err;
  }
}

async function finishPreview(db: Db, input: PipelineInput, result: PipelineResult, profile: RecordsProfile | null, stage: DuckDBConnection | null): Promise<Prepared> {
  if (profile) {
    result.findings.unshift(...profile.findings);
    const rank = { error: 0, warning: 1, info: 2 } as const;
    result.findings.sort((a, b) => rank[a.severity] - rank[b.severity]);
    result.preview.findings = result.findings;
    result.preview.counts = { error: 0, warning: 0, info: 0 };
    for (const f of result.findings) result.preview.counts[f.severity]++;
    result.preview.ok = result.preview.counts.error === 0;
    result.preview.rowCounts.exam_records = profile.rows;
    result.preview.records = { rows: profile.rows, certificates: profile.certificates.map((c) => ({ printed: c.printed, rows: c.rows, certificate: c.certificate })), keyColumn: result.preview.records?.keyColumn ?? '' };
  }
  const duplicateOf = await findBySha(db, result.sha256);
  const overlaps = await db.withConnection((conn) => findOverlaps(conn, result.facts, duplicateOf?.id ?? null));
  if (overlaps.length > 0) {
    result.findings = sortBySeverity([...result.findings, ...overlapFindings(overlaps, input.fileName)]);
    result.preview.findings = result.findings;
    result.preview.counts = { error: 0, warning: 0, info: 0 };
    for (const f of result.findings) result.preview.counts[f.severity]++;
  }
  result.preview.overlaps = overlaps;
  return { ...result, profile, stage, duplicateOf, overlaps };
}

export interface CommitMeta {
  importedBy: string;
  replace: boolean;
  note?: string | null;
  /** Defaults to restricted: only the scope of its rows sees a new import until it is published. */
  visibility?: Visibility;
  /** What to do with committed imports that hold the same facts: required when there are any. */
  overlap?: OverlapChoice | null;
  /** Why both are kept (overlap=keep), recorded on the import. */
  reason?: string | null;
}

export interface Committed {
  id: number;
  replaced: number | null;
  /** Earlier imports replaced because they overlapped (overlap=replace). */
  overlapReplaced: number[];
  rowCounts: Record<string, number>;
}

async function duplicateIn(conn: DuckDBConnection, sha256: string, replace: boolean): Promise<number | null> {
  const row = (await conn.runAndReadAll(sqlFile('import_by_sha'), { sha256 })).getRowObjectsJS()[0];
  if (!row) return null;
  const dup = { id: Number(row.id), file_name: String(row.file_name), kind: String(row.kind), imported_at: row.imported_at === null ? null : String(row.imported_at) };
  if (!replace) throw importErrors.duplicate(dup);
  if (dup.kind === SEED_KIND) throw seedLocked(dup.id);
  return dup.id;
}

/** Writes a prepared import (see the top of this file), or throws (422/409) and leaves no trace. */
export async function commitImport(db: Db, prepared: Prepared, meta: CommitMeta): Promise<Committed> {
  try {
    if (prepared.findings.some((f) => f.severity === 'error')) throw importErrors.hasErrors(prepared.findings, prepared.preview.missing);
    return await writes.run(async () => {
      const id = await db.transaction(async (conn) => {
        await duplicateIn(conn, prepared.sha256, meta.replace);
        return insertImportRow(conn, { file_name: prepared.preview.fileName, sha256: prepared.sha256, kind: prepared.kind, imported_by: meta.importedBy, note: meta.note ?? prepared.preview.title, visibility: meta.visibility ?? 'restricted' }, 'pending', 0);
      });
      try {
        // On the staging connection when there is one: its temporary table holds the candidate records.
        return await db.transaction(async (conn) => {
          // Looked up again inside this transaction: what it replaces is what it deletes.
          const replaced = await duplicateIn(conn, prepared.sha256, meta.replace);
          if (replaced !== null) {
            await deleteImportRows(conn, replaced);
            await conn.run(sqlFile('import_set_status'), { status: 'replaced', id: replaced });
          }
          // Checked again inside the transaction: another commit may have landed since the preview.
          const overlaps = await findOverlaps(conn, prepared.facts, replaced);
          const overlapReplaced: number[] = [];
          if (overlaps.length > 0) {
            if (!meta.overlap) throw overlapErrors.needsChoice(overlaps);
            if (meta.overlap === 'keep' && !meta.reason) throw overlapErrors.needsReason();
            if (meta.overlap === 'replace') {
              for (const o of overlaps) {
                if (o.kind === SEED_KIND) throw seedLocked(o.id);
                await deleteImportRows(conn, o.id);
                await conn.run(sqlFile('import_set_status'), { status: 'replaced', id: o.id });
                overlapReplaced.push(o.id);
              }
            }
          }
          // The overlap is settled by the choice recorded on the import, not kept as a finding.
          const findings = prepared.findings.filter((f) => f.code !== 'overlaps_import').map(({ cell: _c, line: _l, ...f }) => f);
          await writeImportRows(conn, id, prepared.facts, findings);
          const rowCounts = { ...prepared.preview.rowCounts };
          let rows = rowCount(prepared.facts);
          if (prepared.records && prepared.profile) {
            const n = await insertRecords(conn, prepared.records, prepared.profile, id);
            rowCounts.exam_records = n;
            rows += n;
          }
          await recordImportScope(conn, id);
          await conn.run(sqlFile('import_finish'), {
            id,
            row_count: rows,
            overlap_choice: overlaps.length > 0 ? meta.overlap ?? null : null,
            overlap_reason: overlaps.length > 0 && meta.overlap === 'keep' ? meta.reason ?? null : null,
            overlap_imports: overlaps.length > 0 ? overlaps.map((o) => o.id).join(',') : null,
          });
          return { id, replaced, overlapReplaced, rowCounts };
        }, prepared.stage ?? undefined);
      } catch (err) {
        // The write rolled back; drop the reservation too (if this fails as well, the next start does it).
        await db.query(sqlFile('import_discard'), { id }).catch(() => undefined);
        throw err;
      }
    });
  } finally {
    cleanup(prepared);
  }
}

function sortBySeverity<T extends { severity: Severity }>(findings: T[]): T[] {
  const rank = { error: 0, warning: 1, info: 2 } as const;
  return findings.map((f, i) => ({ f, i })).sort((a, b) => rank[a.f.severity] - rank[b.f.severity] || a.i - b.i).map(({ f }) => f);
}

/** Removes the temporary copies a candidate-level import made, and its staged rows (closing their connection drops them). */
export function cleanup(prepared: Pick<PipelineResult, 'records'> & { stage?: DuckDBConnection | null }): void {
  if (prepared.stage) {
    prepared.stage.closeSync();
    prepared.stage = null;
  }
  for (const dir of prepared.records?.temp ?? []) rmSync(dir, { recursive: true, force: true });
}

export async function undoImport(db: Db, id: number): Promise<{ id: number; status: 'undone'; removed: Record<string, number> }> {
  return writes.run(() => db.transaction(async (conn) => {
    const row = (await conn.runAndReadAll(sqlFile('import_get'), { id })).getRowObjectsJS()[0];
    if (!row) throw new AppError(404, 'import_not_found', `No import with id ${id}`, `没有编号为 ${id} 的导入`, { import_id: id });
    if (String(row.kind) === SEED_KIND) throw seedLocked(id);
    if (String(row.status) !== 'committed') throw new AppError(409, 'import_not_committed', `Import ${id} is already ${row.status}`, `导入 #${id} 已是“${STATUS_ZH[String(row.status)] ?? String(row.status)}”状态`, { import_id: id });
    const counts = (await conn.runAndReadAll(sqlFile('import_row_counts'), { id })).getRowObjectsJS();
    await deleteImportRows(conn, id);
    await conn.run(sqlFile('import_set_status'), { status: 'undone', id });
    return { id, status: 'undone' as const, removed: Object.fromEntries(counts.map((c) => [String(c.table_name), Number(c.rows)])) };
  }));
}
