/** /api/session: is this browser signed in as the administrator; sign in and out. */
import { ApiError, type Fetch } from '$lib/api';

async function call(fetchFn: Fetch, method: 'GET' | 'POST' | 'DELETE', body?: unknown): Promise<{ admin: boolean }> {
  let response: Response;
  try {
    response = await fetchFn('/api/session', {
      method,
      headers: { accept: 'application/json', ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
  } catch (err) {
    throw new ApiError({ code: 'network_error', message: String(err), messageZh: '无法连接服务器，请检查网络连接后重试。', status: 0, cause: err });
  }
  const json = (await response.json().catch(() => null)) as { admin?: boolean; error?: { code: string; message: string; message_zh?: string } } | null;
  if (!response.ok || !json || typeof json.admin !== 'boolean') {
    const e = json?.error;
    throw new ApiError({ code: e?.code ?? `http_${response.status}`, message: e?.message ?? `HTTP ${response.status}`, messageZh: e?.message_zh ?? `请求失败（HTTP ${response.status}）。`, status: response.status, cause: json });
  }
  return { admin: json.admin };
}

export const getSession = (fetchFn: Fetch) => call(fetchFn, 'GET');
export const signIn = (fetchFn: Fetch, password: string) => call(fetchFn, 'POST', { password });
export const signOut = (fetchFn: Fetch) => call(fetchFn, 'DELETE');
