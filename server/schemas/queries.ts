import { Type, type Static } from '@sinclair/typebox';
import { ErrorResponse, errorResponses } from './common.js';
import { PageInfo, PageQuerystring } from './paging.js';

export const FORMATS = ['json', 'csv', 'xlsx', 'arrow', 'parquet'] as const;
export type Format = (typeof FORMATS)[number];

const ParamInfo = Type.Object({ name: Type.String(), type: Type.String(), label: Type.String(), description: Type.String() });
const ColumnInfo = Type.Object({ name: Type.String(), type: Type.String(), label: Type.String() });

export const QueryInfo = Type.Object({
  name: Type.String(),
  title: Type.String(),
  description: Type.String(),
  params: Type.Array(ParamInfo),
  columns: Type.Array(ColumnInfo),
  sql: Type.Optional(Type.String({ description: 'the query file itself (header included); the SQL console offers it as a template' })),
});

export const listQueriesSchema = {
  tags: ['queries'],
  summary: 'The named queries with their parameters and columns',
  response: { 200: Type.Object({ queries: Type.Array(QueryInfo) }), ...errorResponses },
};

export const RunQueryParams = Type.Object({ '*': Type.String({ description: 'the query name, e.g. pass_rate_by_certificate' }) });
export type RunQueryParams = Static<typeof RunQueryParams>;

export const RunQueryQuerystring = Type.Object(
  {
    format: Type.Optional(Type.Union(FORMATS.map((f) => Type.Literal(f)))),
    headers: Type.Optional(
      Type.Union([Type.Literal('en'), Type.Literal('zh')], {
        description: 'CSV only. en (default): column names, full precision. zh: the Chinese column labels (as in the XLSX), rates rounded as shown (80.1%), coded values in words — the file the page offers.',
      }),
    ),
    filename: Type.Optional(
      Type.String({ minLength: 1, maxLength: 120, description: 'CSV/XLSX: the download\'s file name without extension (RFC 5987 filename*); default for XLSX and headers=zh: the query\'s Chinese title and the parameter values, e.g. 各证书通过率_2020_广东' }),
    ),
    ...PageQuerystring,
  },
  { additionalProperties: Type.Union([Type.String(), Type.Array(Type.String())]) },
);
export type RunQueryQuerystring = Static<typeof RunQueryQuerystring> & Record<string, string | string[] | undefined>;

export const JsonResult = Type.Object({
  columns: Type.Array(Type.Object({ name: Type.String(), type: Type.String() })),
  rows: Type.Array(Type.Record(Type.String(), Type.Unknown())),
  rowCount: Type.Integer(),
  truncated: Type.Boolean(),
  rowLimit: Type.Optional(Type.Integer({ description: 'the row cap that applied (also in the X-Row-Limit header)' })),
  durationMs: Type.Optional(Type.Integer()),
});

/** A named query's JSON answer: the table plus its page (server/schemas/paging.ts). */
export const NamedQueryResult = Type.Composite([JsonResult, PageInfo]);

/** The 200 answer in every format (JSON, CSV, XLSX, Arrow IPC stream, Parquet). */
export const tableResponse = {
  description: 'The result. X-Row-Count, X-Row-Limit and X-Truncated headers say how many rows it holds and which cap applied.',
  content: {
    'application/json': { schema: JsonResult },
    'text/csv': { schema: { type: 'string' } },
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: { type: 'string', format: 'binary' } },
    'application/vnd.apache.arrow.stream': { schema: { type: 'string', format: 'binary' } },
    'application/vnd.apache.parquet': { schema: { type: 'string', format: 'binary' } },
  },
};

/** A named query's 200 answer: JSON carries its page. */
const namedTableResponse = { ...tableResponse, content: { ...tableResponse.content, 'application/json': { schema: NamedQueryResult } } };

export const runQuerySchema = {
  tags: ['queries'],
  summary: 'Run a named query',
  description:
    'Parameters as query-string values (see GET /api/queries). format=json (default), csv (UTF-8 with BOM), xlsx, arrow (Arrow IPC stream; also chosen by Accept: application/vnd.apache.arrow.stream) or parquet. limit (1–100 000, default 100 000) and offset page the result inside DuckDB; the answer gives total (rows before paging; X-Total-Rows), offset and limit, and truncated when rows exist beyond this page.',
  params: RunQueryParams,
  querystring: RunQueryQuerystring,
  response: {
    200: namedTableResponse,
    ...errorResponses,
    // Too many cache misses at once: server_busy, with Retry-After.
    503: ErrorResponse,
  },
};
