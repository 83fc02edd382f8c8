/**
 * The report page's state, all in the URL so a report is a link:
 * `/report?title=…&notes=…&item=<chart>?<params>&item=…&tables=1`.
 * Items come from any page ("加入报告") or from the report's own picker.
 */
import { chartDef, scopeParts, type ChartParams, type ScopeNames } from '../../charts/catalogue';
import { formatInt, formatInterval, formatPercent } from '../../format';
import { valueLabel } from '../../../../server/domain/column-labels';
import { itemKey, parseItemKey, type ReportItem } from './basket';

export interface ReportState {
  title: string;
  notes: string;
  items: ReportItem[];
  /** Print the data behind each chart under it. */
  tables: boolean;
}

export const DEFAULT_TITLE = '1+X 证书试点数据分析报告';

export function parseReport(search: URLSearchParams): ReportState {
  const items = search
    .getAll('item')
    .map(parseItemKey)
    .filter((i): i is ReportItem => i !== null && chartDef(i.chart) !== undefined);
  return { title: search.get('title') ?? '', notes: search.get('notes') ?? '', items, tables: search.get('tables') === '1' };
}

export function reportSearch(state: ReportState): string {
  const s = new URLSearchParams();
  if (state.title) s.set('title', state.title);
  if (state.notes) s.set('notes', state.notes);
  for (const item of state.items) s.append('item', itemKey(item));
  if (state.tables) s.set('tables', '1');
  return s.toString();
}

/** Adds items not yet in the report, in order. */
export function mergeItems(items: readonly ReportItem[], more: readonly ReportItem[]): ReportItem[] {
  const keys = new Set(items.map(itemKey));
  const out = [...items];
  for (const m of more) {
    const k = itemKey(m);
    if (!keys.has(k)) {
      keys.add(k);
      out.push(m);
    }
  }
  return out;
}

export function moveItem<T>(items: readonly T[], from: number, to: number): T[] {
  if (to < 0 || to >= items.length || from === to) return [...items];
  const out = [...items];
  const [x] = out.splice(from, 1);
  out.splice(to, 0, x as T);
  return out;
}

/** `图 2　各院校通过率（2020 年 · 智能财税）` */
export function caption(index: number, item: ReportItem, names: ScopeNames = {}): string {
  const def = chartDef(item.chart);
  const scope = scopeParts(item.params as ChartParams, names);
  return `图 ${index + 1}　${def?.title ?? item.chart}${scope.length ? `（${scope.join(' · ')}）` : ''}`;
}

/** The server-rendered SVG of an item, without the title block (the caption carries it). */
export function imageUrl(item: ReportItem, width: number): string {
  const s = new URLSearchParams(Object.entries(item.params).filter(([, v]) => v));
  s.set('width', String(width));
  s.set('title', '');
  return `/api/charts/${item.chart}.svg?${s.toString()}`;
}

/** Display text of a cell of a named query's result, by the column's type and name. */
export function cellText(value: unknown, column: { name: string; type: string }): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (typeof value === 'string') return String(valueLabel(column.name, value));
  if (typeof value === 'number') {
    if (column.type === 'DOUBLE' && /(rate|share|ci_|funnel|low|high|diff)/.test(column.name)) return formatPercent(value);
    if (/INT/.test(column.type)) return column.name === 'year' ? String(value) : formatInt(value);
    return Number.isInteger(value) ? formatInt(value) : value.toLocaleString('zh-CN', { maximumFractionDigits: 3 });
  }
  return String(value);
}

/** Columns worth printing: ids and sort keys left out. */
export function printableColumns<C extends { name: string }>(columns: readonly C[]): C[] {
  return columns.filter((c) => !/(_id$|_order$|^sort_key$|^import_id$)/.test(c.name));
}

/**
 * Splits the columns of a printed table: those that vary are printed as
 * columns; those with one value on every row (2020 年, 广东省, 全部为空) are
 * said once above the table instead of repeated down it.
 */
