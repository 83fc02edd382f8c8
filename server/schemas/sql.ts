import { Type, type Static } from '@sinclair/typebox';
import { ErrorResponse, errorResponses } from './common.js';
import { FORMATS, tableResponse } from './queries.js';

const FormatEnum = Type.Union(FORMATS.map((f) => Type.Literal(f)));
const ParamValue = Type.Union([Type.String({ maxLength: 10_000 }), Type.Number(), Type.Boolean(), Type.Null()]);

export const SqlParams = Type.Record(Type.String({ pattern: '^[A-Za-z_][A-Za-z0-9_]*$|^[0-9]+$' }), ParamValue, {
  description: 'Values for the statement\'s $name parameters (bound, never spliced into the SQL)',
});

export const SqlBody = Type.Object(
  {
    sql: Type.String({ maxLength: 100_000, description: 'exactly one read-only statement (SELECT / WITH / VALUES / PIVOT / UNPIVOT / DESCRIBE / SHOW / SUMMARIZE / EXPLAIN)' }),
    params: Type.Optional(SqlParams),
    format: Type.Optional(FormatEnum),
    limit: Type.Optional(Type.Integer({ minimum: 1, description: 'at most this many rows (never above the format\'s cap; see GET /api/sql/limits)' })),
  },
  { additionalProperties: false },
);
export type SqlBody = Static<typeof SqlBody>;

export const SqlQuerystring = Type.Object({ format: Type.Optional(FormatEnum) }, { additionalProperties: false });
export type SqlQuerystring = Static<typeof SqlQuerystring>;

const sqlErrors = { ...errorResponses, 403: ErrorResponse, 422: ErrorResponse, 429: ErrorResponse, 503: ErrorResponse };

export const runSqlSchema = {
  tags: ['sql'],
  summary: 'Run one read-only SQL statement in the sandbox',
  description: [
    'Runs exactly one read-only statement on a sandboxed, read-only copy of the analyst-visible tables (facts, registry, regions, findings, imports).',
    'The sandbox cannot read or write files or the network, attach databases, install or load extensions or change settings.',
    'Formats as for named queries: format (body or query string) json (default), csv, xlsx, arrow (also by Accept: application/vnd.apache.arrow.stream), parquet.',
    'Limits: a time limit (sql_timeout), a row cap per format (X-Row-Limit; truncated: true above it), a memory limit, and a few running statements per user (sql_too_many_running, 429).',
    'Exports (answers that may exceed the grid\'s cap) run a few at a time and queue; a full queue answers 503 sql_export_queue_full with Retry-After. XLSX stops at XPILOT_SQL_XLSX_MAX_ROWS: a longer result answers 422 sql_xlsx_too_many_rows.',
    'While the first data snapshot is being made the console answers 503 sql_preparing with Retry-After; a stopped engine answers 503 sql_worker_crashed or sql_worker_starting_failed (with Retry-After), or 422 sql_out_of_memory when it ran out of memory.',
    'Errors from DuckDB carry position/line/column when DuckDB marks one.',
  ].join(' '),
  body: SqlBody,
  querystring: SqlQuerystring,
  response: { 200: tableResponse, ...sqlErrors },
};

export const SqlLimitsResponse = Type.Object({
  timeoutMs: Type.Integer(),
  maxRows: Type.Integer({ description: 'JSON answers and the console grid' }),
  exportMaxRows: Type.Integer({ description: 'CSV, Parquet and Arrow downloads' }),
  memoryLimit: Type.String(),
  threads: Type.Integer(),
  maxRunningPerUser: Type.Integer(),
  xlsxMaxRows: Type.Integer({ description: 'XLSX downloads: a longer result is refused (422 sql_xlsx_too_many_rows)' }),
  exportsRunning: Type.Integer({ description: 'exports encoded at once; more wait' }),
  exportsQueued: Type.Integer({ description: 'exports that may wait; beyond, 503 sql_export_queue_full' }),
  ready: Type.Optional(Type.Boolean({ description: 'false while the first data snapshot is being made' })),
  caps: Type.Record(Type.String(), Type.Object({ default: Type.Integer(), max: Type.Integer() }), { description: 'rows per format: by default and at most' }),
  refresh: Type.Optional(Type.Object({ version: Type.String(), snapshotMs: Type.Number(), openMs: Type.Number(), totalMs: Type.Number() })),
});

export const sqlLimitsSchema = {
  tags: ['sql'],
  summary: 'The SQL console\'s limits (time, rows per format, memory, running statements)',
  response: { 200: SqlLimitsResponse, ...errorResponses },
};

