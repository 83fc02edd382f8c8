/**
 * A visible, sortable table (SortableTable.svelte): columns, rows of cells
 * with display text, optional link, badge and sort value. Sorting is a pure
 * function here so it can be tested and driven from the URL.
 */
export interface GridColumn {
  key: string;
  label: string;
  numeric?: boolean;
  /** Default true. */
  sortable?: boolean;
  /** Column header hint. */
  title?: string;
  /** CSS min-width of the column, e.g. '16em' for long names. */
  minWidth?: string;
  /** Let long cell text wrap (cells do not wrap by default). */
  wrap?: boolean;
}

export type Tone = 'bad' | 'good' | 'warn' | 'info';

export interface GridCell {
  text: string;
  href?: string;
  /** Sort by this instead of the text (numbers sort numerically; null last). */
  sort?: number | string | null;
  badge?: Tone;
  /** A smaller second line. */
  sub?: string;
  title?: string;
}

export interface GridRow {
  key: string;
  cells: Record<string, GridCell>;
  tone?: Tone | null;
}

export interface GridSort {
  key: string;
  dir: 'asc' | 'desc';
}

/** Rows sorted by one column; equal values keep their order; missing values last either way. */
export function sortRows(rows: readonly GridRow[], sort: GridSort | null): GridRow[] {
  if (!sort) return [...rows];
  const sign = sort.dir === 'asc' ? 1 : -1;
  return rows
    .map((row, index) => ({ row, index }))
    .sort((a, b) => {
      const ca = a.row.cells[sort.key];
      const cb = b.row.cells[sort.key];
      const va = ca?.sort !== undefined ? ca.sort : (ca?.text ?? null);
      const vb = cb?.sort !== undefined ? cb.sort : (cb?.text ?? null);
      const missingA = va === null || va === '' || va === '—';
      const missingB = vb === null || vb === '' || vb === '—';
      if (missingA || missingB) return missingA === missingB ? a.index - b.index : missingA ? 1 : -1;
      const cmp = typeof va === 'number' && typeof vb === 'number' ? va - vb : String(va).localeCompare(String(vb), 'zh-CN');
      return cmp !== 0 ? sign * cmp : a.index - b.index;
    })
    .map((x) => x.row);
}

/** `rate-desc` ↔ { key: 'rate', dir: 'desc' } for the URL. */
export function parseSort(text: string | null | undefined, keys: readonly string[]): GridSort | null {
  const m = /^([a-z_0-9]+)-(asc|desc)$/.exec(text ?? '');
  if (!m || !keys.includes(m[1]!)) return null;
  return { key: m[1]!, dir: m[2] as 'asc' | 'desc' };
}

export function sortText(sort: GridSort | null): string {
  return sort ? `${sort.key}-${sort.dir}` : '';
}

/** Clicking a header: a new column sorts descending for numbers, ascending for text; the same column flips. */
export function nextSort(current: GridSort | null, column: GridColumn): GridSort {
  if (current?.key === column.key) return { key: column.key, dir: current.dir === 'asc' ? 'desc' : 'asc' };
  return { key: column.key, dir: column.numeric ? 'desc' : 'asc' };
}
