import { describe, expect, it } from 'vitest';
import { maskSql, namedParameters, splitStatements } from '../../server/lib/sql-text.js';

describe('namedParameters', () => {
  it.each([
    ['select * from t where y = $year and s = $school', ['year', 'school']],
    ["select '$notparam' as x, $real", ['real']],
    ['select 1 -- $commented\n, $after', ['after']],
    ['select /* $block */ $x, $x', ['x']],
    ["select 'it''s $hidden' , $y", ['y']],
    ['select "$quoted_ident", $z', ['z']],
  ])('%j → %j', (sql, expected) => expect(namedParameters(sql)).toEqual(expected));
});

describe('splitStatements', () => {
  it.each([
    ['select 1; select 2', ['select 1', ' select 2']],
    ["select ';' as semi", ["select ';' as semi"]],
    ['select 1 -- ; not a split\n', ['select 1 -- ; not a split\n']],
    ['select 1;', ['select 1']],
    ['select 1; /* only a comment */', ['select 1']],
    ['select 1 /* ; */; drop table t', ['select 1 /* ; */', ' drop table t']],
  ])('%j', (sql, expected) => expect(splitStatements(sql)).toEqual(expected));
});

describe('maskSql', () => {
  it('keeps offsets', () => {
    const sql = "select 'a--b' -- c\n, 1";
    expect(maskSql(sql)).toHaveLength(sql.length);
    expect(maskSql(sql)).toBe("select '    '     \n, 1");
  });
});
