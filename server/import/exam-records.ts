/**
 * Candidate-level exam records (one row per candidate) go from the CSV file
 * into `exam_records` through DuckDB's own reader — never row by row through
 * JS. The file is read once, into a temporary table of the connection that
 * previews and then commits the import (stageRecords); a profile of that
 * table finds the distinct certificates, results, levels, schools and years;
 * those few values are resolved here through the registry; then one
 * INSERT … SELECT FROM the staged table writes every row with its salted
 * pseudonymous student key (SHA-256 in DuckDB).
 */
import { randomBytes } from 'node:crypto';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Registry } from '../domain/registry.js';
import { makeFinding } from '../domain/findings-registry.js';
import { sqlFile } from '../lib/sql-files.js';
import type { RecordsPlan } from './pipeline.js';
import type { ImportFinding } from './types.js';

export const SALT_KEY = 'student_key_salt';

const PASS = new Set(['通过', '合格', '已通过', '是', 'y', 'yes', 'true', '1', 'pass', 'passed', '√', '✓']);
const FAIL = new Set(['不通过', '未通过', '不合格', '否', 'n', 'no', 'false', '0', 'fail', 'failed', '×', '✗']);

export interface RecordsProfile {
  rows: number;
  certificates: { printed: string; rows: number; certificate: string | null; certificate_id: number | null; level: string | null }[];
  results: { printed: string; passed: boolean }[];
  schools: { printed: string; school_id: number }[];
  findings: ImportFinding[];
}

function bind(plan: RecordsPlan): Record<string, string | number> {
  const c = plan.columns;
  return {
    path: plan.csvPath,
    skip: plan.skip,
    delim: plan.delimiter,
    key_col: c.key,
    certificate_col: c.certificate,
    level_col: c.level,
    major_col: c.major,
    score_col: c.score,
    result_col: c.result,
    school_col: c.school,
    year_col: c.year,
  };
}

/** Reads the file once into the connection's temporary `records_stage` (records_stage.sql). */
export async function stageRecords(conn: DuckDBConnection, plan: RecordsPlan): Promise<void> {
  await conn.run(sqlFile('records_stage'), bind(plan));
}

