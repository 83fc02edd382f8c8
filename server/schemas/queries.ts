import { Type, type Static } from '@sinclair/typebox';
import { errorResponses } from './common.js';

export const FORMATS = ['json', 'csv', 'arrow'] as const;
export type Format = (typeof FORMATS)[number];

const ParamInfo = Type.Object({ name: Type.String(), type: Type.String(), label: Type.String(), description: Type.String() });
const ColumnInfo = Type.Object({ name: Type.String(), type: Type.String(), label: Type.String() });

export const QueryInfo = Type.Object({
  name: Type.String(),
  title: Type.String(),
  description: Type.String(),
  params: Type.Array(ParamInfo),
  columns: Type.Array(ColumnInfo),
});

export const listQueriesSchema = {
  tags: ['queries'],
  summary: 'The named queries with their parameters and columns',
  response: { 200: Type.Object({ queries: Type.Array(QueryInfo) }), ...errorResponses },
};

export const RunQueryParams = Type.Object({ '*': Type.String({ description: 'the query name, e.g. pass_rate_by_certificate' }) });
export type RunQueryParams = Static<typeof RunQueryParams>;

export const RunQueryQuerystring = Type.Object(
  { format: Type.Optional(Type.Union(FORMATS.map((f) => Type.Literal(f)))) },
  { additionalProperties: Type.Union([Type.String(), Type.Array(Type.String())]) },
);
export type RunQueryQuerystring = Static<typeof RunQueryQuerystring> & Record<string, string | string[] | undefined>;

export const JsonResult = Type.Object({
  columns: Type.Array(Type.Object({ name: Type.String(), type: Type.String() })),
  rows: Type.Array(Type.Record(Type.String(), Type.Unknown())),
  rowCount: Type.Integer(),
  truncated: Type.Boolean(),
});

export const runQuerySchema = {
  tags: ['queries'],
  summary: 'Run a named query',
  description:
    'Parameters as query-string values (see GET /api/queries). format=json (default), csv (UTF-8 with BOM) or arrow (Arrow IPC stream; also chosen by Accept: application/vnd.apache.arrow.stream).',
  params: RunQueryParams,
  querystring: RunQueryQuerystring,
  response: {
    200: {
      description: 'The result',
      content: {
        'application/json': { schema: JsonResult },
        'text/csv': { schema: { type: 'string' } },
        'application/vnd.apache.arrow.stream': { schema: { type: 'string', format: 'binary' } },
      },
    },
    ...errorResponses,
  },
};
