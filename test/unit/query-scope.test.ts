/**
 * The boot-time scope check of named queries (issue 10): a query that reads a
 * fact table without narrowing it to the principal never loads.
 */
import { describe, expect, it } from 'vitest';
import { loadQueryDirectory, parseNamedQuery } from '../../server/lib/query-registry.js';
import { stripComments } from '../../server/lib/query-scope.js';
import { readConfig } from '../../server/config.js';

const q = (scope: string, sql: string, extra = '') => `-- @title T\n${scope ? `-- @scope ${scope}\n` : ''}${extra}-- @column school VARCHAR 学校\n-- @column n INTEGER N\n${sql}`;

describe('-- @scope: every read is narrowed', () => {
  it.each([
    ['', 'SELECT 1 AS n', /missing "-- @scope" header/],
    ['school', 'SELECT count(*) AS n FROM exam_results', /reads exam_results directly; read exam_results_in\(\$scope\)/],
    ['school', 'SELECT count(*) AS n FROM main.pilot_applications a', /reads pilot_applications directly/],
    ['school', `SELECT count(*) AS n FROM query_table('teacher_training')`, /reads teacher_training directly/],
    ['school', 'SELECT count(*) AS n FROM "exam_results"', /reads exam_results directly/],
    ['school', 'SELECT count(*) AS n FROM exam_records_in($scope)', /names exam_records, which named queries may not read/],
    ['none', 'SELECT username AS school FROM users', /names users/],
    ['school', 'SELECT count(*) AS n FROM exam_results_in(NULL)', /calls exam_results_in\(NULL\); scoped tables take exactly \(\$scope\)/],
    ['school', 'SELECT count(*) AS n FROM exam_results_in({all: true})', /scoped tables take exactly/],
    ['none', 'SELECT count(*) AS n FROM exam_results_in($scope)', /declares @scope none but uses \$scope/],
    ['province', 'SELECT count(*) AS n FROM exam_results_in($scope)', /declare @scope school/],
    ['school', 'SELECT count(*) AS n FROM training_quotas_in($scope)', /declare @scope province/],
    ['school', 'SELECT name AS school FROM schools', /reads no scoped table/],
    ['school', 'SELECT count(*) AS n FROM exam_results_benchmark($scope)', /declare @scope benchmark/],
    ['benchmark', 'SELECT s.name AS school, count(*) AS n FROM exam_results_benchmark($scope) e JOIN schools s ON s.id = e.school_id GROUP BY 1', /must say which columns name one: -- @peers/],
    ['bogus', 'SELECT 1 AS n', /@scope must be one of school, province, benchmark, none/],
  ])('@scope %j with %j is refused', (scope, sql, error) => {
    expect(() => parseNamedQuery('bad', q(scope, sql))).toThrow(error);
  });

  it('accepts scoped reads, and names in comments are not reads', () => {
    const ok = parseNamedQuery('ok', q('school', '-- not exam_results itself\nSELECT s.name AS school, count(*) AS n FROM exam_results_in($scope) e JOIN schools s ON s.id = e.school_id GROUP BY 1 /* findings */'));
    expect(ok.scope).toBe('school');
    expect(ok.params).toEqual([]);
    expect(parseNamedQuery('ref', q('none', 'SELECT name AS school, id AS n FROM schools')).scope).toBe('none');
  });

  it('@peers names declared columns and belongs to benchmarks', () => {
    const sql = 'SELECT s.name AS school, count(*) AS n FROM exam_results_benchmark($scope) e JOIN schools s ON s.id = e.school_id GROUP BY 1';
    expect(() => parseNamedQuery('b', q('benchmark', sql, '-- @peers id=school_id label=school\n'))).toThrow(/@peers names column school_id, which no @column declares/);
    const b = parseNamedQuery('b', q('benchmark', sql, '-- @peers id=n label=school hide=n\n'));
    expect(b.peers).toEqual({ id: 'n', label: 'school', province: null, hide: ['n'] });
    expect(() => parseNamedQuery('c', q('school', 'SELECT count(*) AS n FROM exam_results_in($scope)', '-- @peers id=n label=school\n'))).toThrow(/@peers is for @scope benchmark/);
  });

  it('$scope is the principal, never a declared parameter', () => {
    expect(() => parseNamedQuery('p', q('school', 'SELECT count(*) AS n FROM exam_results_in($scope)', '-- @param scope text S\n'))).toThrow(/\$scope is bound from the principal/);
  });

  it('stripComments keeps strings, blanks comments (quotes inside comments included)', () => {
    expect(stripComments("SELECT 'a -- b' -- it's exam_results\n, 1 /* x */")).toBe("SELECT 'a -- b'                     \n, 1        ");
  });

  it('every shipped query declares its scope; the comparisons are benchmarks with peers', () => {
    const all = loadQueryDirectory(readConfig().queriesDir);
    expect([...all.values()].filter((x) => x.scope === 'benchmark').map((x) => x.name).sort()).toEqual(['funnel_dispersion', 'funnel_limits', 'funnel_names', 'funnel_points', 'school_benchmark', 'school_comparison']);
    expect(all.get('school_comparison')!.peers).toEqual({ id: 'school_id', label: 'school', province: 'province', hide: ['city', 'school_type'] });
  });
});
