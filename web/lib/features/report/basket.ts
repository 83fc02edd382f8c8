/**
 * The report basket: charts and tables picked on any page ("加入报告") wait
 * here (localStorage) until the report page takes them into its URL. Plain
 * functions over a small JSON list; the storage is passed in for tests.
 */
export interface ReportItem {
  /** Chart id of the catalogue (web/lib/charts/catalogue.ts). */
  chart: string;
  /** The chart's parameters (as in the page URL). */
  params: Record<string, string>;
  /** Also print the data behind the chart as a table. */
  table?: boolean;
  /** Caption override and a note under the item. */
  caption?: string;
  note?: string;
}

export const BASKET_KEY = 'xpilot.report.basket.v1';
export const MAX_ITEMS = 40;

type Store = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

function store(): Store | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

export function readBasket(s: Store | null = store()): ReportItem[] {
  try {
    const parsed = JSON.parse(s?.getItem(BASKET_KEY) ?? '[]') as unknown;
    return Array.isArray(parsed) ? (parsed.filter((i) => i && typeof i === 'object' && typeof (i as ReportItem).chart === 'string') as ReportItem[]) : [];
  } catch {
    return [];
  }
}

export function writeBasket(items: readonly ReportItem[], s: Store | null = store()): void {
  s?.setItem(BASKET_KEY, JSON.stringify(items.slice(0, MAX_ITEMS)));
}

export function sameItem(a: ReportItem, b: ReportItem): boolean {
  return a.chart === b.chart && itemKey(a) === itemKey(b);
}

/** `chart?a=1&b=2` with the parameters sorted: one line per item in the report URL. */
export function itemKey(item: Pick<ReportItem, 'chart' | 'params'>): string {
  const search = new URLSearchParams(Object.entries(item.params).sort(([a], [b]) => a.localeCompare(b)));
  const qs = search.toString();
  return qs ? `${item.chart}?${qs}` : item.chart;
}

/** Adds an item unless the same chart with the same parameters is there already; answers the new count. */
export function addToBasket(item: ReportItem, s: Store | null = store()): number {
  const items = readBasket(s);
  if (!items.some((i) => sameItem(i, item))) items.push(item);
  writeBasket(items, s);
  return Math.min(items.length, MAX_ITEMS);
}

export function parseItemKey(key: string): ReportItem | null {
  const [chart, qs = ''] = key.split('?', 2);
  if (!chart || !/^[a-z0-9_]+$/.test(chart)) return null;
  return { chart, params: Object.fromEntries(new URLSearchParams(qs)) };
}