export const HistoryItem = Type.Object({
  id: Type.Integer(),
  startedAt: Type.String(),
  sql: Type.String({ description: 'the statement, or its first 4 KB when sqlTruncated' }),
  sqlTruncated: Type.Boolean({ description: 'sql is only the beginning of the statement (the audit log keeps 4 KB)' }),
  sqlBytes: Type.Integer({ description: 'size of the whole statement in UTF-8 bytes' }),
  sqlSha256: Type.Union([Type.String(), Type.Null()], { description: 'sha256 of the whole statement (hex)' }),
  params: Type.Record(Type.String(), Type.Unknown()),
  format: Type.Union([Type.String(), Type.Null()]),
  durationMs: Type.Union([Type.Integer(), Type.Null()]),
  rowCount: Type.Union([Type.Integer(), Type.Null()]),
  truncated: Type.Union([Type.Boolean(), Type.Null()]),
  outcome: Type.String({ description: 'ok | refused | error | timeout | cancelled' }),
  errorCode: Type.Union([Type.String(), Type.Null()]),
});

export const HistoryQuerystring = Type.Object({ limit: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,2}$', description: 'at most this many (1–999, default 50)' })) }, { additionalProperties: false });
export type HistoryQuerystring = Static<typeof HistoryQuerystring>;

export const sqlHistorySchema = {
  tags: ['sql'],
  summary: 'Your recent statements (from the audit log), newest first',
  querystring: HistoryQuerystring,
  response: { 200: Type.Object({ user: Type.String(), items: Type.Array(HistoryItem) }), ...errorResponses },
};

const SchemaColumn = Type.Object({ name: Type.String(), type: Type.String(), nullable: Type.Boolean(), samples: Type.Array(Type.String()) });
const SchemaTable = Type.Object({ name: Type.String(), comment: Type.Union([Type.String(), Type.Null()]), rowCount: Type.Integer(), columns: Type.Array(SchemaColumn) });

export const schemaSchema = {
  tags: ['sql'],
  summary: 'What the SQL console can query: tables, columns, types, row counts, sample values, table comments, macros',
  response: {
    200: Type.Object({
      version: Type.String(),
      tables: Type.Array(SchemaTable),
      macros: Type.Array(Type.Object({ name: Type.String(), parameters: Type.Array(Type.String()) })),
    }),
    ...errorResponses,
  },
};

export const SavedQuery = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  description: Type.Union([Type.String(), Type.Null()]),
  owner: Type.String(),
  sql: Type.String(),
  params: Type.Record(Type.String(), Type.Unknown()),
  createdAt: Type.String(),
});

export const SavedQueryBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    description: Type.Optional(Type.String({ maxLength: 1000 })),
    sql: Type.String({ minLength: 1, maxLength: 100_000 }),
    params: Type.Optional(SqlParams),
  },
  { additionalProperties: false },
);
export type SavedQueryBody = Static<typeof SavedQueryBody>;

export const SavedQueryParams = Type.Object({ id: Type.String({ pattern: '^[0-9]{1,9}$' }) });
export type SavedQueryParams = Static<typeof SavedQueryParams>;

export const SavedQueryListQuerystring = Type.Object(
  {
    limit: Type.Optional(Type.String({ pattern: '^(?:[1-9][0-9]?|1[0-9][0-9]|200)$', description: 'page size, 1–200 (default 50)' })),
    offset: Type.Optional(Type.String({ pattern: '^[0-9]{1,9}$', description: 'skip this many (default 0)' })),
  },
  { additionalProperties: false },
);
export type SavedQueryListQuerystring = Static<typeof SavedQueryListQuerystring>;

export const listSavedQueriesSchema = {
  tags: ['sql'],
  summary: 'Saved SQL queries (everyone\'s), newest first, one page at a time',
  querystring: SavedQueryListQuerystring,
  response: { 200: Type.Object({ items: Type.Array(SavedQuery), total: Type.Integer({ description: 'all saved queries' }), limit: Type.Integer(), offset: Type.Integer() }), ...errorResponses },
};
export const getSavedQuerySchema = {
  tags: ['sql'],
  summary: 'One saved SQL query',
  params: SavedQueryParams,
  response: { 200: SavedQuery, ...errorResponses },
};
export const createSavedQuerySchema = {
  tags: ['sql'],
  summary: 'Save a SQL query (you become its owner; at most XPILOT_SAVED_QUERIES_MAX per owner, 409 saved_queries_limit beyond)',
  body: SavedQueryBody,
  response: { 201: SavedQuery, 409: ErrorResponse, ...errorResponses },
};
export const deleteSavedQuerySchema = {
  tags: ['sql'],
  summary: 'Delete a saved SQL query (its owner only)',
  params: SavedQueryParams,
  response: { 204: Type.Null(), 403: ErrorResponse, ...errorResponses },
};
