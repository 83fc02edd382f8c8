/**
 * The JSON of /api/imports as the import page reads it (see
 * server/schemas/imports.ts, the stable contract).
 */

export type Severity = 'error' | 'warning' | 'info';

export interface CellRef {
  table: string;
  /** Row index in the preview table; -1 = the header. */
  row: number;
  col: number | null;
}

export interface ImportFinding {
  severity: Severity;
  /** Stable code (for scripts; the page never shows it). */
  code: string;
  /** Chinese message, from the server's finding registry. */
  message: string;
  message_en?: string | null;
  /** What the code means and what the steward should do (registry). */
  title?: string;
  action?: string;
  action_en?: string;
  source_file: string | null;
  source_table: string | null;
  source_row: number | null;
  source_column: string | null;
  printed_value: string | null;
  expected_value: string | null;
  cell?: CellRef | null;
  line?: number | null;
}

export type RowRole = 'data' | 'total' | 'empty' | 'skipped';

export interface PreviewTable {
  key: string;
  overrideKey: string;
  title: string | null;
  origin: string;
  kind: string;
  kindLabel: string;
  reason: string;
  header: string[];
  mapping: (string | null)[];
  rows: { cells: string[]; line: number | null; role: RowRole; sourceRow: number | null }[];
  rowCount: number;
  truncated: boolean;
  factRows: number;
  rejoined: { row: number; col: number; pieces: string[]; how: string }[];
  notes: string[];
}

export interface ContextValue {
  value: string | number;
  id?: number | null;
  from: string;
  evidence?: string | null;
}

export type ContextField = 'school' | 'year' | 'province' | 'city';

export interface Preview {
  fileName: string;
  sha256: string;
  size: number;
  format: 'csv' | 'tsv' | 'xlsx' | 'text';
  encoding: { name: string; label: string; detected: boolean; bom: boolean } | null;
  delimiter: string | null;
  sheets: { name: string; rows: number }[] | null;
  sheet: string | null;
  title: string | null;
  kind: string;
  context: Record<ContextField, ContextValue | null>;
  missing: ContextField[];
  tables: PreviewTable[];
  narrative: { line: number; label: string; metric: string; value: string; batch: string | null }[];
  rowCounts: Record<string, number>;
  findings: ImportFinding[];
  counts: Record<Severity, number>;
  ok: boolean;
  records: { rows: number | null; certificates: { printed: string; rows: number; certificate: string | null }[]; keyColumn: string } | null;
  /** Committed imports holding the same facts; a commit must choose replace or keep (with a reason). */
  overlaps: Overlap[];
}

export interface Overlap {
  id: number;
  file_name: string;
  kind: string;
  imported_at: string | null;
  rows: number;
  tables: { table: string; rows: number }[];
}

export interface ImportRecord {
  id: number;
  file_name: string;
  sha256: string;
  kind: string;
  imported_by: string;
  imported_at: string;
  row_count: number;
  status: 'pending' | 'committed' | 'undone' | 'replaced' | string;
  note: string | null;
  overlap_choice?: string | null;
  overlap_reason?: string | null;
  overlap_imports?: number[];
  errors: number;
  warnings: number;
  infos: number;
}

export interface PreviewResponse {
  preview: Preview;
  duplicateOf: { id: number; file_name: string; kind: string; imported_at: string | null; imported_by: string } | null;
}

export interface CommitResponse {
  import: ImportRecord;
  replaced: number | null;
  overlapReplaced?: number[];
  rowCounts: Record<string, number>;
  preview: Preview;
}

/** What the page sends with a file. */
export interface ImportForm {
  school: string;
  year: string;
  province: string;
  city: string;
  encoding: string;
  sheet: string;
  /** Per table (by overrideKey): a kind and column fields chosen by the user. */
  overrides: Record<string, { kind?: string; columns: Record<string, string> }>;
  replace: boolean;
  /** What to do with overlapping earlier imports: '' = not chosen yet. */
  overlap: '' | 'replace' | 'keep';
  /** Why both are kept (overlap = keep). */
  reason: string;
}

export const EMPTY_FORM: ImportForm = { school: '', year: '', province: '', city: '', encoding: 'auto', sheet: '', overrides: {}, replace: false, overlap: '', reason: '' };
