import { Type, type Static } from '@sinclair/typebox';
import { ErrorResponse, errorResponses } from './common.js';

const Loose = { additionalProperties: true } as const;

export const Finding = Type.Object(
  {
    severity: Type.Union([Type.Literal('error'), Type.Literal('warning'), Type.Literal('info')]),
    code: Type.String({ description: 'stable snake_case code, e.g. stated_rate_mismatch' }),
    message: Type.String({ description: '中文说明 (from the finding registry, server/domain/findings-registry.ts)' }),
    message_en: Type.Optional(Type.Union([Type.String(), Type.Null()], { description: 'the same in English' })),
    title: Type.Optional(Type.String({ description: '该代码的含义（中文）' })),
    action: Type.Optional(Type.String({ description: '建议的处理（中文）' })),
    action_en: Type.Optional(Type.String({ description: 'what the data steward should do' })),
    source_file: Type.Union([Type.String(), Type.Null()]),
    source_table: Type.Union([Type.String(), Type.Null()]),
    source_row: Type.Union([Type.Integer(), Type.Null()]),
    source_column: Type.Union([Type.String(), Type.Null()]),
    printed_value: Type.Union([Type.String(), Type.Null()]),
    expected_value: Type.Union([Type.String(), Type.Null()]),
    cell: Type.Optional(Type.Union([Type.Object({ table: Type.String(), row: Type.Integer(), col: Type.Union([Type.Integer(), Type.Null()]) }), Type.Null()])),
    line: Type.Optional(Type.Union([Type.Integer(), Type.Null()])),
  },
  { $id: 'ImportFinding', description: 'A data-quality finding; `cell` points at the preview table cell (row -1 = header)' },
);

const ContextValue = Type.Union([
  Type.Object({ value: Type.Union([Type.String(), Type.Number()]), id: Type.Optional(Type.Union([Type.Integer(), Type.Null()])), from: Type.String(), evidence: Type.Optional(Type.Union([Type.String(), Type.Null()])) }),
  Type.Null(),
]);

export const Overlap = Type.Object({
  id: Type.Integer(),
  file_name: Type.String(),
  kind: Type.String(),
  imported_at: Type.Union([Type.String(), Type.Null()]),
  rows: Type.Integer({ description: 'rows of the new file that overlap it' }),
  tables: Type.Array(Type.Object({ table: Type.String(), rows: Type.Integer() })),
});

const PreviewTable = Type.Object(
  {
    key: Type.String({ description: 'source_table of its rows: exam, teachers, applications, annex1 …' }),
    overrideKey: Type.String({ description: 'the key to name this table by in a mapping override' }),
    title: Type.Union([Type.String(), Type.Null()]),
    origin: Type.String(),
    kind: Type.String(),
    kindLabel: Type.String(),
    reason: Type.String(),
    header: Type.Array(Type.String()),
    mapping: Type.Array(Type.Union([Type.String(), Type.Null()])),
    rows: Type.Array(Type.Object({ cells: Type.Array(Type.String()), line: Type.Union([Type.Integer(), Type.Null()]), role: Type.String(), sourceRow: Type.Union([Type.Integer(), Type.Null()]) })),
    rowCount: Type.Integer(),
    truncated: Type.Boolean(),
    factRows: Type.Integer(),
    rejoined: Type.Array(Type.Object({ row: Type.Integer(), col: Type.Integer(), pieces: Type.Array(Type.String()), how: Type.String() })),
    notes: Type.Array(Type.String()),
  },
  Loose,
);

export const Preview = Type.Object(
  {
    fileName: Type.String(),
    sha256: Type.String(),
    size: Type.Integer(),
    format: Type.String({ description: 'csv | tsv | xlsx | text' }),
    encoding: Type.Union([Type.Object({ name: Type.String(), label: Type.String(), detected: Type.Boolean(), bom: Type.Boolean() }), Type.Null()]),
    delimiter: Type.Union([Type.String(), Type.Null()]),
    sheets: Type.Union([Type.Array(Type.Object({ name: Type.String(), rows: Type.Integer() })), Type.Null()]),
    sheet: Type.Union([Type.String(), Type.Null()]),
    title: Type.Union([Type.String(), Type.Null()]),
    kind: Type.String(),
    context: Type.Object({ school: ContextValue, year: ContextValue, province: ContextValue, city: ContextValue }),
    missing: Type.Array(Type.String(), { description: 'context fields to fill: school, year, province, city' }),
    tables: Type.Array(PreviewTable),
    narrative: Type.Array(Type.Object({ line: Type.Integer(), label: Type.String(), metric: Type.String(), value: Type.String(), batch: Type.Union([Type.String(), Type.Null()]) })),
    rowCounts: Type.Record(Type.String(), Type.Integer()),
    facts: Type.Record(Type.String(), Type.Array(Type.Record(Type.String(), Type.Unknown()))),
    factsTruncated: Type.Boolean(),
    findings: Type.Array(Finding),
    counts: Type.Object({ error: Type.Integer(), warning: Type.Integer(), info: Type.Integer() }),
    ok: Type.Boolean(),
    overlaps: Type.Array(Overlap, { description: 'committed imports holding the same facts (school, year, certificate, level; province, year, programme, city for quotas): a commit must then send overlap=replace or overlap=keep with a reason' }),
    records: Type.Union([Type.Object({ rows: Type.Union([Type.Integer(), Type.Null()]), certificates: Type.Array(Type.Object({ printed: Type.String(), rows: Type.Integer(), certificate: Type.Union([Type.String(), Type.Null()]) })), keyColumn: Type.String() }), Type.Null()]),
  },
  { ...Loose, $id: 'ImportPreview' },
);

