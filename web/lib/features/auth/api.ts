/** Sign-in, users and audit calls: /api/session, /api/users, /api/audit. Writes carry the CSRF token (lib/api.ts). */
import { ApiError, setCsrfToken, withCsrf, type Fetch } from '$lib/api';

export type Role = 'admin' | 'official' | 'dean' | 'analyst' | 'anonymous';

export interface SessionState {
  admin: boolean;
  user: string | null;
  role: Role;
  provinces: string[];
  schoolIds: number[];
  scopeLabel: string;
  method: 'session' | 'basic' | 'bearer' | null;
  csrfToken: string | null;
}

export interface UserView {
  username: string;
  role: Exclude<Role, 'anonymous'>;
  provinces: string[];
  schoolIds: number[];
  schools: { id: number; name: string }[];
  scopeLabel: string;
  disabled: boolean;
  builtIn: boolean;
  createdAt: string | null;
}

export interface AuditEntry {
  source: 'event' | 'sql';
  id: number;
  at: string;
  actor: string | null;
  action: string;
  outcome: string;
  target: string | null;
  detail: string | null;
  address: string | null;
  userAgent: string | null;
}

async function call<T>(fetchFn: Fetch, url: string, init: RequestInit = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetchFn(url, withCsrf({ ...init, headers: { accept: 'application/json', ...(init.body ? { 'content-type': 'application/json' } : {}), ...(init.headers as Record<string, string> | undefined) } }));
  } catch (err) {
    throw new ApiError({ code: 'network_error', message: String(err), messageZh: '无法连接服务器，请检查网络连接后重试。', status: 0, cause: err });
  }
  const json = response.status === 204 ? null : ((await response.json().catch(() => null)) as (T & { error?: { code: string; message: string; message_zh?: string } }) | null);
  if (!response.ok) {
    const e = json?.error;
    throw new ApiError({ code: e?.code ?? `http_${response.status}`, message: e?.message ?? `HTTP ${response.status}`, messageZh: e?.message_zh ?? `请求失败（HTTP ${response.status}）。`, status: response.status, cause: json });
  }
  return json as T;
}

const remember = (s: SessionState) => {
  setCsrfToken(s.csrfToken);
  return s;
};

export const getSession = async (f: Fetch) => remember(await call<SessionState>(f, '/api/session'));
export const signIn = async (f: Fetch, username: string, password: string) =>
  remember(await call<SessionState>(f, '/api/session', { method: 'POST', body: JSON.stringify(username.trim() ? { username: username.trim(), password } : { password }) }));
export const signOut = async (f: Fetch) => remember(await call<SessionState>(f, '/api/session', { method: 'DELETE' }));
export const changePassword = (f: Fetch, current: string, password: string) => call<null>(f, '/api/session/password', { method: 'POST', body: JSON.stringify({ current, password }) });

export const listUsers = (f: Fetch) => call<{ items: UserView[] }>(f, '/api/users').then((r) => r.items);
export const createUser = (f: Fetch, body: { username: string; role: string; provinces?: string[]; schools?: (string | number)[] }) =>
  call<{ user: UserView; password: string | null }>(f, '/api/users', { method: 'POST', body: JSON.stringify(body) });
export const patchUser = (f: Fetch, username: string, body: { disabled?: boolean; role?: string; provinces?: string[]; schools?: (string | number)[] }) =>
  call<{ user: UserView }>(f, `/api/users/${encodeURIComponent(username)}`, { method: 'PATCH', body: JSON.stringify(body) });
export const resetPassword = (f: Fetch, username: string) => call<{ user: UserView; password: string }>(f, `/api/users/${encodeURIComponent(username)}/password`, { method: 'POST' });
export const deleteUser = (f: Fetch, username: string) => call<null>(f, `/api/users/${encodeURIComponent(username)}`, { method: 'DELETE' });

export const listAudit = (f: Fetch, q: Record<string, string>) => {
  const qs = new URLSearchParams(Object.entries(q).filter(([, v]) => v.trim() !== '')).toString();
  return call<{ items: AuditEntry[]; total: number; page: number; pageSize: number }>(f, `/api/audit${qs ? `?${qs}` : ''}`);
};