/** One scan of the staged rows: what must be resolved, and what cannot be imported. */
export async function profileRecords(conn: DuckDBConnection, plan: RecordsPlan, registry: Registry, sourceFile: string, tableKey: string): Promise<RecordsProfile> {
  const rows = (await conn.runAndReadAll(sqlFile('records_profile'))).getRowObjectsJS();
  const findings: ImportFinding[] = [];
  const at = (column: number, printed: string | null = null) => ({ source_file: sourceFile, source_table: tableKey, source_row: null, source_column: plan.header[column - 1] ?? null, printed_value: printed, expected_value: null, cell: { table: tableKey, row: -1, col: column > 0 ? column - 1 : null } });
  const sum = (pick: (r: Record<string, unknown>) => number) => rows.reduce((n, r) => n + pick(r), 0);
  const values = (what: 'certificate' | 'result' | 'level' | 'school' | 'year') => {
    if (plan.columns[what] === 0) return [];
    const by = new Map<string, number>();
    for (const r of rows) {
      const v = r[what];
      const key = v === null || v === undefined ? '' : String(v);
      by.set(key, (by.get(key) ?? 0) + Number(r.n));
    }
    return [...by].map(([value, n]) => ({ value, n }));
  };
  const count = (what: 'rows' | 'missing_key' | 'bad_score') => sum((r) => Number(what === 'rows' ? r.n : r[what]));

  const total = count('rows');
  const missingKey = count('missing_key');
  if (missingKey > 0) findings.push({ ...makeFinding('missing_student_key', { rows: missingKey, column: plan.header[plan.columns.key - 1] ?? '' }), ...at(plan.columns.key) });
  const badScore = count('bad_score');
  if (badScore > 0) findings.push({ ...makeFinding('unreadable_score', { rows: badScore }), ...at(plan.columns.score) });

  const certificates: RecordsProfile['certificates'] = [];
  if (plan.columns.certificate > 0) {
    for (const { value, n } of values('certificate')) {
      if (value === '') {
        findings.push({ ...makeFinding('missing_value', { where: `${n} 行`, column: '证书' }), ...at(plan.columns.certificate) });
        continue;
      }
      const res = registry.resolver.resolve(value);
      if (res.ok) {
        certificates.push({ printed: value, rows: n, certificate: registry.certificateName(res.certificateId), certificate_id: res.certificateId, level: res.level });
      } else {
        certificates.push({ printed: value, rows: n, certificate: null, certificate_id: null, level: null });
        findings.push({ ...makeFinding('unknown_certificate', { printed: value, rows: `${n} 行`, hint: res.suggestions.map((s) => s.name).join('、') }), ...at(plan.columns.certificate, value) });
      }
    }
  }
  const results: RecordsProfile['results'] = [];
  for (const { value, n } of values('result')) {
    if (value === '') continue;
    const k = value.normalize('NFKC').trim().toLowerCase();
    if (PASS.has(k)) results.push({ printed: value, passed: true });
    else if (FAIL.has(k)) results.push({ printed: value, passed: false });
    else findings.push({ ...makeFinding('unreadable_result', { value, rows: `${n} 行` }), ...at(plan.columns.result, value) });
  }
  for (const { value, n } of values('level')) {
    if (value !== '' && !/^[初中高]级?$/u.test(value)) findings.push({ ...makeFinding('invalid_level_ignored', { value, rows: `${n} 行` }), ...at(plan.columns.level, value) });
  }
  const schools: RecordsProfile['schools'] = [];
  for (const { value, n } of values('school')) {
    if (value === '') {
      if (plan.schoolId === null) findings.push({ ...makeFinding('missing_context', { field: '学校', detail: `${n} 行没有学校，且未指定学校` }), ...at(plan.columns.school) });
      continue;
    }
    const id = /^\d+$/u.test(value) ? undefined : registry.schoolId(value);
    if (id === undefined) findings.push({ ...makeFinding('unknown_school', { name: value, rows: `${n} 行`, hint: '' }), ...at(plan.columns.school, value) });
    else schools.push({ printed: value, school_id: id });
  }
  for (const { value, n } of values('year')) {
    if (value === '' ? plan.year === null : !/^(19|20)\d{2}$/.test(value)) findings.push({ ...makeFinding('invalid_year', { where: `${n} 行`, value }), ...at(plan.columns.year, value) });
  }
  if (total === 0) findings.push({ ...makeFinding('no_facts', { reason: '文件中没有考生记录' }), ...at(0) });
  return { rows: total, certificates, results, schools, findings };
}

/** The database's pseudonymisation salt, created once. */
export async function studentKeySalt(conn: DuckDBConnection): Promise<string> {
  await conn.run(sqlFile('meta_init'), { key: SALT_KEY, value: randomBytes(32).toString('hex') });
  const rows = (await conn.runAndReadAll(sqlFile('meta_get'), { key: SALT_KEY })).getRowObjectsJS();
  return String(rows[0]!.value);
}

/** Writes every staged record in one statement (on the connection that staged them); returns how many. */
export async function insertRecords(conn: DuckDBConnection, plan: RecordsPlan, profile: RecordsProfile, importId: number): Promise<number> {
  const salt = await studentKeySalt(conn);
  const result = await conn.run(sqlFile('records_insert'), {
    import_id: importId,
    school_id: plan.schoolId ?? -1,
    year: plan.year ?? -1,
    salt,
    certificates: JSON.stringify(profile.certificates.filter((c) => c.certificate_id !== null).map((c) => ({ printed: c.printed, certificate_id: c.certificate_id, level: c.level }))),
    results: JSON.stringify(profile.results),
    schools: JSON.stringify(profile.schools),
  });
  return Number(result.rowsChanged);
}
