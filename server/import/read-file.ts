/**
 * The parse step of an import: a file's bytes → its raw tables (CSV/TSV,
 * XLSX, report text), with the encoding, delimiter and sheets it was read
 * with. The costly, attacker-shaped part of a preview, so it runs in the parse
 * worker (parse-worker.ts) under limits.ts; it touches neither the database
 * nor the server's state, and its answer is plain data (structured-cloneable).
 */
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { decodeBytes, decodeSample, type Decoded } from './decode.js';
import { readDelimited } from './delimited.js';
import { importErrors } from './errors.js';
import type { ImportLimits } from './limits.js';
import { places as loadPlaces } from './places.js';
import { readReportText, type Paragraph } from './report-text.js';
import { readXlsx, type SheetInfo } from './xlsx.js';
import type { RawTable } from './types.js';

export type FileFormat = 'csv' | 'tsv' | 'xlsx' | 'text';

/** Files above this are read as a sample only (candidate-level CSV). */
export const FULL_READ_LIMIT = 16 * 1024 * 1024;
export const SAMPLE_BYTES = 256 * 1024;

export interface ReadRequest {
  fileName: string;
  format: FileFormat;
  size: number;
  /** Either a path on disk (uploads, CLI) or the bytes (tests). */
  path?: string;
  bytes?: Uint8Array;
  encoding?: string | null;
  sheet?: string | null;
  /** XLSX only: a few kilobytes can unpack to gigabytes, so its parts, rows and cells are capped. */
  limits: Pick<ImportLimits, 'xlsxMaxUncompressedBytes' | 'maxRows' | 'maxCells'>;
}

export interface FileRead {
  tables: RawTable[];
  paragraphs: Paragraph[];
  title: string | null;
  headLines: string[];
  encoding: Decoded | null;
  delimiter: string | null;
  sheets: SheetInfo[] | null;
  sheet: string | null;
  /** Only the first SAMPLE_BYTES were read (a file above FULL_READ_LIMIT). */
  sampled: boolean;
}

function readHead(path: string, n: number): Buffer {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(n);
    const got = readSync(fd, buf, 0, n, 0);
    return buf.subarray(0, got);
  } finally {
    closeSync(fd);
  }
}

export function readFileTables(req: ReadRequest): FileRead | Promise<FileRead> {
  const bytes = () => (req.bytes ? Buffer.from(req.bytes.buffer, req.bytes.byteOffset, req.bytes.byteLength) : readFileSync(req.path!));
  const out: FileRead = { tables: [], paragraphs: [], title: null, headLines: [], encoding: null, delimiter: null, sheets: null, sheet: null, sampled: false };
  if (req.format === 'xlsx') {
    const limits = { maxUncompressedBytes: req.limits.xlsxMaxUncompressedBytes, maxRows: req.limits.maxRows, maxCells: req.limits.maxCells };
    return readXlsx(bytes(), req.fileName, req.sheet ?? null, limits).then((read) => {
      out.sheets = read.sheets;
      out.sheet = read.sheet;
      if (read.table) out.tables = [{ ...read.table, title: read.table.title ?? read.sheet }];
      return out;
    });
  }
  out.sampled = req.size > FULL_READ_LIMIT;
  const head = () => (req.bytes ? bytes().subarray(0, SAMPLE_BYTES) : readHead(req.path!, SAMPLE_BYTES));
  const encoding = out.sampled ? decodeSample(head(), req.encoding, req.fileName) : decodeBytes(bytes(), req.encoding, req.fileName);
  out.encoding = encoding;
  if (req.format === 'text' && !looksDelimited(encoding.text)) {
    if (out.sampled) throw importErrors.tooManyRows(Math.round(req.size / 1024), Math.round(FULL_READ_LIMIT / 1024));
    const report = readReportText(encoding.text, loadPlaces());
    out.tables = report.tables;
    out.paragraphs = report.paragraphs;
    out.title = report.title;
    out.headLines = report.head;
  } else {
    const read = readDelimited(out.sampled ? dropPartialLastLine(encoding.text) : encoding.text, req.format === 'tsv' ? '\t' : undefined);
    out.delimiter = read.delimiter;
    if (read.table) out.tables = [read.table];
  }
  // CSV, TSV and report text are read whole only up to FULL_READ_LIMIT bytes, so their cost follows the
  // file's size (within the worker's heap); row and cell caps would refuse legitimate candidate-level files.
  return out;
}

export function looksDelimited(text: string): boolean {
  const lines = text.split(/\r\n?|\n/).filter((l) => l.trim() !== '').slice(0, 50);
  if (lines.length < 2) return false;
  for (const sep of ['\t', ',']) {
    const counts = lines.map((l) => l.split(sep).length - 1);
    const first = counts[0]!;
    if (first >= 1 && counts.filter((c) => c === first).length >= lines.length * 0.9) return true;
  }
  return false;
}

function dropPartialLastLine(text: string): string {
  const i = text.lastIndexOf('\n');
  return i > 0 ? text.slice(0, i + 1) : text;
}
