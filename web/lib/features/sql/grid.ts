/**
 * The results grid's logic: which rows are on screen (virtual scrolling),
 * the row order for a sorted column, column widths and cell text. Plain
 * functions over a decoded Arrow table; ResultGrid.svelte only draws.
 */
import type { Cell, ColumnKind, DecodedColumn, DecodedTable } from '../../arrow';

export const ROW_HEIGHT = 28;

export interface RowWindow {
  /** First row drawn. */
  start: number;
  /** One past the last row drawn. */
  end: number;
  /** Pixels above the first drawn row (its top). */
  offset: number;
}

/**
 * The rows to draw for a scroll position, with `overscan` extra rows each side.
 * @example visibleWindow(0, 280, 28, 100000) // { start: 0, end: 18, offset: 0 }
 * @example visibleWindow(2800, 280, 28, 100000) // { start: 92, end: 118, offset: 2576 }
 */
export function visibleWindow(scrollTop: number, viewportHeight: number, rowHeight: number, total: number, overscan = 8): RowWindow {
  const first = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const count = Math.ceil(viewportHeight / rowHeight);
  const start = Math.max(0, Math.min(total, first - overscan));
  const end = Math.max(start, Math.min(total, first + count + overscan));
  return { start, end, offset: start * rowHeight };
}

export type SortDirection = 'asc' | 'desc';
export interface SortState {
  column: number;
  direction: SortDirection;
}

const collator = new Intl.Collator('zh-CN', { numeric: true, sensitivity: 'base' });

/**
 * Row order for a column: numbers by value, text by Chinese collation
 * (pinyin), false before true; NULLs always last, ties keep their order.
 * @example Array.from(sortOrder([3, null, 1], 'asc')) // [2, 0, 1]
 */
export function sortOrder(values: readonly Cell[], direction: SortDirection): Uint32Array {
  const order = new Uint32Array(values.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  const sign = direction === 'asc' ? 1 : -1;
  const allNumbers = values.every((v) => v === null || typeof v === 'number');
  const compare = (a: Cell, b: Cell): number => {
    if (allNumbers) return (a as number) - (b as number);
    if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
    return collator.compare(String(a), String(b));
  };
  return order.sort((i, j) => {
    const a = values[i]!;
    const b = values[j]!;
    if (a === null || b === null) return a === b ? i - j : a === null ? 1 : -1;
    return sign * compare(a, b) || i - j;
  });
}

/** The next sort when a header is clicked: ascending, then descending, then unsorted. */
export function nextSort(current: SortState | null, column: number): SortState | null {
  if (!current || current.column !== column) return { column, direction: 'asc' };
  if (current.direction === 'asc') return { column, direction: 'desc' };
  return null;
}

const INTEGER_TYPE = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|Int\d+|Uint\d+)$/i;
const integerFormat = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 0 });
const decimalFormat = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 6 });

/**
 * A cell as the grid shows it: integers grouped, other numbers up to six
 * decimals, NULL as `NULL`.
 * @example cellText(1479, 'number', 'HUGEINT') // '1,479'
 * @example cellText(0.940298507, 'number', 'DOUBLE') // '0.940299'
 * @example cellText(null, 'text', 'VARCHAR') // 'NULL'
 */
export function cellText(value: Cell, kind: ColumnKind, type: string): string {
  if (value === null) return 'NULL';
  if (kind === 'number' && typeof value === 'number') return INTEGER_TYPE.test(type) ? integerFormat.format(value) : decimalFormat.format(value);
  return String(value);
}

/** Display width of text in "narrow character" units (CJK counts two). */
export function textUnits(text: string): number {
  let w = 0;
  for (const ch of text) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return w;
}

/**
 * A width in pixels per column, from its header and the first rows, between
 * 72 and 320 px.
 */
export function columnWidths(table: DecodedTable, sample = 200, unitPx = 7.5): number[] {
  return table.columns.map((c: DecodedColumn) => {
    let units = textUnits(c.name) + 3;
    const n = Math.min(sample, table.numRows);
    for (let i = 0; i < n; i++) units = Math.max(units, textUnits(cellText(c.get(i), c.kind, c.type)));
    return Math.round(Math.min(320, Math.max(72, units * unitPx + 20)));
  });
}
