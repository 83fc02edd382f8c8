/**
 * A result set in one of the API's formats, as a body ready to send: the
 * same encoders serve named queries (in the server process) and the SQL
 * console (in its worker process, which sends the bytes back).
 */
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import type { DuckDBConnection } from '@duckdb/node-api';
import { resultToCsv } from './csv.js';
import { resultToArrowStream } from './arrow.js';
import { writeParquet } from './parquet.js';
import { resultToXlsxStream } from './xlsx.js';
import { resultRows, type ResultSet } from './result-set.js';
import type { Format } from '../schemas/queries.js';
import type { PageInfo } from '../schemas/paging.js';

export const ARROW_MIME = 'application/vnd.apache.arrow.stream';
export const PARQUET_MIME = 'application/vnd.apache.parquet';
export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const CSV_MIME = 'text/csv; charset=utf-8';
export const JSON_MIME = 'application/json; charset=utf-8';

export type Scratch = <T>(dir: string, fn: (conn: DuckDBConnection) => Promise<T>) => Promise<T>;

export interface EncodeOptions {
  /** Header text per column for XLSX (Chinese labels). */
  labels?: Record<string, string>;
  /** CSV headers: `en` column names (default, the API's stable form) or `zh` labels with rates as shown. */
  headers?: 'en' | 'zh';
  /** XLSX sheet name (the query's Chinese title). */
  sheetName?: string;
  durationMs?: number;
  /** Where Parquet is written (a scratch DuckDB instance). */
  scratch: Scratch;
  /** The JSON rows, when the caller already has them (named queries). */
  rows?: Record<string, unknown>[];
  /** A named query's page (total before paging, offset, limit): added to the JSON answer. */
  page?: PageInfo;
}

export interface Encoded {
  contentType: string;
  /** File extension when the answer is a download (Content-Disposition: attachment). */
  download?: string;
  body: Readable | string;
  length?: number;
}

export async function encodeResult(rs: ResultSet, format: Format, opts: EncodeOptions): Promise<Encoded> {
  switch (format) {
    case 'csv':
      return { contentType: CSV_MIME, download: 'csv', body: Readable.from(resultToCsv(rs, { labels: opts.labels, headers: opts.headers })) };
    case 'arrow':
      return { contentType: ARROW_MIME, body: resultToArrowStream(rs) };
    case 'xlsx':
      return { contentType: XLSX_MIME, download: 'xlsx', body: resultToXlsxStream(rs, { labels: opts.labels, sheetName: opts.sheetName }) };
    case 'parquet': {
      const file = await writeParquet(opts.scratch, rs);
      const stream = createReadStream(file.path);
      stream.once('close', file.cleanup);
      return { contentType: PARQUET_MIME, download: 'parquet', body: stream, length: file.size };
    }
    default: {
      const body = {
        columns: rs.columns,
        rows: opts.rows ?? resultRows(rs),
        rowCount: rs.rowCount,
        truncated: rs.truncated,
        rowLimit: rs.rowLimit,
        ...(opts.durationMs !== undefined ? { durationMs: Math.round(opts.durationMs) } : {}),
        ...opts.page,
      };
      // One JSON.stringify (not the response schema's serializer), so a 100 000-row answer stays fast.
      return { contentType: JSON_MIME, body: JSON.stringify(body) };
    }
  }
}
