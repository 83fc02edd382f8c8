/**
 * XLSX for report writers: one sheet, a bold Chinese header row (the
 * column's label when the query declares one), the header frozen and
 * filterable, typed cells (numbers stay numbers, dates are dates, rates show
 * as percentages with one decimal) and columns wide enough for their text.
 * Written with exceljs' streaming writer, row by row.
 */
import { PassThrough, type Readable } from 'node:stream';
import type ExcelJS from 'exceljs';
// Loaded on the first XLSX answer, not at start-up: the module costs ~1 s of CPU to load.
const loadExcelJS = () => import('exceljs').then((m) => m.default);
import type { ResultSet } from './result-set.js';
import { toJsonValue } from './values.js';
import { columnLabel, valueLabel } from '../domain/column-labels.js';

/** Excel's own limit: 1,048,576 rows including the header. */
export const XLSX_MAX_ROWS = 1_048_575;

const INT = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT)$/;
const SAFE = BigInt(Number.MAX_SAFE_INTEGER);

export interface XlsxOptions {
  /** Header text per column name (e.g. the `-- @column` labels of a named query). */
  labels?: Record<string, string>;
  sheetName?: string;
}

/** Whether a column holds rates (0–1) that read best as percentages. */
export function isRateColumn(name: string, label: string, type: string): boolean {
  if (!/^(DOUBLE|FLOAT|REAL|DECIMAL.*)$/i.test(type)) return false;
  return /(^|_)(rate|share|ci_low|ci_high|funnel_low|funnel_high)($|_)/i.test(name) || /率|占比|区间/.test(label);
}

export function numberFormat(name: string, label: string, type: string): string | undefined {
  const t = type.toUpperCase();
  if (isRateColumn(name, label, t)) return '0.0%';
  if (INT.test(t)) return '#,##0';
  if (t === 'DATE') return 'yyyy-mm-dd';
  if (t.startsWith('TIMESTAMP')) return 'yyyy-mm-dd hh:mm:ss';
  return undefined;
}

/** Excel's calendar starts in 1900: earlier days go as ISO text (values.ts already made far-off ones DuckDB text). */
const EXCEL_EPOCH = Date.UTC(1900, 0, 1);

function cellValue(v: unknown): ExcelJS.CellValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return Number.isFinite(v) ? v : String(v);
  if (typeof v === 'bigint') return v <= SAFE && v >= -SAFE ? Number(v) : v.toString();
  if (typeof v === 'boolean' || typeof v === 'string') return v;
  if (v instanceof Date) return v.getTime() >= EXCEL_EPOCH ? v : v.toISOString();
  const j = toJsonValue(v);
  return typeof j === 'string' ? j : JSON.stringify(j);
}

function textWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return w;
}

/**
 * A name Excel accepts for a sheet: at most 31 characters, none of : \\ / ? * [ ].
 * @example sheetName('各证书通过率') // '各证书通过率'
 * @example sheetName('a/b') // 'a_b'
 */
export function sheetName(name: string): string {
  const clean = [...name.replace(/[:\\/?*[\]]/g, '_').trim()].slice(0, 31).join('');
  return clean || '查询结果';
}

export function resultToXlsxStream(result: ResultSet, opts: XlsxOptions = {}): Readable {
  const out = new PassThrough();
  void (async () => {
    try {
      const workbook = new (await loadExcelJS()).stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
      workbook.creator = 'X-Pilot Analytics';
      workbook.created = new Date();
      const sheet = workbook.addWorksheet(opts.sheetName ?? '查询结果', { views: [{ state: 'frozen', ySplit: 1 }] });
      const headers = result.columns.map((c) => opts.labels?.[c.name] || c.name);
      const widths = headers.map((h) => Math.max(8, textWidth(h) + 2));
      let sampled = 0;
      for (const batch of result.batches()) {
        for (let r = 0; r < batch.length && sampled < 200; r++, sampled++) {
          batch.columns.forEach((col, c) => {
            const v = col[r];
            if (v !== null && v !== undefined) widths[c] = Math.max(widths[c]!, Math.min(60, textWidth(String(cellValue(v))) + 2));
          });
        }
        if (sampled >= 200) break;
      }
      sheet.columns = result.columns.map((c, i) => {
        const numFmt = numberFormat(c.name, headers[i]!, c.type);
        return { header: headers[i], key: c.name, width: widths[i], style: numFmt ? { numFmt } : {} };
      });
      const header = sheet.getRow(1);
      header.font = { bold: true };
      header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEEF2FF' } };
      if (result.columns.length > 0) sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: result.columns.length } };
      header.commit();
      let n = 0;
      for (const batch of result.batches()) {
        for (let r = 0; r < batch.length; r++) {
          // Coded values (funnel position, verdict, severity) in words for the named queries' workbooks, which carry labels.
          sheet.addRow(batch.columns.map((col, c) => { const v = col[r]; return cellValue(opts.labels && typeof v === 'string' ? valueLabel(result.columns[c]!.name, v) : v); })).commit();
        }
        n += batch.length;
        if (n % 20_000 < batch.length) await new Promise((res) => setImmediate(res));
        // A reader that stopped holds back the writing (the zip stream itself does not push back here).
        while (!out.destroyed && out.readableLength >= out.readableHighWaterMark) await new Promise((res) => setTimeout(res, 20));
        if (out.destroyed) return;
      }
      sheet.commit();
      await workbook.commit();
    } catch (err) {
      out.destroy(err as Error);
    }
  })();
  return out;
}
