import { describe, expect, it } from 'vitest';
import { nextSort, parseSort, sortRows, sortText, type GridRow } from './grid';

const row = (key: string, rate: number | null, name: string): GridRow => ({
  key,
  cells: { name: { text: name }, rate: { text: rate === null ? '—' : `${rate}`, sort: rate } },
});
const rows = [row('a', 0.6, '乙'), row('b', null, '甲'), row('c', 0.94, '丙'), row('d', 0.6, '丁')];

describe('sortable table', () => {
  it('sorts numbers numerically, missing values last in either direction, ties keep their order', () => {
    expect(sortRows(rows, { key: 'rate', dir: 'desc' }).map((r) => r.key)).toEqual(['c', 'a', 'd', 'b']);
    expect(sortRows(rows, { key: 'rate', dir: 'asc' }).map((r) => r.key)).toEqual(['a', 'd', 'c', 'b']);
    expect(sortRows(rows, null).map((r) => r.key)).toEqual(['a', 'b', 'c', 'd']);
  });
  it('sorts text in zh-CN (pinyin) order', () => {
    expect(sortRows(rows, { key: 'name', dir: 'asc' }).map((r) => r.cells.name!.text)).toEqual(['丙', '丁', '甲', '乙']);
  });
  it.each([
    ['rate-desc', { key: 'rate', dir: 'desc' }],
    ['name-asc', { key: 'name', dir: 'asc' }],
    ['colour-asc', null],
    ['rate-up', null],
    ['', null],
  ] as const)('parseSort(%j)', (text, sort) => {
    expect(parseSort(text, ['rate', 'name'])).toEqual(sort);
    if (sort) expect(sortText(sort)).toBe(text);
  });
  it('a new numeric column starts descending, text ascending; the same column flips', () => {
    expect(nextSort(null, { key: 'rate', label: '通过率', numeric: true })).toEqual({ key: 'rate', dir: 'desc' });
    expect(nextSort(null, { key: 'name', label: '学校' })).toEqual({ key: 'name', dir: 'asc' });
    expect(nextSort({ key: 'rate', dir: 'desc' }, { key: 'rate', label: '通过率', numeric: true })).toEqual({ key: 'rate', dir: 'asc' });
  });
});
