/**
 * CSV and TSV text → one raw table, via papaparse (RFC 4180 quoting, embedded
 * newlines, CRLF). The delimiter is sniffed among comma, tab, semicolon and
 * bar. Rows above the header (a title row Excel users like to add) are kept
 * as the table's preamble, where the pipeline reads context from them.
 */
import Papa from 'papaparse';
import type { RawRow, RawTable } from './types.js';

export const DELIMITERS = [',', '\t', ';', '|'] as const;

export interface DelimitedGrid {
  delimiter: string;
  rows: string[][];
  /** 1-based line each row starts on. */
  lines: number[];
}

/** Parses delimited text into rows of strings, exactly as written (no trimming). */
export function parseDelimitedGrid(text: string, delimiter?: string): DelimitedGrid {
  const body = text.replace(/^\uFEFF/, '');
  const parsed = Papa.parse<string[]>(body, {
    delimiter: delimiter ?? '',
    delimitersToGuess: [...DELIMITERS],
    skipEmptyLines: false,
    header: false,
  });
  const rows: string[][] = [];
  const lines: number[] = [];
  // papaparse reports no line numbers; count newlines outside quotes as we go.
  const starts = rowStartLines(body);
  parsed.data.forEach((row, i) => {
    // A trailing newline gives one last row with a single empty cell: not a row.
    if (row.length === 1 && row[0] === '') return;
    rows.push(row);
    lines.push(starts[i] ?? i + 1);
  });
  return { delimiter: parsed.meta.delimiter, rows, lines };
}

/** The line each CSV record starts on, honouring quoted newlines. */
function rowStartLines(text: string): number[] {
  const out: number[] = [1];
  let line = 1;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      quoted = !quoted;
    } else if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) {
      line++;
      if (!quoted) out.push(line);
    }
  }
  return out;
}

/** Parses CSV/TSV into records keyed by the header (the csv-spectrum shape). */
export function parseDelimitedRecords(text: string): Record<string, string>[] {
  const { rows } = parseDelimitedGrid(text);
  const [header, ...data] = rows;
  if (!header) return [];
  return data.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
}

const filled = (row: string[]) => row.filter((c) => c.trim() !== '').length;

/**
 * The header is the first row with at least two filled cells whose next row is
 * not wider; rows before it are preamble (a title row, a unit line).
 */
export function gridToTable(rows: string[][], lines: (number | null)[], origin: RawTable['origin']): RawTable | null {
  let h = rows.findIndex((r) => filled(r) >= 2);
  if (h === -1) return null;
  const preamble = rows.slice(0, h).map((r) => r.filter((c) => c.trim() !== '').join(' ')).filter(Boolean);
  let width = 0;
  for (let i = h; i < rows.length; i++) width = Math.max(width, lastFilled(rows[i]!) + 1);
  const header = pad(rows[h]!, width).map((c) => c.trim());
  const data: RawRow[] = [];
  for (let i = h + 1; i < rows.length; i++) {
    if (filled(rows[i]!) === 0) continue;
    data.push({ cells: pad(rows[i]!, width), line: lines[i] ?? null });
  }
  return { key: '', title: preamble.at(-1) ?? null, annex: null, header, rows: data, origin, notes: [], rejoined: [], preamble, headerLine: lines[h] ?? null };
}

function lastFilled(row: string[]): number {
  for (let i = row.length - 1; i >= 0; i--) if (row[i]!.trim() !== '') return i;
  return -1;
}

function pad(row: string[], width: number): string[] {
  const out = row.slice(0, width);
  while (out.length < width) out.push('');
  return out;
}

/** CSV/TSV text → one raw table (null when there is no header row). */
export function readDelimited(text: string, delimiter?: string): { table: RawTable | null; delimiter: string } {
  const grid = parseDelimitedGrid(text, delimiter);
  const table = gridToTable(grid.rows, grid.lines, grid.delimiter === '\t' ? 'tsv' : 'csv');
  return { table, delimiter: grid.delimiter };
}
