/**
 * Facts of a new file that are already in the database from another import
 * (same school, year, certificate and level; or province, year, programme and
 * city for quotas): committing both would count them twice. The preview names
 * each earlier import and the rows; a commit must then say `replace` (the
 * earlier imports are replaced) or `keep` with a reason, recorded on the import.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { AppError } from '../lib/errors.js';
import { sqlFile } from '../lib/sql-files.js';
import type { FactSet } from '../domain/facts.js';
import { makeFinding } from '../domain/findings-registry.js';
import type { ImportFinding } from './types.js';

export type OverlapChoice = 'replace' | 'keep';

export interface Overlap {
  id: number;
  file_name: string;
  kind: string;
  imported_at: string | null;
  /** The new file's rows that overlap, in all. */
  rows: number;
  tables: { table: string; rows: number }[];
}

interface Key { t: string; a: string; y: number; c: string; l: string | null; b: string | null }

/** The overlap key of every fact row (see queries in server/sql/import_overlaps.sql). */
export function overlapKeys(facts: FactSet): Key[] {
  return [
    ...facts.exam_results.map((r) => ({ t: 'exam_results', a: String(r.school_id), y: r.year, c: String(r.certificate_id), l: r.level, b: null })),
    ...facts.pilot_applications.map((r) => ({ t: 'pilot_applications', a: String(r.school_id), y: r.year, c: String(r.certificate_id), l: r.level, b: r.batch })),
    ...facts.teacher_training.map((r) => ({ t: 'teacher_training', a: String(r.school_id), y: r.year, c: String(r.certificate_id), l: null, b: null })),
    ...facts.training_quotas.map((r) => ({ t: 'training_quotas', a: r.province, y: r.year, c: r.programme, l: r.city, b: null })),
    ...facts.training_programmes.map((r) => ({ t: 'training_programmes', a: r.province, y: r.year, c: String(r.certificate_id), l: null, b: null })),
  ];
}

export async function findOverlaps(conn: DuckDBConnection, facts: FactSet, exclude: number | null): Promise<Overlap[]> {
  const keys = overlapKeys(facts);
  if (keys.length === 0) return [];
  const rows = (await conn.runAndReadAll(sqlFile('import_overlaps'), { keys: JSON.stringify(keys), exclude })).getRowObjectsJS();
  const byId = new Map<number, Overlap>();
  for (const r of rows) {
    const id = Number(r.id);
    const o = byId.get(id) ?? { id, file_name: String(r.file_name), kind: String(r.kind), imported_at: r.imported_at === null ? null : String(r.imported_at), rows: 0, tables: [] };
    o.tables.push({ table: String(r.table_name), rows: Number(r.rows) });
    o.rows += Number(r.rows);
    byId.set(id, o);
  }
  return [...byId.values()];
}

const WHAT: Record<string, string> = {
  exam_results: '学校、年份、证书和等级',
  pilot_applications: '学校、年份、批次、证书和等级',
  teacher_training: '学校、年份和证书',
  training_quotas: '省份、年份、项目和设区市',
  training_programmes: '省份、年份和证书',
};

/** One warning per earlier import, for the preview's findings. */
export function overlapFindings(overlaps: Overlap[], sourceFile: string): ImportFinding[] {
  return overlaps.map((o) => makeFinding('overlaps_import', { id: o.id, file: o.file_name, rows: o.rows, what: [...new Set(o.tables.map((t) => WHAT[t.table] ?? t.table))].join('；') }, { source_file: sourceFile, printed_value: o.rows, expected_value: `#${o.id}` }));
}

const names = (overlaps: Overlap[]) => overlaps.map((o) => `#${o.id}“${o.file_name}”（${o.rows} 行）`).join('、');

export const overlapErrors = {
  needsChoice: (overlaps: Overlap[]) =>
    new AppError(409, 'overlap_needs_choice',
      `The file overlaps ${overlaps.map((o) => `import ${o.id} ("${o.file_name}", ${o.rows} rows)`).join(', ')}; send overlap=replace to replace ${overlaps.length > 1 ? 'them' : 'it'}, or overlap=keep with a reason`,
      `文件与已导入的数据重叠：${names(overlaps)}；请选择替换（overlap=replace），或保留两者并说明理由（overlap=keep，reason=…）`,
      { overlaps }),
  needsReason: () =>
    new AppError(400, 'invalid_params', 'Parameter "reason": keeping overlapping imports needs a reason (e.g. two batches)', '参数“reason”：保留重叠的导入须说明理由（如：两个批次）', { param: 'reason' }),
  badChoice: (value: string) =>
    new AppError(400, 'invalid_params', `Parameter "overlap": "${value}" is not replace or keep`, `参数“overlap”：“${value}”应为 replace（替换）或 keep（保留两者）`, { param: 'overlap' }),
};

/** `overlap` and `reason` as a form or the CLI gives them. */
export function parseOverlapChoice(overlap: string | null | undefined, reason: string | null | undefined): { overlap: OverlapChoice | null; reason: string | null } {
  const o = (overlap ?? '').trim().toLowerCase();
  const r = (reason ?? '').trim().slice(0, 500) || null;
  if (o === '') return { overlap: null, reason: r };
  if (o !== 'replace' && o !== 'keep') throw overlapErrors.badChoice(o);
  if (o === 'keep' && !r) throw overlapErrors.needsReason();
  return { overlap: o, reason: r };
}
