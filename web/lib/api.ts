/**
 * The one way the web app talks to the server: named queries over
 * `GET /api/queries/<name>`. Errors come back as `ApiError` with the server's
 * stable `code` and its Chinese message (`messageZh`) for the user.
 */
import type { Static } from '@sinclair/typebox';
import type { NamedQueryResult } from '../../server/schemas/queries';
import type { QueryParams, QueryRows } from './queries';

/** A named query's JSON answer as the server's schema declares it (server/schemas/queries.ts + paging.ts). */
type WireResult = Static<typeof NamedQueryResult>;

export type QueryColumn = WireResult['columns'][number];

/**
 * A named query's answer with typed rows. `total` is the rows of the whole
 * result before paging (`limit`/`offset` parameters); `truncated` says rows
 * exist beyond this page.
 */
export type QueryResult<Row> = Pick<WireResult, 'columns' | 'rowCount' | 'truncated' | 'total' | 'offset' | 'limit'> & { rows: Row[] };

/** A page of a named query: `limit` rows from `offset` (the server applies both in SQL). */
export interface PageRequest {
  limit: number;
  offset?: number;
}

/** The `fetch` of a load event (or the global one). */
export type Fetch = typeof fetch;

export class ApiError extends Error {
  override readonly name = 'ApiError';
  /** Stable snake_case code from the server (`invalid_params`, …) or from the client (`network_error`, `bad_response`, `http_502`). */
  readonly code: string;
  /** Chinese message, for users. */
  readonly messageZh: string;
  /** HTTP status; 0 when the request never got an answer. */
  readonly status: number;

  constructor(init: { code: string; message: string; messageZh: string; status: number; cause?: unknown }) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.code = init.code;
    this.messageZh = init.messageZh;
    this.status = init.status;
  }
}

/** Any thrown value as an ApiError (what the UI shows). */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new ApiError({ code: 'client_error', message, messageZh: `页面出错：${message}`, status: 0, cause: error });
}

/**
 * The query string of a named query: empty parameters (undefined, null, '',
 * whitespace) are dropped, so "no filter" never reaches the server as `year=`.
 * @example queryString({ year: 2020, province: '', city: null }) // 'year=2020'
 */
export function queryString(params: QueryParams = {}): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null) continue;
    const text = String(value).trim();
    if (text === '') continue;
    search.set(key, text);
  }
  return search.toString();
}

/** The URL of a named query, e.g. `/api/queries/overview_totals?year=2020`. */
export function queryUrl(name: string, params: QueryParams = {}, format?: 'csv' | 'xlsx'): string {
  const qs = queryString(format ? { ...params, format } : params);
  return `/api/queries/${encodeURIComponent(name)}${qs ? `?${qs}` : ''}`;
}

interface ErrorBody {
  error?: { code?: unknown; message?: unknown; message_zh?: unknown };
}

async function errorFromResponse(response: Response): Promise<ApiError> {
  let body: ErrorBody | undefined;
  try {
    body = (await response.json()) as ErrorBody;
  } catch {
    body = undefined;
  }
  const error = body?.error;
  const status = response.status;
  const code = typeof error?.code === 'string' ? error.code : `http_${status}`;
  const message = typeof error?.message === 'string' ? error.message : `HTTP ${status} ${response.statusText}`.trim();
  const messageZh =
    typeof error?.message_zh === 'string'
      ? error.message_zh
      : status >= 500
        ? `服务器出错（HTTP ${status}），请稍后重试。`
        : `请求失败（HTTP ${status}）。`;
  return new ApiError({ code, message, messageZh, status });
}

/**
 * Runs a named query and returns its JSON result.
 * @example const { rows } = await runQuery<OverviewTotalsRow>(fetch, 'overview_totals', { year: 2020 });
 * @throws ApiError — the server's error, `network_error` (no answer) or `bad_response` (not the JSON we expect).
 */
export async function runQuery<Row>(fetchFn: Fetch, name: string, params: QueryParams = {}, page?: PageRequest): Promise<QueryResult<Row>> {
  let response: Response;
  try {
    const url = queryUrl(name, page ? { ...params, limit: page.limit, offset: page.offset ?? 0 } : params);
    response = await fetchFn(url, { headers: { accept: 'application/json' } });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError({
      code: 'network_error',
      message: `Network error while running query "${name}"`,
      messageZh: '无法连接服务器，请检查网络连接后重试。',
      status: 0,
      cause,
    });
  }
  if (!response.ok) throw await errorFromResponse(response);
  let body: unknown;
  try {
    body = await response.json();
  } catch (cause) {
    throw new ApiError({
      code: 'bad_response',
      message: `Query "${name}" did not answer JSON`,
      messageZh: '服务器返回的数据格式不正确。',
      status: response.status,
      cause,
    });
  }
  const result = body as Partial<QueryResult<Row>> | null;
  if (!result || !Array.isArray(result.rows) || !Array.isArray(result.columns)) {
    throw new ApiError({
      code: 'bad_response',
      message: `Query "${name}" answered without columns/rows`,
      messageZh: '服务器返回的数据格式不正确。',
      status: response.status,
    });
  }
  const rowCount = typeof result.rowCount === 'number' ? result.rowCount : result.rows.length;
  const offset = typeof result.offset === 'number' ? result.offset : 0;
  return {
    columns: result.columns,
    rows: result.rows,
    rowCount,
    truncated: result.truncated === true,
    total: typeof result.total === 'number' ? result.total : offset + rowCount,
    offset,
    limit: typeof result.limit === 'number' ? result.limit : rowCount,
  };
}

/** `runQuery` with the row type looked up from the query name. */
export function runNamedQuery<Name extends keyof QueryRows>(
  fetchFn: Fetch,
  name: Name,
  params: QueryParams = {},
  page?: PageRequest,
): Promise<QueryResult<QueryRows[Name]>> {
  return runQuery<QueryRows[Name]>(fetchFn, name, params, page);
}

/**
 * The CSRF token of this page's sign-in (from GET/POST /api/session). The
 * session cookie is HttpOnly and SameSite=Strict; the server also wants this
 * token in the x-csrf-token header of every write made with that cookie.
 */
let csrfToken: string | null = null;
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}
/** Headers for a POST/PATCH/DELETE: the CSRF token when signed in. */
export function csrfHeaders(): Record<string, string> {
  return csrfToken ? { 'x-csrf-token': csrfToken } : {};
}
/** `init` with the CSRF header added when its method changes something. */
export function withCsrf(init: RequestInit = {}): RequestInit {
  const method = (init.method ?? 'GET').toUpperCase();
  if (method === 'GET' || method === 'HEAD') return init;
  return { ...init, headers: { ...(init.headers as Record<string, string> | undefined), ...csrfHeaders() } };
}
