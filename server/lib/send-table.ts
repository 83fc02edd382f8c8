/**
 * Answers a request with a table in the format it asks for (query string
 * first, then Accept): json (default), csv (UTF-8 with BOM), xlsx, arrow (IPC
 * stream) or parquet (written by DuckDB). Named queries and the SQL console
 * both answer through here, so a format behaves the same everywhere.
 *
 * Every answer says how many rows it holds and which cap applied:
 * `X-Row-Count`, `X-Row-Limit`, `X-Truncated` (and `X-Duration-Ms` when known).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ARROW_MIME, encodeResult, type Encoded } from './encode-result.js';
import { tableResult, type ResultSet } from './result-set.js';
import type { QueryResult } from '../plugins/app/queries.js';
import type { Format } from '../schemas/queries.js';

export { ARROW_MIME, PARQUET_MIME, XLSX_MIME } from './encode-result.js';

export function chooseFormat(request: FastifyRequest): Format {
  const asked = (request.query as { format?: string } | undefined)?.format;
  if (asked) return asked as Format;
  return request.headers.accept?.includes(ARROW_MIME) ? 'arrow' : 'json';
}

/** RFC 5987 filename so Chinese names survive. */
export function attachment(name: string, ext: string): string {
  const base = name.replace(/[\/\\]/g, '_');
  return `attachment; filename="${base.replace(/[^\x20-\x7e]/g, '_').replace(/"/g, '_')}.${ext}"; filename*=UTF-8''${encodeURIComponent(base)}.${ext}`;
}

export interface TableHead {
  rowCount: number;
  truncated: boolean;
  rowLimit: number;
  durationMs?: number;
}

/** Sends an already encoded table with the row-count headers. */
export function sendEncoded(reply: FastifyReply, head: TableHead, encoded: Encoded, name: string) {
  reply.header('X-Row-Count', String(head.rowCount)).header('X-Truncated', String(head.truncated)).header('X-Row-Limit', String(head.rowLimit));
  if (head.durationMs !== undefined) reply.header('X-Duration-Ms', String(Math.round(head.durationMs)));
  if (encoded.download) reply.header('Content-Disposition', attachment(name, encoded.download));
  if (encoded.length !== undefined) reply.header('Content-Length', String(encoded.length));
  return reply.type(encoded.contentType).send(encoded.body);
}

export interface SendOptions {
  format?: Format;
  /** Header text per column for XLSX (Chinese labels). */
  labels?: Record<string, string>;
  headers?: 'en' | 'zh';
  sheetName?: string;
  durationMs?: number;
}

function isResultSet(result: QueryResult | ResultSet): result is ResultSet {
  return typeof (result as ResultSet).batches === 'function';
}

export async function sendTable(request: FastifyRequest, reply: FastifyReply, result: QueryResult | ResultSet, name: string, opts: SendOptions = {}) {
  const rs = isResultSet(result) ? result : tableResult(result, result.truncated, result.rowLimit ?? result.rows.length);
  const format = opts.format ?? chooseFormat(request);
  const encoded = await encodeResult(rs, format, {
    labels: opts.labels,
    headers: opts.headers,
    sheetName: opts.sheetName,
    durationMs: opts.durationMs,
    scratch: request.server.db.scratch,
    rows: isResultSet(result) ? undefined : result.rows,
  });
  return sendEncoded(reply, { ...rs, durationMs: opts.durationMs }, encoded, name);
}
