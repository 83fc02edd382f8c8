/**
 * Bounds on the work one uploaded file may cause before anyone has signed in
 * (a preview is open to all): how much an XLSX may unpack to, how many rows
 * and cells a table may have, and the memory and time the parse step gets in
 * its worker thread. Read from the environment (README: Configuration).
 */
import { positiveIntEnv } from '../lib/env.js';

export interface ImportLimits {
  /** Total bytes the XML parts of one XLSX may unpack to (XPILOT_XLSX_MAX_UNCOMPRESSED_MB). */
  xlsxMaxUncompressedBytes: number;
  /** Rows of one summary table (XPILOT_IMPORT_MAX_ROWS). */
  maxRows: number;
  /** Cells of one summary table (XPILOT_IMPORT_MAX_CELLS). */
  maxCells: number;
  /** Heap of the parse worker (XPILOT_IMPORT_WORKER_MEMORY_MB). */
  workerMemoryMb: number;
  /** Wall time of one parse (XPILOT_IMPORT_PARSE_TIMEOUT_MS). */
  parseTimeoutMs: number;
  /** Files parsed at once; more wait in line (XPILOT_IMPORT_PARSE_CONCURRENCY). */
  concurrency: number;
}

export function readImportLimits(env: NodeJS.ProcessEnv = process.env): ImportLimits {
  return {
    xlsxMaxUncompressedBytes: positiveIntEnv(env, 'XPILOT_XLSX_MAX_UNCOMPRESSED_MB', 100) * 1024 * 1024,
    maxRows: positiveIntEnv(env, 'XPILOT_IMPORT_MAX_ROWS', 100_000),
    maxCells: positiveIntEnv(env, 'XPILOT_IMPORT_MAX_CELLS', 1_000_000),
    workerMemoryMb: positiveIntEnv(env, 'XPILOT_IMPORT_WORKER_MEMORY_MB', 1024),
    parseTimeoutMs: positiveIntEnv(env, 'XPILOT_IMPORT_PARSE_TIMEOUT_MS', 60_000),
    concurrency: positiveIntEnv(env, 'XPILOT_IMPORT_PARSE_CONCURRENCY', 1),
  };
}
