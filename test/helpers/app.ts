/** Builds the whole app on a fresh in-memory DuckDB loaded from data/, as production does. */
import { buildApp, type AppOptions } from '../../server/app.js';
import { readConfig } from '../../server/config.js';

export async function buildTestApp(overrides: Partial<ReturnType<typeof readConfig>> & Pick<AppOptions, 'sqlLimits' | 'onAdminPasswordGenerated'> = {}) {
  const config = readConfig({ XPILOT_DB: ':memory:', XPILOT_ADMIN_PASSWORD: TEST_ADMIN_PASSWORD });
  return buildApp({ ...config, ...overrides, logger: false });
}

export type TestApp = Awaited<ReturnType<typeof buildTestApp>>;

/** The administrator password of test apps (XPILOT_ADMIN_PASSWORD), with a Chinese character to prove UTF-8 survives. */
export const TEST_ADMIN_PASSWORD = 'test-admin-密码';

const sessions = new WeakMap<TestApp, string>();
/** Headers that make a request the administrator's: a session cookie from POST /api/session, signed in once per app. */
export async function adminHeaders(app: TestApp): Promise<{ cookie: string }> {
  let cookie = sessions.get(app);
  if (!cookie) {
    const res = await app.inject({ method: 'POST', url: '/api/session', payload: { password: TEST_ADMIN_PASSWORD } });
    if (res.statusCode !== 200) throw new Error(`admin sign-in answered ${res.statusCode}: ${res.body}`);
    cookie = String(res.headers['set-cookie']).split(';')[0]!;
    sessions.set(app, cookie);
  }
  return { cookie };
}

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
