/**
 * The `-- @scope` and `-- @peers` headers of named queries, and the boot-time
 * check that a query narrows what it reads (issue 10).
 *
 *   -- @scope school      reads school-level rows or imports through <table>_in($scope)
 *   -- @scope province    reads only province-level rows (training_quotas_in, training_programmes_in)
 *   -- @scope benchmark   compares over the whole province: exam_results_benchmark($scope);
 *                         schools outside the scope are shown as 院校 A, 院校 B …
 *   -- @scope none        reference tables only (schools, certificates, regions, aliases)
 *   -- @peers id=school_id label=school province=province hide=city,school_type
 *                         (benchmark queries that output schools: which columns name one)
 *
 * The check is mechanical, so no query can forget the scope: a fact table,
 * the import log or a service table named anywhere in the SQL (outside
 * comments, string literals included, so `query_table('exam_results')` fails
 * too) refuses the boot; every scoped table macro must be called with exactly
 * `$scope`; and the declared kind must be the one the macros used imply.
 */
import { maskSql } from './sql-text.js';
import type { PeerSpec } from './scope.js';

export const SCOPE_KINDS = ['school', 'province', 'benchmark', 'none'] as const;
export type ScopeKind = (typeof SCOPE_KINDS)[number];

/** Tables a named query may never name: it reads them through their macro, or not at all. */
export const PROTECTED_TABLES = [
  'exam_results', 'pilot_applications', 'teacher_training', 'stated_totals', 'exam_records',
  'training_quotas', 'training_programmes', 'training_offers', 'findings', 'imports',
  'users', 'admin_account', 'sql_audit', 'saved_queries', 'meta',
] as const;

/** Candidate-level records and the service's own tables: no named query reads them at all. */
const NEVER_READ = new Set<string>(['exam_records', 'users', 'admin_account', 'sql_audit', 'saved_queries', 'meta']);

const MACRO_LEVEL: Record<string, Exclude<ScopeKind, 'none'>> = {
  exam_results_in: 'school',
  pilot_applications_in: 'school',
  teacher_training_in: 'school',
  stated_totals_in: 'school',
  schools_in: 'school',
  findings_in: 'school',
  imports_in: 'school',
  training_offers_in: 'school',
  training_quotas_in: 'province',
  training_programmes_in: 'province',
  exam_results_benchmark: 'benchmark',
};

/** The SQL without its comments (string literals kept: a table named in one is still read). */
export function stripComments(sql: string): string {
  const masked = maskSql(sql);
  let out = '';
  let inQuote: string | null = null;
  for (let i = 0; i < sql.length; i++) {
    const c = sql[i]!;
    if (inQuote) {
      out += c;
      if (c === inQuote) inQuote = null;
    } else if (masked[i] !== c) {
      // maskSql keeps quote characters and blanks comments: outside quotes a blanked character is a comment.
      out += c === '\n' ? c : ' ';
    } else {
      if (c === "'" || c === '"') inQuote = c;
      out += c;
    }
  }
  return out;
}

export function parsePeers(rest: string, fail: (problem: string) => never): PeerSpec {
  const fields = Object.fromEntries(rest.trim().split(/\s+/).map((kv) => kv.split('=') as [string, string]));
  const known = new Set(['id', 'label', 'province', 'hide']);
  for (const k of Object.keys(fields)) if (!known.has(k)) fail(`@peers has unknown field "${k}" (id=, label=, province=, hide=)`);
  if (!fields.id || !fields.label) fail('@peers needs id=<school id column> and label=<school name column>');
  return { id: fields.id!, label: fields.label!, province: fields.province ?? null, hide: fields.hide ? fields.hide.split(',').filter(Boolean) : [] };
}

/** Throws (via fail) when the query's SQL does not match its declared scope. */
export function checkScope(
  sql: string,
  scope: ScopeKind | null,
  peers: PeerSpec | null,
  columns: string[],
  fail: (problem: string) => never,
): void {
  if (!scope) fail(`missing "-- @scope" header (one of ${SCOPE_KINDS.join(', ')}); a query reading data declares how it is narrowed`);
  const code = stripComments(sql);
  for (const t of PROTECTED_TABLES) {
    const never = NEVER_READ.has(t);
    // A never-read table may not appear even as a prefix (exam_records_in is no way around it).
    if (new RegExp(`\\b${t}${never ? '' : '\\b'}`, 'i').test(code)) {
      fail(never
        ? `names ${t}, which named queries may not read`
        : `reads ${t} directly; read ${t === 'exam_results' ? 'exam_results_in($scope) (or exam_results_benchmark($scope))' : `${t}_in($scope)`} so the principal's scope applies`);
    }
  }
  const masked = maskSql(sql);
  const levels = new Set<string>();
  for (const m of masked.matchAll(/\b([a-z_]+(?:_in|_benchmark))\s*\(([^)]*)\)/gi)) {
    const name = m[1]!.toLowerCase();
    const level = MACRO_LEVEL[name];
    if (!level) continue;
    if (m[2]!.trim() !== '$scope') fail(`calls ${name}(${m[2]!.trim()}); scoped tables take exactly ($scope)`);
    levels.add(level);
  }
  const expected: ScopeKind = levels.has('benchmark') ? 'benchmark' : levels.has('school') ? 'school' : levels.has('province') ? 'province' : 'none';
  if (scope === 'none' && /\$scope\b/.test(masked)) fail('declares @scope none but uses $scope');
  if (scope !== expected) {
    fail(expected === 'none'
      ? `declares @scope ${scope} but reads no scoped table (<table>_in($scope)); use @scope none for reference data`
      : `declares @scope ${scope} but reads ${[...levels].join(' and ')}-level rows: declare @scope ${expected}`);
  }
  if (scope === 'benchmark' && !peers && (columns.includes('school') || columns.includes('school_id'))) {
    fail('a benchmark query that outputs schools must say which columns name one: -- @peers id=school_id label=school …');
  }
  if (peers) {
    if (scope !== 'benchmark') fail('@peers is for @scope benchmark queries');
    for (const c of [peers.id, peers.label, ...(peers.province ? [peers.province] : []), ...peers.hide]) {
      if (!columns.includes(c)) fail(`@peers names column ${c}, which no @column declares`);
    }
  }
}
