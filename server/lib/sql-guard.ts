/**
 * The SQL console's rules and limits, as data and pure functions: which
 * statements may run, how many rows each format may carry, and the errors a
 * refused statement gets (each with a stable code, English and Chinese).
 * DuckDB itself judges the statement (statement count, statement type of
 * the prepared statement) in plugins/app/sql-sandbox.ts; the keyword check
 * here is a second, earlier fence that also refuses before DuckDB prepares.
 */
import { nonNegativeIntEnv, positiveIntEnv } from './env.js';
import { AppError } from './errors.js';
import type { Format } from '../schemas/queries.js';
import { XLSX_MAX_ROWS } from './xlsx.js';

/** First keywords of the statement kinds the console runs. */
export const READ_ONLY_KEYWORDS = ['SELECT', 'WITH', 'VALUES', 'FROM', 'TABLE', 'PIVOT', 'UNPIVOT', 'DESCRIBE', 'DESC', 'SHOW', 'SUMMARIZE', 'EXPLAIN'] as const;

export const READ_ONLY_LIST = 'SELECT / WITH / VALUES / PIVOT / UNPIVOT / DESCRIBE / SHOW / SUMMARIZE / EXPLAIN';
const READ_ONLY_LIST_ZH = 'SELECT、WITH、VALUES、PIVOT、UNPIVOT、DESCRIBE、SHOW、SUMMARIZE、EXPLAIN';

export function isReadOnlyKeyword(keyword: string): boolean {
  return (READ_ONLY_KEYWORDS as readonly string[]).includes(keyword.toUpperCase());
}

export interface SqlLimits {
  /** A statement running longer is interrupted (XPILOT_SQL_TIMEOUT_MS, default 10 000). */
  timeoutMs: number;
  /** Rows of a JSON answer and of the console's grid (XPILOT_SQL_MAX_ROWS, default 100 000). */
  maxRows: number;
  /** Rows of a CSV / Parquet / Arrow download (XPILOT_SQL_EXPORT_MAX_ROWS, default 1 000 000); XLSX also stops at Excel's 1 048 575. */
  exportMaxRows: number;
  /** DuckDB memory_limit of the sandbox (XPILOT_SQL_MEMORY_LIMIT, default 1GB). */
  memoryLimit: string;
  /** DuckDB threads of the sandbox (XPILOT_SQL_THREADS, default 2). */
  threads: number;
  /** Statements one user may have running at once (XPILOT_SQL_MAX_RUNNING, default 2). */
  maxRunningPerUser: number;
  /** Rows of an XLSX download; a statement returning more is refused (XPILOT_SQL_XLSX_MAX_ROWS, default 200 000). */
  xlsxMaxRows: number;
  /** Exports (answers that may exceed maxRows) running at once; more wait in a queue (XPILOT_SQL_EXPORTS_RUNNING, default 2). */
  exportsRunning: number;
  /** Exports that may wait; beyond that 503 sql_export_queue_full (XPILOT_SQL_EXPORTS_QUEUED, default 8). */
  exportsQueued: number;
}


export function readSqlLimits(env: NodeJS.ProcessEnv = process.env): SqlLimits {
  const memoryLimit = env.XPILOT_SQL_MEMORY_LIMIT ?? '1GB';
  if (!/^\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i.test(memoryLimit)) throw new Error(`XPILOT_SQL_MEMORY_LIMIT must look like 1GB or 512MB, got "${memoryLimit}"`);
  return {
    timeoutMs: positiveIntEnv(env, 'XPILOT_SQL_TIMEOUT_MS', 10_000),
    maxRows: positiveIntEnv(env, 'XPILOT_SQL_MAX_ROWS', 100_000),
    exportMaxRows: positiveIntEnv(env, 'XPILOT_SQL_EXPORT_MAX_ROWS', 1_000_000),
    memoryLimit,
    threads: positiveIntEnv(env, 'XPILOT_SQL_THREADS', 2),
    maxRunningPerUser: positiveIntEnv(env, 'XPILOT_SQL_MAX_RUNNING', 2),
    xlsxMaxRows: Math.min(positiveIntEnv(env, 'XPILOT_SQL_XLSX_MAX_ROWS', 200_000), XLSX_MAX_ROWS),
    exportsRunning: positiveIntEnv(env, 'XPILOT_SQL_EXPORTS_RUNNING', 2),
    exportsQueued: nonNegativeIntEnv(env, 'XPILOT_SQL_EXPORTS_QUEUED', 8),
  };
}

/**
 * The rows a format carries by default and at most. JSON is for screens
 * (the grid's cap); Arrow defaults to it and may ask for up to the export cap;
 * downloads carry up to the export cap.
 */
