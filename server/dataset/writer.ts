/**
 * Writes reference data and imports into DuckDB. Callers run these inside one
 * transaction, so an import lands whole or not at all.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Registry } from '../domain/registry.js';
import type { RegionRow } from '../domain/regions.js';
import { FACT_TABLES, rowCount, type FactSet, type Finding } from '../domain/facts.js';
import { sqlFile } from '../lib/sql-files.js';

type Cell = string | number | boolean | null;

/** Column order of each table as the schema declares it (import_id first for facts). */
const COLUMNS = {
  exam_results: ['school_id', 'year', 'certificate_id', 'level', 'candidates', 'passed', 'stated_rate', 'certificate_as_printed', 'note', 'source_file', 'source_table', 'source_row'],
  pilot_applications: ['school_id', 'year', 'batch', 'certificate_id', 'level', 'majors', 'student_scale', 'requested', 'approved', 'status', 'printed_seq', 'certificate_as_printed', 'note', 'source_file', 'source_table', 'source_row'],
  teacher_training: ['school_id', 'year', 'certificate_id', 'teachers_trained', 'assessors', 'printed_seq', 'certificate_as_printed', 'source_file', 'source_table', 'source_row'],
  training_quotas: ['province', 'year', 'category', 'programme', 'host', 'city', 'quota', 'note', 'source_file', 'source_table', 'source_row'],
  training_programmes: ['province', 'year', 'certificate_id', 'host', 'partner_organisation', 'audience', 'format', 'hours', 'certificate_as_printed', 'source_file', 'source_table', 'source_row'],
  training_offers: ['certificate_id', 'provider', 'organiser', 'level', 'fee_per_person', 'fee_is_cap', 'hours_online', 'hours_total', 'days_offline', 'year', 'note', 'certificate_as_printed', 'source_file', 'source_table', 'source_row'],
  stated_totals: ['source_file', 'source_table', 'label', 'school_id', 'year', 'certificate_id', 'city', 'batch', 'metric', 'value', 'value_as_printed', 'note'],
} as const satisfies Record<(typeof FACT_TABLES)[number], readonly string[]>;

const FINDING_COLUMNS = ['severity', 'code', 'message', 'message_en', 'source_file', 'source_table', 'source_row', 'source_column', 'printed_value', 'expected_value'] as const;

async function insertRows(conn: DuckDBConnection, table: string, columns: readonly string[], rows: Cell[][]): Promise<void> {
  if (rows.length === 0) return;
  // Batched multi-row INSERTs with bound values: small tables, one statement per 500 rows.
  const width = columns.length;
  for (let start = 0; start < rows.length; start += 500) {
    const batch = rows.slice(start, start + 500);
    const placeholders = batch.map((_, i) => `(${columns.map((__, j) => `$${i * width + j + 1}`).join(', ')})`).join(', ');
    await conn.run(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${placeholders}`, batch.flat());
  }
}

export async function writeRegions(conn: DuckDBConnection, regions: RegionRow[]): Promise<void> {
  await conn.run('DELETE FROM regions');
  const cols = ['province_code', 'province', 'province_short', 'city_code', 'city', 'city_short'] as const;
  await insertRows(conn, 'regions', cols, regions.map((r) => cols.map((c) => r[c])));
}

export async function writeRegistry(conn: DuckDBConnection, registry: Registry): Promise<void> {
  for (const t of ['certificate_aliases', 'certificates', 'school_aliases', 'schools']) await conn.run(`DELETE FROM ${t}`);
  await insertRows(conn, 'schools', ['id', 'name', 'type', 'province', 'city'], registry.schools.map((s) => [s.id, s.name, s.type, s.province, s.city]));
  await insertRows(conn, 'school_aliases', ['alias', 'school_id'], registry.schools.flatMap((s) => s.aliases.map((a) => [a, s.id])));
  await insertRows(conn, 'certificates', ['id', 'name', 'batch', 'organisation'], registry.certificates.map((c) => [c.id, c.name, c.batch, c.organisation]));
  await insertRows(conn, 'certificate_aliases', ['alias', 'alias_key', 'certificate_id', 'seen_in'], registry.aliasRows().map((a) => [a.alias, a.alias_key, a.certificate_id, a.seen_in]));
}

export interface ImportMeta {
  file_name: string;
  sha256: string;
  kind: string;
  imported_by: string;
  note: string | null;
  /** replace | keep, when the import overlapped earlier ones (see import/overlaps.ts). */
  overlap_choice?: string | null;
  overlap_reason?: string | null;
  /** Ids of the earlier imports it overlapped, comma-separated. */
  overlap_imports?: string | null;
}

/**
 * Status of an import row. Facts count only under a `committed` row: a
 * `pending` row is an import whose facts are being written (see commitImport),
 * and the start-up check (integrity.ts) removes rows under any other status.
 */
export type ImportStatus = 'pending' | 'committed' | 'undone' | 'replaced';

/** Adds the import row alone; returns its id. */
export async function insertImportRow(conn: DuckDBConnection, meta: ImportMeta, status: ImportStatus, rows: number): Promise<number> {
  const reader = await conn.runAndReadAll(sqlFile('insert_import'), {
    file_name: meta.file_name,
    sha256: meta.sha256,
    kind: meta.kind,
    imported_by: meta.imported_by,
    row_count: rows,
    status,
    note: meta.note,
    overlap_choice: meta.overlap_choice ?? null,
    overlap_reason: meta.overlap_reason ?? null,
    overlap_imports: meta.overlap_imports ?? null,
  });
  return Number(reader.getRowObjectsJS()[0]!.id);
}

/** Writes an import's facts and findings under an existing import id. */
export async function writeImportRows(conn: DuckDBConnection, importId: number, facts: FactSet, findings: Finding[]): Promise<void> {
  for (const table of FACT_TABLES) {
    const columns = COLUMNS[table];
    const rows = (facts[table] as unknown as Record<string, Cell>[]).map((r) => [importId, ...columns.map((c) => r[c] ?? null)]);
    await insertRows(conn, table, ['import_id', ...columns], rows);
  }
  await insertRows(conn, 'findings', ['import_id', ...FINDING_COLUMNS], findings.map((f) => [importId, ...FINDING_COLUMNS.map((c) => f[c])]));
}

/** Records a committed import, its facts and its findings in the caller's transaction; returns the new import id. */
export async function writeImport(conn: DuckDBConnection, meta: ImportMeta, facts: FactSet, findings: Finding[]): Promise<number> {
  const importId = await insertImportRow(conn, meta, 'committed', rowCount(facts));
  await writeImportRows(conn, importId, facts, findings);
  return importId;
}

/** Removes exactly one import's rows and marks it undone. */
export async function deleteImportRows(conn: DuckDBConnection, importId: number): Promise<void> {
  for (const table of [...FACT_TABLES, 'findings', 'exam_records']) {
    await conn.run(`DELETE FROM ${table} WHERE import_id = $id`, { id: importId });
  }
}