export function splitConstantColumns<C extends { name: string }>(
  columns: readonly C[],
  rows: readonly Record<string, unknown>[],
): { varying: C[]; constant: { column: C; value: unknown }[] } {
  if (rows.length < 2) return { varying: [...columns], constant: [] };
  const varying: C[] = [];
  const constant: { column: C; value: unknown }[] = [];
  for (const c of columns) {
    const first = rows[0]![c.name];
    if (rows.every((r) => r[c.name] === first)) {
      if (first !== null && first !== undefined && first !== '') constant.push({ column: c, value: first });
    } else varying.push(c);
  }
  return { varying, constant };
}

/**
 * The 合计 row of a printed table: each column the chart names as additive
 * summed over every row (not only the printed ones); a column with a missing
 * value on some row sums to null (printed —) rather than to a figure that
 * looks complete. The first printed column carries the label.
 *
 * @example totalRow([{name:'city'},{name:'quota'}], [{city:'杭州市',quota:86},{city:'宁波市',quota:86}], ['quota'])
 *   // { city: '合计', quota: 172 }
 */
export function totalRow<C extends { name: string }>(
  columns: readonly C[],
  rows: readonly Record<string, unknown>[],
  sum: readonly string[] | undefined,
): Record<string, unknown> | null {
  if (!sum?.length || rows.length < 2) return null;
  const summed = columns.filter((c) => sum.includes(c.name));
  if (!summed.length) return null;
  const out: Record<string, unknown> = {};
  for (const c of summed) {
    const values = rows.map((r) => r[c.name]);
    out[c.name] = values.every((v) => typeof v === 'number') ? (values as number[]).reduce((a, b) => a + b, 0) : null;
  }
  const first = columns.find((c) => !sum.includes(c.name));
  if (first) out[first.name] = '合计';
  return out;
}

/** A column of a printed table: one query column, or two (an interval's ends) printed as one. */
export interface PrintColumn {
  key: string;
  label: string;
  numeric: boolean;
  text: (row: Record<string, unknown>) => string;
}

/** Interval ends printed as one column (`78.2%–91.0%`): half the columns, and read as people read an interval. */
const PAIRS: { low: string; high: string; label: string }[] = [
  { low: 'ci_low', high: 'ci_high', label: '95% 区间' },
  { low: 'diff_low', high: 'diff_high', label: '差异 95% 区间' },
  { low: 'funnel_low', high: 'funnel_high', label: '95% 控制限' },
];
/**
 * Left out of print: the chart above draws them (99.8% limits, the funnel's estimates, which
 * limits are drawn), or they are navigation keys (a drill-down's value, level and group), and a page has no room.
 */
const PRINT_SKIP = /^(funnel_low_998|funnel_high_998|others_candidates|others_passed|province_candidates|province_passed|z_score|limits|phi|phi_applied|tau2|area_value|area_kind|grp|areas|area_count)$/;
/** More printed columns than this go on a landscape page. */
export const PORTRAIT_MAX_COLUMNS = 7;

/**
 * Chooses the printed columns of a table so it fits A4: interval ends
 * merged, columns the chart already shows left out, and `landscape` when
 * more than PORTRAIT_MAX_COLUMNS remain.
 */
export function printColumns<C extends { name: string; type: string }>(
  columns: readonly C[],
  label: (c: C) => string,
): { columns: PrintColumn[]; landscape: boolean } {
  const byName = new Map(columns.map((c) => [c.name, c]));
  const out: PrintColumn[] = [];
  const used = new Set<string>();
  for (const c of columns) {
    if (used.has(c.name) || PRINT_SKIP.test(c.name)) continue;
    const pair = PAIRS.find((p) => p.low === c.name || p.high === c.name);
    const low = pair && byName.get(pair.low);
    const high = pair && byName.get(pair.high);
    if (pair && low && high) {
      used.add(low.name).add(high.name);
      out.push({ key: pair.low, label: pair.label, numeric: true, text: (r) => formatInterval(r[low.name] as number | null, r[high.name] as number | null) });
      continue;
    }
    used.add(c.name);
    out.push({ key: c.name, label: label(c), numeric: c.type !== 'VARCHAR', text: (r) => cellText(r[c.name], c) });
  }
  return { columns: out, landscape: out.length > PORTRAIT_MAX_COLUMNS };
}
