/**
 * Loading a catalogue chart's rows in a page load: every named query of the
 * chart at once, answered as `{ slot: rows }` — the same data the server's
 * chart endpoint builds from.
 */
import { runQuery, type Fetch } from '../../api';
import { chartDef, type ChartData, type ChartParams } from '../../charts/catalogue';

export async function loadChartData(fetchFn: Fetch, id: string, params: ChartParams): Promise<ChartData> {
  const def = chartDef(id);
  if (!def) throw new Error(`unknown chart ${id}`);
  const parts = await Promise.all(def.queries(params).map(async (q) => [q.slot, (await runQuery<unknown>(fetchFn, q.query, q.params)).rows] as const));
  return Object.fromEntries(parts);
}

/** Marks a block's promise as handled here; the page still sees its rejection. */
export function settled<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

/** The non-empty values of a URL's search parameters among `keys`. */
export function pickSearch(search: URLSearchParams, keys: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of keys) {
    const v = (search.get(k) ?? '').trim();
    if (v) out[k] = v;
  }
  return out;
}

/** A query string from parameters in the given key order, empty ones left out (no leading `?`). */
export function searchText(params: Record<string, string | undefined>, keys: readonly string[]): string {
  const s = new URLSearchParams();
  for (const k of keys) if (params[k]) s.set(k, params[k] as string);
  return s.toString();
}
