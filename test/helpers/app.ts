/** Builds the whole app on a fresh in-memory DuckDB loaded from data/, as production does. */
import { buildApp, type AppOptions } from '../../server/app.js';
import { readConfig } from '../../server/config.js';

export async function buildTestApp(overrides: Partial<ReturnType<typeof readConfig>> & Pick<AppOptions, 'sqlLimits'> = {}) {
  const config = readConfig({ XPILOT_DB: ':memory:' });
  return buildApp({ ...config, ...overrides, logger: false });
}

export type TestApp = Awaited<ReturnType<typeof buildTestApp>>;

export interface JsonTable<Row = Record<string, unknown>> {
  columns: { name: string; type: string }[];
  rows: Row[];
  rowCount: number;
  truncated: boolean;
}

/** Runs a named query through the HTTP API and returns its JSON table (fails on a non-200). */
export async function query<Row = Record<string, unknown>>(app: TestApp, name: string, params: Record<string, string | number> = {}): Promise<JsonTable<Row>> {
  const qs = new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)])).toString();
  const res = await app.inject({ method: 'GET', url: `/api/queries/${name}${qs ? `?${qs}` : ''}` });
  if (res.statusCode !== 200) throw new Error(`${name} answered ${res.statusCode}: ${res.body}`);
  return res.json() as JsonTable<Row>;
}
