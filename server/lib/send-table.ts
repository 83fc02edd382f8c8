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
import type { Readable } from 'node:stream';
import { ARROW_MIME, CSV_MIME, JSON_MIME, encodeResult, type Encoded } from './encode-result.js';
import { tableResult, type ResultSet } from './result-set.js';
import type { QueryResult } from '../plugins/app/queries.js';
import type { Format } from '../schemas/queries.js';
import type { PageInfo } from '../schemas/paging.js';

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
  /** Null when the answer streams before its end is known: X-Row-Count and X-Truncated are then left out. */
  rowCount: number | null;
  truncated: boolean | null;
  rowLimit: number;
  durationMs?: number;
}

/** Sends an already encoded table with the row-count headers. */
export function sendEncoded(reply: FastifyReply, head: TableHead, encoded: Omit<Encoded, 'body'> & { body: Encoded['body'] | Buffer }, name: string) {
  if (head.rowCount !== null) reply.header('X-Row-Count', String(head.rowCount));
  if (head.truncated !== null) reply.header('X-Truncated', String(head.truncated));
  reply.header('X-Row-Limit', String(head.rowLimit));
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
  /** A named query's page: in the JSON answer and the X-Total-Rows header. */
  page?: PageInfo;
}

function isResultSet(result: QueryResult | ResultSet): result is ResultSet {
  return typeof (result as ResultSet).batches === 'function';
}

const KEPT_HEADS: Record<'json' | 'csv' | 'arrow', Omit<Encoded, 'body'>> = {
  json: { contentType: JSON_MIME },
  csv: { contentType: CSV_MIME, download: 'csv' },
  arrow: { contentType: ARROW_MIME },
};

/** Formats whose bytes are kept with a cached named-query result (downloads of XLSX and Parquet are rare and made fresh). */
const KEPT_FORMATS = new Set<Format>(['json', 'csv', 'arrow']);

async function collect(body: Readable | string): Promise<Buffer> {
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  const parts: Buffer[] = [];
  for await (const part of body) parts.push(typeof part === 'string' ? Buffer.from(part, 'utf8') : Buffer.from(part as Uint8Array));
  return Buffer.concat(parts);
}

export async function sendTable(request: FastifyRequest, reply: FastifyReply, result: QueryResult | ResultSet, name: string, opts: SendOptions = {}) {
  const rs = isResultSet(result) ? result : tableResult(result, result.truncated, result.rowLimit ?? result.rows.length);
  const format = opts.format ?? chooseFormat(request);
  if (opts.page) reply.header('X-Total-Rows', String(opts.page.total));
  // A CSV for people (headers=zh: labels, rounded rates) is made afresh; the kept bytes are the API's default CSV.
  if (!isResultSet(result) && result.encoded && KEPT_FORMATS.has(format) && opts.headers !== 'zh') {
    // The page info belongs to the cached result itself (its total, offset and limit), so it is kept in the bytes.
    const body = await result.encoded(format, async () => {
      const made = await encodeResult(rs, format, { scratch: request.server.db.scratch, rows: result.rows, page: opts.page });
      return collect(made.body);
    });
    // The content type and download name of a kept format do not depend on the rows.
    return sendEncoded(reply, { ...rs, durationMs: opts.durationMs }, { ...KEPT_HEADS[format as 'json' | 'csv' | 'arrow'], body, length: body.length }, name);
  }
  const encoded = await encodeResult(rs, format, {
    labels: opts.labels,
    headers: opts.headers,
    sheetName: opts.sheetName,
    durationMs: opts.durationMs,
    scratch: request.server.db.scratch,
    rows: isResultSet(result) ? undefined : result.rows,
    page: opts.page,
  });
  return sendEncoded(reply, { ...rs, durationMs: opts.durationMs }, encoded, name);
}