export function rowCaps(limits: SqlLimits, format: Format): { default: number; max: number } {
  switch (format) {
    case 'json':
      return { default: limits.maxRows, max: limits.maxRows };
    case 'arrow':
      return { default: limits.maxRows, max: Math.max(limits.maxRows, limits.exportMaxRows) };
    case 'xlsx': {
      const cap = Math.min(limits.exportMaxRows, limits.xlsxMaxRows, XLSX_MAX_ROWS);
      return { default: cap, max: cap };
    }
    default:
      return { default: limits.exportMaxRows, max: limits.exportMaxRows };
  }
}

/** The row limit a request gets: what it asked for, never above the format's cap. */
export function rowLimitFor(limits: SqlLimits, format: Format, asked?: number): number {
  const caps = rowCaps(limits, format);
  return Math.min(asked ?? caps.default, caps.max);
}

export const sqlErrors = {
  empty: () => new AppError(400, 'sql_empty', 'The SQL is empty; write one statement', 'SQL 为空，请输入一条查询语句。'),
  multiple: (count: number, where?: { position: number; line: number; column: number }) =>
    new AppError(
      400,
      'sql_multiple_statements',
      `Only one statement can run at a time; this text holds ${count}. Remove the extra statement (after the ";")`,
      `一次只能运行一条语句，这里有 ${count} 条。请删除分号后多余的语句。`,
      { statements: count, ...(where ?? {}) },
    ),
  notReadOnly: (kind: string) =>
    new AppError(
      400,
      'sql_not_read_only',
      `Only read-only statements run here (${READ_ONLY_LIST}); this is ${kind ? `${/^[AEIOU]/.test(kind) ? 'an' : 'a'} ${kind} statement` : 'not one of them'}. The console cannot change data, files or settings`,
      `SQL 控制台只能运行只读语句（${READ_ONLY_LIST_ZH}）${kind ? `，这是一条 ${kind} 语句` : ''}。控制台不能修改数据、文件或设置。`,
      { statement_type: kind },
    ),
  timeout: (ms: number) =>
    new AppError(
      422,
      'sql_timeout',
      `The query ran longer than the ${ms / 1000} s limit and was stopped. Narrow it down (WHERE, LIMIT) or aggregate first`,
      `查询超过 ${ms / 1000} 秒的时间上限，已被中止。请缩小范围（WHERE、LIMIT）或先汇总再查询。`,
      { timeout_ms: ms },
    ),
  tooManyRunning: (max: number) =>
    new AppError(
      429,
      'sql_too_many_running',
      `You already have ${max} queries running; wait for one to finish and try again`,
      `您已有 ${max} 条查询正在运行，请等其中一条结束后再试。`,
      { max_running: max },
    ),
  xlsxTooManyRows: (max: number) =>
    new AppError(
      422,
      'sql_xlsx_too_many_rows',
      `The result has more than ${max} rows, the XLSX limit (XPILOT_SQL_XLSX_MAX_ROWS). Download it as CSV or Parquet, or narrow it down (WHERE, LIMIT)`,
      `结果超过 XLSX 导出的上限 ${max} 行（XPILOT_SQL_XLSX_MAX_ROWS）。请改用 CSV 或 Parquet 下载，或缩小范围（WHERE、LIMIT）。`,
      { xlsx_max_rows: max },
    ),
  exportQueueFull: (running: number, queued: number) =>
    new AppError(
      503,
      'sql_export_queue_full',
      `The server is busy with ${running} exports and ${queued} more are waiting; try again in a moment`,
      `服务器正在处理 ${running} 个导出，另有 ${queued} 个在排队，请稍后再试。`,
      { exports_running: running, exports_queued: queued, retry_after_s: 10 },
    ),
  preparing: () =>
    new AppError(503, 'sql_preparing', 'The SQL console is preparing its data snapshot; try again in a moment', 'SQL 控制台正在准备数据快照…请稍后再试。', { retry_after_s: 5 }),
  snapshotFailed: () =>
    new AppError(503, 'sql_snapshot_failed', 'The SQL console could not prepare the data snapshot for your scope; try again in a moment', 'SQL 控制台未能准备您范围内的数据快照，请稍后再试。', { retry_after_s: 5 }),
  cancelled: () => new AppError(499, 'sql_cancelled', 'The request was cancelled', '请求已取消。'),
  unknownParam: (name: string, used: string[]) =>
    new AppError(
      400,
      'invalid_params',
      `Parameter "${name}": the statement has no $${name} (it uses: ${used.map((u) => `$${u}`).join(', ') || 'none'})`,
      `参数“${name}”：语句中没有 $${name}（语句使用的参数：${used.map((u) => `$${u}`).join('、') || '无'}）`,
      { param: name },
    ),
  missingParam: (name: string) =>
    new AppError(400, 'invalid_params', `Parameter "${name}": the statement uses $${name} but no value was given`, `参数“${name}”：语句使用了 $${name}，但没有提供值`, { param: name }),
};
