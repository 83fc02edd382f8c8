/** Helpers for the import tests: multipart bodies for inject, table counts, the seeds. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { adminHeaders, type TestApp } from '../helpers/app.js';
import { ROOT } from '../../server/config.js';
import { listZip, readEntry, writeStoredZip } from '../../server/import/zip.js';
import { sqlFile } from '../../server/lib/sql-files.js';

/** The seed documents as published, in shared/ beside the repository (CI clones it there too). */
export const SEEDS_DIR = process.env.XPILOT_SEEDS ?? join(ROOT, '..', 'shared', 'seeds');
/**
 * A fresh clone without ../shared has no seed documents: the tests that read
 * them say so in their names and are skipped (counted as skipped, not passed).
 * The report-text reader is still tested everywhere on test/fixtures/report-text.
 */
export const HAVE_SEEDS = existsSync(join(SEEDS_DIR, '004_44f871648b25caa1.txt'));
export const NEEDS_SEEDS = HAVE_SEEDS ? '' : ' [needs the seed documents in ../shared/seeds: skipped]';
export const SEED_FILES = {
  '000': '000_3c7e5e60b3564122.txt',
  '001': '001_633048dd96af7856.txt',
  '002': '002_7e12273aa0fea126.txt',
  '003': '003_032e326256451396.txt',
  '004': '004_44f871648b25caa1.txt',
} as const;

export function seedBytes(id: keyof typeof SEED_FILES): Buffer {
  return readFileSync(join(SEEDS_DIR, SEED_FILES[id]));
}

/** A multipart/form-data body (built by the platform's FormData) for app.inject. */
export async function multipart(file: { name: string; bytes: Buffer | string; type?: string }, fields: Record<string, string> = {}): Promise<{ payload: Buffer; headers: Record<string, string> }> {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  const bytes = typeof file.bytes === 'string' ? Buffer.from(file.bytes, 'utf8') : file.bytes;
  form.append('file', new Blob([new Uint8Array(bytes)], { type: file.type ?? 'application/octet-stream' }), file.name);
  const req = new Request('http://localhost/', { method: 'POST', body: form });
  return { payload: Buffer.from(await req.arrayBuffer()), headers: { 'content-type': req.headers.get('content-type')! } };
}

/** POSTs a file to /api/imports, as the administrator unless `asAdmin: false` (previews need no sign-in). */
export async function postImport(app: TestApp, file: { name: string; bytes: Buffer | string }, fields: Record<string, string> = {}, opts: { dryRun?: boolean; headers?: Record<string, string>; asAdmin?: boolean } = {}) {
  const body = await multipart(file, fields);
  const admin = opts.asAdmin === false ? {} : await adminHeaders(app);
  return app.inject({ method: 'POST', url: `/api/imports${opts.dryRun ? '?dryRun=true' : ''}`, payload: body.payload, headers: { ...body.headers, ...admin, ...(opts.headers ?? {}) } });
}

export type TableCounts = Record<'imports' | 'imports_committed' | 'findings' | 'exam_results' | 'pilot_applications' | 'teacher_training' | 'training_quotas' | 'training_programmes' | 'training_offers' | 'stated_totals' | 'exam_records' | 'meta', number>;

/** Row counts of every table an import writes to. */
export async function tableCounts(app: TestApp): Promise<TableCounts> {
  const { rows } = await app.db.query(sqlFile('table_counts'));
  return Object.fromEntries(rows.map((r) => [String(r.table_name), Number(r.rows)])) as TableCounts;
}

export async function workbook(build: (wb: ExcelJS.Workbook) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  build(wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** An XLSX whose sheet has a header, one data row, and 1,000,000 styled empty rows. */
export async function millionEmptyRows(dataRows: (string | number)[][] = [['智能财税', 10, 9]]): Promise<Buffer> {
  const bytes = await workbook((wb) => {
    const ws = wb.addWorksheet('考核');
    ws.addRow(['证书', '考证人数', '通过人数']);
    for (const r of dataRows) ws.addRow(r);
  });
  const entries = listZip(bytes);
  const files = entries.map((e) => {
    let data = readEntry(bytes, e);
    if (e.name === 'xl/worksheets/sheet1.xml') {
      const start = dataRows.length + 2;
      const rows: string[] = [];
      for (let r = start; r < start + 1_000_000; r++) rows.push(`<row r="${r}"><c r="A${r}" s="0"/></row>`);
      data = Buffer.from(data.toString('utf8').replace('</sheetData>', `${rows.join('')}</sheetData>`), 'utf8');
    }
    return { name: e.name, data };
  });
  return writeStoredZip(files);
}