export const ImportRecord = Type.Object({
  id: Type.Integer(),
  file_name: Type.String(),
  sha256: Type.String(),
  kind: Type.String(),
  imported_by: Type.String(),
  imported_at: Type.String(),
  row_count: Type.Integer(),
  status: Type.String({ description: 'pending (being written; its rows do not count yet) | committed | undone | replaced' }),
  note: Type.Union([Type.String(), Type.Null()]),
  overlap_choice: Type.Union([Type.String(), Type.Null()], { description: 'replace | keep, when it overlapped earlier imports' }),
  overlap_reason: Type.Union([Type.String(), Type.Null()], { description: 'why both were kept (overlap=keep)' }),
  overlap_imports: Type.Array(Type.Integer(), { description: 'the earlier imports it overlapped' }),
  errors: Type.Integer(),
  warnings: Type.Integer(),
  infos: Type.Integer(),
});
export type ImportRecord = Static<typeof ImportRecord>;

const Duplicate = Type.Union([Type.Object({ id: Type.Integer(), file_name: Type.String(), kind: Type.String(), imported_at: Type.Union([Type.String(), Type.Null()]), imported_by: Type.String() }), Type.Null()]);

export const PostImportQuerystring = Type.Object({
  dryRun: Type.Optional(Type.Union([Type.Literal('true'), Type.Literal('false'), Type.Literal('1'), Type.Literal('0')], { description: 'true: preview only, write nothing' })),
});
export type PostImportQuerystring = Static<typeof PostImportQuerystring>;

export const postImportSchema = {
  tags: ['imports'],
  summary: 'Import a file (CSV, TSV, XLSX or report text), or preview it',
  description: [
    'multipart/form-data with the field `file`; optional fields `kind`, `school`, `year`, `province`, `city`, `encoding` (auto, UTF-8, GB18030/GBK …), `sheet`, `mapping` (JSON: {"<header>": "<field>"} or {"tables": {"<key>": {"kind", "columns"}}}), `replace` (true to replace an import of the same file), `overlap` (replace | keep) and `reason` (required with keep) when the file overlaps committed imports.',
    '`?dryRun=true` answers 200 with the preview (tables, mapping, row counts, facts, findings) and writes nothing.',
    'Without dryRun the caller must be signed in (session cookie from POST /api/session with its CSRF token, HTTP Basic, or a Bearer token) as the administrator, an official whose provinces cover every row, or the dean of the one school the rows belong to: 401 `sign_in_required` (anonymous) or 403 `read_only_role` (analyst) before the upload is read, 403 `outside_scope` when a row is beyond the scope. The import is written in one transaction (201), or nothing is written: 422 with the findings when any is an error (or a context field is missing: `error.missing`), 409 for a file already imported (same sha256) unless replace=true, 409 `overlap_needs_choice` (naming the imports in `error.overlaps`) when its facts overlap committed imports and no `overlap` choice was sent (replacing them needs write access to them too), 413 over the size limit (XPILOT_IMPORT_MAX_MB, default 50).',
  ].join('\n\n'),
  consumes: ['multipart/form-data'],
  querystring: PostImportQuerystring,
  response: {
    200: Type.Object({ preview: Preview, duplicateOf: Duplicate }),
    201: Type.Object({ import: ImportRecord, replaced: Type.Union([Type.Integer(), Type.Null()]), overlapReplaced: Type.Array(Type.Integer()), rowCounts: Type.Record(Type.String(), Type.Integer()), preview: Preview }),
    ...errorResponses,
    401: ErrorResponse,
    403: ErrorResponse,
    409: ErrorResponse,
    413: ErrorResponse,
    422: ErrorResponse,
    429: ErrorResponse,
  },
};

export const listImportsSchema = {
  tags: ['imports'],
  summary: 'Import history: who imported what, when, how many rows and findings',
  querystring: Type.Object({ limit: Type.Optional(Type.String({ pattern: '^[0-9]{1,4}$' })) }),
  response: { 200: Type.Object({ imports: Type.Array(ImportRecord) }), ...errorResponses },
};

export const ImportIdParams = Type.Object({ id: Type.String({ pattern: '^[0-9]{1,9}$', description: 'import id' }) });
export type ImportIdParams = Static<typeof ImportIdParams>;

export const getImportSchema = {
  tags: ['imports'],
  summary: 'One import with its findings and row counts per table',
  params: ImportIdParams,
  response: {
    200: Type.Object({ import: ImportRecord, findings: Type.Array(Finding), rowCounts: Type.Record(Type.String(), Type.Integer()) }),
    ...errorResponses,
  },
};

export const deleteImportSchema = {
  tags: ['imports'],
  summary: 'Undo an import: remove exactly its rows and mark it undone (administrator; an official or dean whose scope covers every row)',
  params: ImportIdParams,
  response: {
    200: Type.Object({ id: Type.Integer(), status: Type.Literal('undone'), removed: Type.Record(Type.String(), Type.Integer()) }),
    ...errorResponses,
    401: ErrorResponse,
    403: ErrorResponse,
    409: ErrorResponse,
    429: ErrorResponse,
  },
};

export type PreviewBody = Static<typeof Preview>;
