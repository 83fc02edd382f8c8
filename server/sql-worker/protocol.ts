/**
 * Messages between the server and its SQL worker process (Node IPC with
 * structured-clone serialization, so byte chunks travel as Uint8Array).
 */
import type { Format } from '../schemas/queries.js';
import type { SqlLimits } from '../lib/sql-guard.js';

export type SqlParamValue = string | number | boolean | null;

export interface SchemaColumn {
  name: string;
  type: string;
  nullable: boolean;
  samples: string[];
}

export interface SchemaTable {
  name: string;
  comment: string | null;
  rowCount: number;
  columns: SchemaColumn[];
}

export interface SchemaInfo {
  version: string;
  tables: SchemaTable[];
  macros: { name: string; parameters: string[] }[];
}

export interface WireError {
  status: number;
  code: string;
  message: string;
  messageZh: string;
  details?: Record<string, unknown>;
}

export type ToWorker =
  | { t: 'open'; file: string; dir: string; version: string; limits: SqlLimits }
  | {
      t: 'run';
      id: number;
      sql: string;
      params: Record<string, SqlParamValue>;
      format: Format;
      rowLimit: number;
      timeoutMs: number;
      /** Bytes the worker may send ahead of the server's acks. */
      window: number;
      /** Answer sql_xlsx_too_many_rows instead of a truncated result (the XLSX cap, not a limit the user chose). */
      refuseTruncated?: boolean;
    }
  /** The server handed this many bytes of an answer on: the worker may send as many more. */
  | { t: 'ack'; id: number; bytes: number }
  | { t: 'cancel'; id: number }
  | { t: 'drain' }
  | { t: 'schema'; id: number };

export interface Head {
  /** Null when the answer streams before its end is known (a long Arrow answer); the end message then says. */
  rowCount: number | null;
  truncated: boolean | null;
  rowLimit: number;
  durationMs: number;
  contentType: string;
  download?: string;
  length?: number;
}

export type FromWorker =
  | { t: 'ready' }
  | { t: 'opened'; version: string; openMs: number }
  | { t: 'open-failed'; version: string; error: string }
  | { t: 'retired'; dir: string }
  | { t: 'recycle'; dataBytes: number }
  | { t: 'head'; id: number; head: Head }
  | { t: 'data'; id: number; bytes: Uint8Array }
  | { t: 'end'; id: number; tail?: { rowCount: number; truncated: boolean } }
  | { t: 'fail'; id: number; error: WireError }
  | { t: 'schema'; id: number; schema: SchemaInfo };
