import { describe, expect, it } from 'vitest';
import { loadQueryDirectory, parseNamedQuery } from '../../server/lib/query-registry.js';
import { readConfig } from '../../server/config.js';

const header = '-- @title T\n-- @scope none\n-- @column a INTEGER A\n';

describe('parseNamedQuery', () => {
  it('reads title, description, params and columns', () => {
    const q = parseNamedQuery('x', '-- @title 标题\n-- @scope none\n-- @description one\n-- @description two\n-- @param year integer 年份\n-- @column n INTEGER 数\nSELECT $year AS n');
    expect(q).toMatchObject({ name: 'x', title: '标题', description: 'one two', params: [{ name: 'year', type: 'integer', label: '年份' }], columns: [{ name: 'n', type: 'INTEGER', label: '数' }] });
  });
  it.each([
    ['SELECT 1', /missing "-- @title"/],
    ['-- @title T\n-- @scope none\nSELECT 1', /missing "-- @column"/],
    [`${header}SELECT $year`, /uses \$year but does not declare it/],
    [`${header}-- @param year integer\nSELECT 1`, /declares @param year but never uses \$year/],
    [`${header}-- @param year date\nSELECT $year`, /unknown type date/],
    [`${header}-- @param y integer\n-- @param y integer\nSELECT $y`, /twice/],
    [`${header}-- @colour red\nSELECT 1`, /unknown header key @colour/],
  ])('refuses %j', (sql, error) => expect(() => parseNamedQuery('bad', sql)).toThrow(error));
  it('ignores $name inside strings and comments', () => {
    expect(parseNamedQuery('ok', `${header}SELECT '$x' AS a -- $y`).params).toEqual([]);
  });
});

describe('queries/ as shipped', () => {
  it('every file parses and the required queries of DESIGN.md exist', () => {
    const names = [...loadQueryDirectory(readConfig().queriesDir).keys()];
    expect(names).toEqual(expect.arrayContaining([
      'pass_rate_by_certificate', 'pass_rate_by_certificate_level', 'trainees_by_college', 'city_quotas', 'school_comparison', 'data_findings',
    ]));
  });
});
