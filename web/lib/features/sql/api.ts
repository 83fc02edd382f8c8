/**
 * The SQL console's calls to the server: run a statement (results as Arrow,
 * decoded by $lib/arrow), download it in a file format, the schema, limits,
 * history, saved queries and the named queries as templates. Errors are
 * `ApiError`s with the server's code and Chinese message; a statement's
 * error also says where DuckDB stopped (`SqlError.where`).
 */
import { ApiError, withCsrf, type Fetch } from '../../api';
import { decodeArrow, type DecodedTable } from '../../arrow';
import type { NamedQueryInfo, ParamValue, SchemaTableInfo } from './query-text';

export class SqlError extends ApiError {
  /** Where DuckDB points in the statement, when it does. */
  readonly where: { position: number; line: number; column: number } | undefined;
  constructor(init: ConstructorParameters<typeof ApiError>[0] & { where?: { position: number; line: number; column: number } }) {
    super(init);
    this.where = init.where;
  }
}

interface ErrorBody {
  error?: { code?: unknown; message?: unknown; message_zh?: unknown; position?: unknown; line?: unknown; column?: unknown };
}

async function errorOf(response: Response): Promise<SqlError> {
  let body: ErrorBody | undefined;
  try {
    body = (await response.json()) as ErrorBody;
  } catch {
    body = undefined;
  }
  const e = body?.error;
  const status = response.status;
  const where =
    typeof e?.position === 'number' && typeof e.line === 'number' && typeof e.column === 'number' ? { position: e.position, line: e.line, column: e.column } : undefined;
  return new SqlError({
    code: typeof e?.code === 'string' ? e.code : `http_${status}`,
    message: typeof e?.message === 'string' ? e.message : `HTTP ${status}`,
    messageZh: typeof e?.message_zh === 'string' ? e.message_zh : status >= 500 ? `服务器出错（HTTP ${status}），请稍后重试。` : `请求失败（HTTP ${status}）。`,
    status,
    where,
  });
}

async function send(fetchFn: Fetch, url: string, init?: RequestInit): Promise<Response> {
  let response: Response;
  try {
    response = await fetchFn(url, withCsrf(init));
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new SqlError({ code: 'network_error', message: 'Network error', messageZh: '无法连接服务器，请检查网络连接后重试。', status: 0, cause });
  }
  if (!response.ok) throw await errorOf(response);
  return response;
}

async function json<T>(fetchFn: Fetch, url: string, init?: RequestInit): Promise<T> {
  return (await (await send(fetchFn, url, init)).json()) as T;
}

export interface SqlRun {
  table: DecodedTable;
  rowCount: number;
  truncated: boolean;
  rowLimit: number;
  /** Server time: checks, running and reading the rows. */
  durationMs: number;
  /** Until the table was decoded in the browser. */
  totalMs: number;
}

export interface SqlRequest {
  sql: string;
  params: Record<string, ParamValue>;
  limit?: number;
}

/** Runs one statement; the rows arrive as an Arrow stream. */
export async function runSql(fetchFn: Fetch, req: SqlRequest, signal?: AbortSignal): Promise<SqlRun> {
  const t0 = performance.now();
  const response = await send(fetchFn, '/api/sql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/vnd.apache.arrow.stream' },
    body: JSON.stringify({ sql: req.sql, params: req.params, format: 'arrow', ...(req.limit ? { limit: req.limit } : {}) }),
    signal,
  });
  const table = decodeArrow(new Uint8Array(await response.arrayBuffer()));
  const header = (name: string) => response.headers.get(name);
  const rowLimit = Number(header('x-row-limit') ?? 0);
  // A long answer streams before its end is known and sends no X-Truncated: a full one may have had more rows.
  const truncated = header('x-truncated') === null ? rowLimit > 0 && table.numRows >= rowLimit : header('x-truncated') === 'true';
  return {
    table,
    rowCount: Number(header('x-row-count') ?? table.numRows),
    truncated,
    rowLimit,
    durationMs: Number(header('x-duration-ms') ?? 0),
    totalMs: performance.now() - t0,
  };
}

export type DownloadFormat = 'csv' | 'xlsx' | 'parquet';

/** The statement's result as a file (the export cap applies, see limits). */
export async function downloadSql(fetchFn: Fetch, req: SqlRequest, format: DownloadFormat): Promise<{ blob: Blob; fileName: string; truncated: boolean; rowCount: number }> {
  const response = await send(fetchFn, '/api/sql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ sql: req.sql, params: req.params, format }),
  });
  return {
    blob: await response.blob(),
    fileName: `SQL查询结果.${format}`,
    truncated: response.headers.get('x-truncated') === 'true',
    rowCount: Number(response.headers.get('x-row-count') ?? 0),
  };
}

export interface SchemaInfo {
  version: string;
  tables: SchemaTableInfo[];
  macros: { name: string; parameters: string[] }[];
}

export interface SqlLimits {
  timeoutMs: number;
  maxRows: number;
  exportMaxRows: number;
  memoryLimit: string;
  maxRunningPerUser: number;
  caps: Record<string, { default: number; max: number }>;
}

export interface HistoryItem {
  id: number;
  startedAt: string;
  sql: string;
  /** `sql` is only the statement's first 4 KB (the audit log keeps no more). */
  sqlTruncated: boolean;
  /** Size of the whole statement in UTF-8 bytes. */
  sqlBytes: number;
  params: Record<string, unknown>;
  durationMs: number | null;
  rowCount: number | null;
  outcome: string;
  errorCode: string | null;
}

export interface SavedQuery {
  id: number;
  name: string;
  description: string | null;
  owner: string;
  sql: string;
  params: Record<string, unknown>;
  createdAt: string;
}

export const fetchSchema = (f: Fetch) => json<SchemaInfo>(f, '/api/schema');
export const fetchLimits = (f: Fetch) => json<SqlLimits>(f, '/api/sql/limits');
export const fetchHistory = (f: Fetch) => json<{ user: string; items: HistoryItem[] }>(f, '/api/sql/history?limit=50');
export interface SavedPage {
  items: SavedQuery[];
  /** All saved queries, of which `items` is one page. */
  total: number;
  limit: number;
  offset: number;
}

/** One page of saved queries, newest first (the server pages them: at most 200 at a time). */
export const fetchSaved = (f: Fetch, page: { limit?: number; offset?: number } = {}) =>
  json<SavedPage>(f, `/api/saved-queries?limit=${page.limit ?? 50}&offset=${page.offset ?? 0}`);
export const fetchSavedById = (f: Fetch, id: number) => json<SavedQuery>(f, `/api/saved-queries/${id}`);
export const fetchNamedQueries = (f: Fetch) => json<{ queries: NamedQueryInfo[] }>(f, '/api/queries').then((r) => r.queries);

export function saveQuery(f: Fetch, body: { name: string; description?: string; sql: string; params: Record<string, ParamValue> }) {
  return json<SavedQuery>(f, '/api/saved-queries', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

export async function deleteSaved(f: Fetch, id: number): Promise<void> {
  await send(f, `/api/saved-queries/${id}`, { method: 'DELETE' });
}
