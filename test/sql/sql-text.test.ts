/** Pure helpers of the SQL console: SQL text, limits. */
import { describe, expect, it } from 'vitest';
import { explainedStatement, fillSql, firstKeyword, quoteIdent, quoteLiteral, statementStarts } from '../../server/lib/sql-text.js';
import { isReadOnlyKeyword, readSqlLimits, rowCaps, rowLimitFor } from '../../server/lib/sql-guard.js';

describe('quoteIdent / quoteLiteral / fillSql', () => {
  it.each([
    ['exam_results', '"exam_results"'],
    ['a"b', '"a""b"'],
    ['名称', '"名称"'],
  ])('quoteIdent(%j) → %s', (name, quoted) => expect(quoteIdent(name)).toBe(quoted));
  it.each([
    ['/tmp/x.parquet', "'/tmp/x.parquet'"],
    ["/tmp/it's", "'/tmp/it''s'"],
  ])('quoteLiteral(%j) → %s', (text, quoted) => expect(quoteLiteral(text)).toBe(quoted));
  it('fills placeholders and refuses a missing one', () => {
    expect(fillSql('DROP TABLE {{s}}.main.{{t}}', { s: '"snap"', t: '"x"' })).toBe('DROP TABLE "snap".main."x"');
    expect(() => fillSql('SELECT {{nope}}', {})).toThrow(/nope/);
  });
});

describe('firstKeyword', () => {
  it.each([
    ['select 1', 'SELECT'],
    ['  -- note\n/* more */ WITH x AS (select 1) select * from x', 'WITH'],
    ['(SELECT 1) UNION ALL (SELECT 2)', 'SELECT'],
    ['from exam_results', 'FROM'],
    ['pragma version', 'PRAGMA'],
    ["'select' as x", ''],
    ['', ''],
  ])('%j → %j', (sql, keyword) => expect(firstKeyword(sql)).toBe(keyword));
});

describe('explainedStatement', () => {
  it.each([
    ['EXPLAIN SELECT 1', 'SELECT 1'],
    ['explain analyze select 1', 'select 1'],
    ['EXPLAIN (FORMAT json) SELECT 1', 'SELECT 1'],
    ['-- c\nEXPLAIN ANALYZE CREATE TABLE t AS SELECT 1', 'CREATE TABLE t AS SELECT 1'],
    ['SELECT 1', null],
  ])('%j → %j', (sql, inner) => expect(explainedStatement(sql)).toBe(inner));
});

describe('statementStarts', () => {
  it.each([
    ['select 1', [0]],
    ['select 1; select 2', [0, 10]],
    ['select 1 -- ; not a split\n; drop table t', [0, 28]],
    ["select ';' ; x", [0, 13]],
    ['select 1; /* only a comment */', [0]],
  ])('%j → %j', (sql, starts) => expect(statementStarts(sql)).toEqual(starts));
});

describe('read-only keywords', () => {
  it.each([
    ['SELECT', true], ['with', true], ['VALUES', true], ['PIVOT', true], ['UNPIVOT', true], ['DESCRIBE', true], ['SHOW', true], ['SUMMARIZE', true], ['EXPLAIN', true], ['FROM', true],
    ['COPY', false], ['ATTACH', false], ['INSTALL', false], ['LOAD', false], ['SET', false], ['PRAGMA', false], ['RESET', false], ['CREATE', false], ['INSERT', false], ['UPDATE', false], ['DELETE', false], ['DROP', false], ['ALTER', false], ['EXPORT', false], ['CALL', false],
  ])('%s → %s', (keyword, ok) => expect(isReadOnlyKeyword(keyword)).toBe(ok));
});

describe('limits', () => {
  const limits = readSqlLimits({});
  it('defaults: 10 s, 100 000 rows for JSON and the grid, 1 000 000 for downloads, 200 000 for XLSX, 2 running per user, 2 exports at once and 8 waiting', () => {
    expect(limits).toEqual({ timeoutMs: 10_000, maxRows: 100_000, exportMaxRows: 1_000_000, memoryLimit: '1GB', threads: 2, maxRunningPerUser: 2, xlsxMaxRows: 200_000, exportsRunning: 2, exportsQueued: 8 });
  });
  it('from the environment', () => {
    expect(readSqlLimits({ XPILOT_SQL_TIMEOUT_MS: '2500', XPILOT_SQL_MEMORY_LIMIT: '512MB' })).toMatchObject({ timeoutMs: 2500, memoryLimit: '512MB' });
    expect(() => readSqlLimits({ XPILOT_SQL_TIMEOUT_MS: 'soon' })).toThrow(/XPILOT_SQL_TIMEOUT_MS/);
    expect(() => readSqlLimits({ XPILOT_SQL_MEMORY_LIMIT: 'lots' })).toThrow(/XPILOT_SQL_MEMORY_LIMIT/);
  });
  it.each([
    ['json', undefined, 100_000],
    ['json', 5_000_000, 100_000],
    ['json', 10, 10],
    ['arrow', undefined, 100_000],
    ['arrow', 1_000_000, 1_000_000],
    ['arrow', 5_000_000, 1_000_000],
    ['csv', undefined, 1_000_000],
    ['parquet', undefined, 1_000_000],
    ['xlsx', undefined, 200_000],
  ] as const)('%s asking %s → %i rows', (format, asked, rows) => expect(rowLimitFor(limits, format, asked)).toBe(rows));
  it('XLSX never exceeds Excel\'s 1 048 575 data rows', () => {
    expect(rowCaps({ ...limits, exportMaxRows: 5_000_000, xlsxMaxRows: 5_000_000 }, 'xlsx')).toEqual({ default: 1_048_575, max: 1_048_575 });
    expect(readSqlLimits({ XPILOT_SQL_XLSX_MAX_ROWS: '5000000' }).xlsxMaxRows).toBe(1_048_575);
  });
});
