import { describe, expect, it } from 'vitest';
import { caretPosition, charWidth, classifyDuckdbError, codePointToUtf16, errorKind, errorText, lineColumn } from './sql-errors.js';

describe('charWidth', () => {
  it.each([
    ['a', 1],
    ['中', 2],
    ['，', 2],
    ['é', 1],
    ['𠀀', 2],
  ])('%s → %i', (ch, w) => expect(charWidth(ch.codePointAt(0)!)).toBe(w));
});

describe('lineColumn', () => {
  it.each([
    ['select 1', 0, { position: 0, line: 1, column: 1 }],
    ['select\n  x', 9, { position: 9, line: 2, column: 3 }],
    ['ab', 99, { position: 2, line: 1, column: 3 }],
  ])('%j @ %i', (sql, pos, expected) => expect(lineColumn(sql, pos)).toEqual(expected));
});

describe('codePointToUtf16', () => {
  it.each([
    ['abc', 2, 2],
    ['中文x', 2, 2],
    ['𠀀x', 1, 2],
    ['ab', 10, 2],
  ])('%j, %i code points → %i', (text, cp, expected) => expect(codePointToUtf16(text, cp)).toBe(expected));
});

/** What DuckDB prints: `LINE n: ` and a caret counted in display columns. */
const duck = (line: number, snippet: string, caretCols: number) => `Binder Error: x\n\nLINE ${line}: ${snippet}\n${' '.repeat(`LINE ${line}: `.length + caretCols)}^`;

describe('caretPosition', () => {
  it.each([
    ['ASCII', 'select zzz from t', duck(1, 'select zzz from t', 7), { position: 7, line: 1, column: 8 }],
    ['second line', 'select a,\n  zzz\nfrom t', duck(2, '  zzz', 2), { position: 12, line: 2, column: 3 }],
    ['after CJK (display width 2 each)', "select '中文' as 名, zzz", duck(1, "select '中文' as 名, zzz", 20), { position: 17, line: 1, column: 18 }],
    ['a cut snippet', `select ${'a, '.repeat(40)}zzz from t`, duck(1, `...${'a, '.repeat(20)}zzz from t`, 63), { position: 127, line: 1, column: 128 }],
  ])('%s', (_label, sql, message, expected) => expect(caretPosition(message, sql)).toEqual(expected));

  it('no LINE block → null', () => expect(caretPosition('Parser Error: syntax error at end of input', 'select')).toBeNull());
});

describe('errorKind / errorText', () => {
  it.each([
    ['Binder Error: Referenced column "x" not found\n\nLINE 1: ...', 'Binder', 'Referenced column "x" not found'],
    ['Out of Memory Error: failed to allocate', 'Out of Memory', 'failed to allocate'],
    ['INTERRUPT Error: Interrupted!', 'INTERRUPT', 'Interrupted!'],
    ['something odd', '', 'something odd'],
  ])('%j', (message, kind, text) => {
    expect(errorKind(message)).toBe(kind);
    expect(errorText(message)).toBe(text);
  });
});

describe('classifyDuckdbError', () => {
  it.each([
    ['Permission Error: Cannot access file "/etc/passwd"', 403, 'sql_forbidden', /不能访问文件/],
    ['Out of Memory Error: could not allocate', 422, 'sql_out_of_memory', /内存/],
    ['Parser Error: syntax error at or near "FORM"', 400, 'sql_error', /SQL 语法错误/],
    ['Catalog Error: Table with name nope does not exist!', 400, 'sql_error', /找不到表/],
    ['Conversion Error: Could not convert string', 400, 'sql_error', /类型转换失败/],
  ])('%j → %i %s', (message, status, code, zh) => {
    const info = classifyDuckdbError(message);
    expect(info).toMatchObject({ status, code });
    expect(info.messageZh).toMatch(zh);
  });
});
