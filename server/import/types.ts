/**
 * The shapes that travel through the import pipeline: a file becomes raw
 * tables (cells as printed, with where each came from), a kind and a column
 * mapping per table, then a FactSet with findings.
 */
import type { Finding } from '../domain/facts.js';

/** One row of a raw table: the cells as printed (wrapped pieces already rejoined). */
export interface RawRow {
  cells: string[];
  /** 1-based line of the document (text, CSV) or sheet row (XLSX) the row starts on. */
  line: number | null;
}

/** A cell that PDF extraction (or a merged cell) spread over several lines, put back together. */
export interface Rejoined {
  /** Index into RawTable.rows, or -1 for the header. */
  row: number;
  col: number;
  pieces: string[];
  how: 'wrapped' | 'merged';
}

export type TableOrigin = 'csv' | 'tsv' | 'xlsx' | 'text-tab' | 'text-space';

export interface RawTable {
  /** Unique within the file; becomes `source_table` (exam, teachers, annex1, …). Set by the pipeline. */
  key: string;
  /** The caption above the table, if any (`2021年“1+X”证书试点申报明细表`). */
  title: string | null;
  /** An `附件 N` marker that precedes the table in a report. */
  annex: number | null;
  header: string[];
  rows: RawRow[];
  origin: TableOrigin;
  /** Lines that follow the table and explain it (`注：…`). */
  notes: string[];
  rejoined: Rejoined[];
  /** Text before the header (title rows of a sheet or CSV); read for context. */
  preamble: string[];
  /** 1-based line (CSV) or sheet row (XLSX) of the header. */
  headerLine?: number | null;
}

export interface TextLine {
  text: string;
  line: number;
}

/** Everything a reader hands to the pipeline. */
export interface ParsedFile {
  tables: RawTable[];
  /** The report text outside tables (report text only). */
  narrative: TextLine[];
  /** The document's title line, if one was recognised. */
  title: string | null;
}

export const CONTEXT_FIELDS = ['school', 'year', 'province', 'city'] as const;
export type ContextField = (typeof CONTEXT_FIELDS)[number];

/** Where a finding points in the preview: a cell of a table or a figure in the text. */
export interface CellRef {
  table: string;
  /** Index into the preview table's rows; -1 for the header. */
  row: number;
  col: number | null;
}

export interface ImportFinding extends Finding {
  cell?: CellRef | null;
  /** For narrative figures: the line of the report. */
  line?: number | null;
}
