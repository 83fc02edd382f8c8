import { describe, expect, it } from 'vitest';
import { completionSchema, consoleHref, paramText, paramValue, paramsFor, readConsoleLink, sqlPreview, statementParams, tableCompletions, templateFromNamedQuery } from './query-text';

describe('statementParams', () => {
  it.each([
    ['SELECT * FROM exam_results WHERE year = $year AND level = $level', ['year', 'level']],
    ["SELECT '$notaparam', $x -- $y", ['x']],
    ['SELECT 1', []],
  ])('%j → %j', (sql, names) => expect(statementParams(sql)).toEqual(names));
});

describe('paramValue / paramText', () => {
  it.each([
    ['2020', 2020],
    ['-1.5', -1.5],
    ['', null],
    ['   ', null],
    ['true', true],
    ['"2020"', '2020'],
    ["'浙江'", '浙江'],
    ['广州城市职业学院', '广州城市职业学院'],
    ['12345678901234567890', '12345678901234567890'],
  ])('%j → %j', (text, value) => expect(paramValue(text)).toEqual(value));
  it.each([
    [2020, '2020'],
    ['2020', '"2020"'],
    ['浙江', '浙江'],
    [null, ''],
    [true, 'true'],
  ])('%j is typed back as %j (and reads the same)', (value, text) => {
    expect(paramText(value)).toBe(text);
    expect(paramValue(text)).toEqual(value);
  });
  it('paramsFor sends exactly the statement\'s parameters', () => {
    expect(paramsFor('SELECT $a, $b', { a: '1', c: 'x' })).toEqual({ a: 1, b: null });
  });
});

describe('console links', () => {
  it.each([
    ['q=SELECT+1', { sql: 'SELECT 1' }],
    ['saved=12', { saved: 12 }],
    ['saved=abc&q=SELECT+2', { sql: 'SELECT 2' }],
    ['q=SELECT+%24y&p.y=2020', { sql: 'SELECT $y', params: { y: '2020' } }],
    ['', null],
    ['q=%20', null],
  ])('?%s → %j', (search, link) => expect(readConsoleLink(new URLSearchParams(search))).toEqual(link));
  it('round trip, with Chinese and line breaks', () => {
    const sql = "SELECT *\nFROM certificates WHERE name = '智能财税'";
    const href = consoleHref(sql, { y: '2020', empty: '' });
    expect(href.startsWith('/sql?q=')).toBe(true);
    expect(readConsoleLink(new URL(href, 'http://x').searchParams)).toEqual({ sql, params: { y: '2020' } });
  });
});

describe('templateFromNamedQuery', () => {
  it('drops the header, says where it came from, leaves parameters empty', () => {
    const t = templateFromNamedQuery({
      name: 'pass_rate_by_certificate',
      title: '各证书通过率',
      description: '…',
      params: [{ name: 'year', type: 'integer', label: '年份' }],
      sql: '-- @title 各证书通过率\n-- @param year integer 年份\n-- @column certificate VARCHAR 证书\nSELECT 1 WHERE $year IS NULL',
    });
    expect(t.sql).toBe('-- 模板：各证书通过率（命名查询 pass_rate_by_certificate）\n-- 参数（留空 = 不筛选）：$year 年份\nSELECT 1 WHERE $year IS NULL');
    expect(t.params).toEqual({ year: '' });
  });
});

describe('completion schema', () => {
  const tables = [{ name: 'exam_results', comment: '考核结果', rowCount: 1234, columns: [{ name: 'candidates', type: 'INTEGER', nullable: false, samples: ['335', '100'] }] }];
  it('columns per table with type and samples', () => {
    expect(completionSchema(tables)).toEqual({ exam_results: [{ label: 'candidates', type: 'property', detail: 'INTEGER', info: '例：335、100' }] });
  });
  it('tables with size and comment', () => {
    expect(tableCompletions(tables)).toEqual([{ label: 'exam_results', type: 'type', detail: '1,234 行', info: '考核结果' }]);
  });
});

describe('sqlPreview', () => {
  it.each([
    ['-- 模板：x\n-- 参数\nSELECT *\n  FROM t', 'SELECT * FROM t'],
    ['SELECT 1', 'SELECT 1'],
    ['-- only a comment', '-- only a comment'],
  ])('%j → %j', (sql, preview) => expect(sqlPreview(sql)).toBe(preview));
});
