/**
 * Commit and undo. A commit is one transaction: the import row, its facts,
 * its findings and (for candidate-level files) its records land together or
 * not at all — a process killed half-way leaves the database as it was. The
 * same file (sha256) is refused unless replacing is asked for; undo removes
 * exactly one import's rows and marks it undone.
 */
import { rmSync } from 'node:fs';
import type { Db } from '../plugins/app/duckdb.js';
import { AppError } from '../lib/errors.js';
import { sqlFile } from '../lib/sql-files.js';
import { deleteImportRows, writeImport } from '../dataset/writer.js';
import { SEED_KIND } from '../dataset/ensure.js';
import type { Registry } from '../domain/registry.js';
import { importErrors } from './errors.js';
import { insertRecords, profileRecords, type RecordsProfile } from './exam-records.js';
import type { Severity } from '../domain/findings-registry.js';
import { findOverlaps, overlapErrors, overlapFindings, type Overlap, type OverlapChoice } from './overlaps.js';
import { runPipeline, type PipelineInput, type PipelineResult } from './pipeline.js';
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
  duplicateOf: ExistingImport | null;
  /** Committed imports holding facts this file holds too (the identical file excluded). */
  overlaps: Overlap[];
}

const seedLocked = (id: number) =>
  new AppError(409, 'seed_import_locked', `Import ${id} is the default dataset (maintained in data/); it cannot be undone or replaced`, `导入 #${id} 是默认数据集（由 data/ 维护），不能撤销或替换`, { import_id: id });

async function findBySha(db: Db, sha256: string): Promise<ExistingImport | null> {
  const row = (await db.query(sqlFile('import_by_sha'), { sha256 })).rows[0];
  return row ? { id: Number(row.id), file_name: String(row.file_name), kind: String(row.kind), imported_at: row.imported_at === null ? null : String(row.imported_at), imported_by: String(row.imported_by) } : null;
}

/** Runs the pipeline and, for candidate-level files, profiles the records in DuckDB. */
export async function prepareImport(db: Db, input: PipelineInput, registry: Registry): Promise<Prepared> {
  const result = await runPipeline(input, { registry });
  let profile: RecordsProfile | null = null;
  if (result.records) {
    const plan = result.records;
    const table = result.preview.tables.find((t) => t.kind === 'exam_records');
    profile = await db.withConnection((conn) => profileRecords(conn, plan, registry, input.fileName, table?.key ?? 'records'));
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
  return { ...result, profile, duplicateOf, overlaps };
}

export interface CommitMeta {
  importedBy: string;
  replace: boolean;
  note?: string | null;
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

/** Writes a prepared import in one transaction, or throws (422/409) and writes nothing. */
export async function commitImport(db: Db, prepared: Prepared, meta: CommitMeta): Promise<Committed> {
  try {
    if (prepared.findings.some((f) => f.severity === 'error')) throw importErrors.hasErrors(prepared.findings, prepared.preview.missing);
    return await writes.run(() => db.transaction(async (conn) => {
      const dupRow = (await conn.runAndReadAll(sqlFile('import_by_sha'), { sha256: prepared.sha256 })).getRowObjectsJS()[0];
      let replaced: number | null = null;
      if (dupRow) {
        const dup = { id: Number(dupRow.id), file_name: String(dupRow.file_name), kind: String(dupRow.kind), imported_at: dupRow.imported_at === null ? null : String(dupRow.imported_at) };
        if (!meta.replace) throw importErrors.duplicate(dup);
        if (dup.kind === SEED_KIND) throw seedLocked(dup.id);
        await deleteImportRows(conn, dup.id);
        await conn.run(sqlFile('import_set_status'), { status: 'replaced', id: dup.id });
        replaced = dup.id;
      }
      // Checked again inside the transaction: another commit may have landed since the preview.
      const overlaps = await findOverlaps(conn, prepared.facts, dupRow ? Number(dupRow.id) : null);
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
      const id = await writeImport(conn, {
        file_name: prepared.preview.fileName, sha256: prepared.sha256, kind: prepared.kind, imported_by: meta.importedBy, note: meta.note ?? prepared.preview.title,
        overlap_choice: overlaps.length > 0 ? meta.overlap ?? null : null,
        overlap_reason: overlaps.length > 0 && meta.overlap === 'keep' ? meta.reason ?? null : null,
        overlap_imports: overlaps.length > 0 ? overlaps.map((o) => o.id).join(',') : null,
      }, prepared.facts, findings);
      const rowCounts = { ...prepared.preview.rowCounts };
      if (prepared.records && prepared.profile) {
        const n = await insertRecords(conn, prepared.records, prepared.profile, id);
        await conn.run(sqlFile('import_add_rows'), { rows: n, id });
        rowCounts.exam_records = n;
      }
      return { id, replaced, overlapReplaced, rowCounts };
    }));
  } finally {
    cleanup(prepared);
  }
}

function sortBySeverity<T extends { severity: Severity }>(findings: T[]): T[] {
  const rank = { error: 0, warning: 1, info: 2 } as const;
  return findings.map((f, i) => ({ f, i })).sort((a, b) => rank[a.f.severity] - rank[b.f.severity] || a.i - b.i).map(({ f }) => f);
}

/** Removes the temporary copies a candidate-level import made. */
export function cleanup(prepared: Pick<PipelineResult, 'records'>): void {
  for (const dir of prepared.records?.temp ?? []) rmSync(dir, { recursive: true, force: true });
}

export async function undoImport(db: Db, id: number): Promise<{ id: number; status: 'undone'; removed: Record<string, number> }> {
  return writes.run(() => db.transaction(async (conn) => {
    const row = (await conn.runAndReadAll(sqlFile('import_get'), { id })).getRowObjectsJS()[0];
    if (!row) throw new AppError(404, 'import_not_found', `No import with id ${id}`, `没有编号为 ${id} 的导入`, { import_id: id });
    if (String(row.kind) === SEED_KIND) throw seedLocked(id);
    if (String(row.status) !== 'committed') throw new AppError(409, 'import_not_committed', `Import ${id} is already ${row.status}`, `导入 #${id} 已是“${row.status === 'undone' ? '已撤销' : '已替换'}”状态`, { import_id: id });
    const counts = (await conn.runAndReadAll(sqlFile('import_row_counts'), { id })).getRowObjectsJS();
    await deleteImportRows(conn, id);
    await conn.run(sqlFile('import_set_status'), { status: 'undone', id });
    return { id, status: 'undone' as const, removed: Object.fromEntries(counts.map((c) => [String(c.table_name), Number(c.rows)])) };
  }));
}
