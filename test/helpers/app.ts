/** Builds the whole app on a fresh in-memory DuckDB loaded from data/, as production does. */
import { buildApp, type AppOptions } from '../../server/app.js';
import { readConfig } from '../../server/config.js';

export async function buildTestApp(overrides: Partial<ReturnType<typeof readConfig>> & Pick<AppOptions, 'sqlLimits' | 'sqlSandbox' | 'onAdminPasswordGenerated' | 'guard'> = {}) {
  const config = readConfig({ XPILOT_DB: ':memory:', XPILOT_ADMIN_PASSWORD: TEST_ADMIN_PASSWORD });
  // A snapshot (the full one, or a scope's first) takes seconds on a loaded machine; the production wait
  // (10 s, then 503 sql_preparing) is for people, who retry. Tests wait for it within their own timeout.
  const sqlSandbox = { prepareWaitMs: 45_000, ...overrides.sqlSandbox };
  return buildApp({ ...config, ...overrides, sqlSandbox, logger: false });
}

export type TestApp = Awaited<ReturnType<typeof buildTestApp>>;

/** The administrator password of test apps (XPILOT_ADMIN_PASSWORD), with a Chinese character to prove UTF-8 survives. */
export const TEST_ADMIN_PASSWORD = 'test-admin-密码';

/** The Cookie header a browser would send back after this answer (every cookie it set, values only). */
export function cookiesOf(res: { headers: Record<string, unknown> }): string {
  const set = res.headers['set-cookie'];
  const list = Array.isArray(set) ? set.map(String) : set ? [String(set)] : [];
  return list.map((c) => c.split(';')[0]!).filter((c) => !c.endsWith('=')).join('; ');
}

/** cookie, plus x-csrf-token: the CSRF token a cookie-signed-in write must carry. */
export type SessionHeaders = Record<'cookie' | 'x-csrf-token', string> & Record<string, string>;

/** Signs in through POST /api/session as a browser does: the session and CSRF cookies plus the CSRF header. */
export async function signIn(app: TestApp, username: string | undefined, password: string, remoteAddress?: string): Promise<SessionHeaders> {
  const res = await app.inject({ method: 'POST', url: '/api/session', payload: username === undefined ? { password } : { username, password }, ...(remoteAddress ? { remoteAddress } : {}) });
  if (res.statusCode !== 200) throw new Error(`sign-in of ${username ?? 'admin'} answered ${res.statusCode}: ${res.body}`);
  return { cookie: cookiesOf(res), 'x-csrf-token': String((res.json() as { csrfToken: string }).csrfToken) };
}

const sessions = new WeakMap<TestApp, SessionHeaders>();
/** Headers that make a request the administrator's: the session from POST /api/session (signed in once per app) with its CSRF token. */
export async function adminHeaders(app: TestApp): Promise<SessionHeaders> {
  let headers = sessions.get(app);
  if (!headers) {
    headers = await signIn(app, undefined, TEST_ADMIN_PASSWORD);
    sessions.set(app, headers);
  }
  return headers;
}

/** HTTP Basic headers for scripts. */
export const basicHeaders = (username: string, password: string) => ({ authorization: `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}` });

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
