import { describe, expect, it } from 'vitest';
import { columnOf } from '../../arrow';
import { cellText, columnWidths, nextSort, sortOrder, textUnits, visibleWindow } from './grid';

describe('visibleWindow', () => {
  it.each([
    [0, 280, 28, 100_000, { start: 0, end: 18, offset: 0 }],
    [2800, 280, 28, 100_000, { start: 92, end: 118, offset: 2576 }],
    [2_799_720, 280, 28, 100_000, { start: 99_982, end: 100_000, offset: 2_799_496 }],
    [0, 280, 28, 5, { start: 0, end: 5, offset: 0 }],
    [500, 280, 28, 0, { start: 0, end: 0, offset: 0 }],
    [-50, 280, 28, 100, { start: 0, end: 18, offset: 0 }],
  ])('scrollTop %i, viewport %i, row %i, %i rows', (top, height, row, total, expected) => expect(visibleWindow(top, height, row, total)).toEqual(expected));
});

describe('sortOrder', () => {
  it.each([
    ['numbers ascending, NULL last', [3, null, 1, 2], 'asc', [2, 3, 0, 1]],
    ['numbers descending, NULL still last', [3, null, 1, 2], 'desc', [0, 3, 2, 1]],
    ['Chinese by pinyin', ['智能财税', '网店运营推广', '财务共享服务'], 'asc', [2, 1, 0]],
    ['text with numbers in it', ['item 10', 'item 2', 'item 1'], 'asc', [2, 1, 0]],
    ['ties keep their order', [1, 1, 0, 1], 'asc', [2, 0, 1, 3]],
    ['booleans', [true, false, null], 'asc', [1, 0, 2]],
  ] as const)('%s', (_label, values, direction, expected) => expect(Array.from(sortOrder(values, direction))).toEqual(expected));

  it('sorts 100 000 rows quickly', () => {
    const values = Array.from({ length: 100_000 }, (_, i) => (i * 7919) % 100_003);
    const t0 = performance.now();
    const order = sortOrder(values, 'desc');
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(values[order[0]!]).toBe(Math.max(...values));
  });
});

describe('nextSort', () => {
  it.each([
    [null, 2, { column: 2, direction: 'asc' }],
    [{ column: 2, direction: 'asc' }, 2, { column: 2, direction: 'desc' }],
    [{ column: 2, direction: 'desc' }, 2, null],
    [{ column: 1, direction: 'desc' }, 2, { column: 2, direction: 'asc' }],
  ] as const)('%j + click %i → %j', (current, column, expected) => expect(nextSort(current, column)).toEqual(expected));
});

describe('cellText', () => {
  it.each([
    [1479, 'number', 'HUGEINT', '1,479'],
    [1234567, 'number', 'INTEGER', '1,234,567'],
    [0.940298507, 'number', 'DOUBLE', '0.940299'],
    [335, 'number', 'DECIMAL(10,2)', '335'],
    [null, 'text', 'VARCHAR', 'NULL'],
    ['智能财税', 'text', 'VARCHAR', '智能财税'],
    [true, 'boolean', 'BOOLEAN', 'true'],
  ] as const)('%j (%s %s) → %j', (value, kind, type, text) => expect(cellText(value, kind, type)).toBe(text));
});

describe('column widths', () => {
  it('CJK counts double; widths stay between 72 and 320 px', () => {
    expect(textUnits('abc')).toBe(3);
    expect(textUnits('通过率')).toBe(6);
    const widths = columnWidths({
      numRows: 2,
      columns: [
        columnOf('a', 'INTEGER', 'number', [1, 2]),
        columnOf('long', 'VARCHAR', 'text', ['信息技术类（计算机应用、软件技术、电子与信息技术）'.repeat(3), 'x']),
      ],
    });
    expect(widths[0]).toBe(72);
    expect(widths[1]).toBe(320);
  });
});
