/**
 * CSV for people who open it in Excel: UTF-8 with a BOM (so Chinese is not
 * garbled), CRLF, RFC 4180 quoting, and no `sep=` line (Excel would then ignore
 * the BOM). Text cells that start with = + - @ (or a tab / CR) are prefixed
 * with ' so a spreadsheet never runs them as formulas; numbers are never
 * prefixed (-5 is a number, also when it is a BIGINT sent as text because it
 * is beyond ±2^53).
 */
import { jsonCell, type Table } from './values.js';
import type { ResultSet } from './result-set.js';
import { columnLabel, valueLabel } from '../domain/column-labels.js';
import { isRateColumn } from './xlsx.js';

const FORMULA_START = /^[=+\-@\t\r]/;

/** DuckDB types whose values are numbers, whatever JS type carries them. */
const NUMERIC = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|BIGNUM|FLOAT|DOUBLE|REAL|DECIMAL.*)$/i;

/** One CSV field; `duckType` tells a number from text (only text is formula-neutralised). */
export function csvCell(value: unknown, duckType?: string): string {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  const numeric = typeof value === 'number' || typeof value === 'bigint' || (duckType !== undefined && NUMERIC.test(duckType));
  if (typeof value === 'string' && !numeric && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function tableToCsv(table: Table): string {
  const lines = [table.columns.map((c) => csvCell(c.name)).join(',')];
  for (const row of table.rows) lines.push(table.columns.map((c) => csvCell(row[c.name], c.type)).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

export interface CsvOptions {
  /** The query's `-- @column` labels. */
  labels?: Record<string, string>;
  /**
   * `zh`: the file people open from a page — Chinese headers (the labels, as
   * in the XLSX), rates rounded as shown (80.1%, which Excel reads as a
   * percentage), coded values in words. `en` (default): the stable API form,
   * column names and full precision.
   */
  headers?: 'en' | 'zh';
}

/**
 * A rate as the page shows it: a percentage with one decimal.
 * @example shownRate(0.80054) // '80.1%'
 */
export function shownRate(v: number): string {
  return `${(Math.round(v * 1000) / 10).toFixed(1)}%`;
}

/**
 * The same CSV for a result set, as pieces (BOM + header first, then one
 * piece per batch) that can be streamed.
 */
export function* resultToCsv(result: ResultSet, opts: CsvOptions = {}): Generator<string> {
  const zh = opts.headers === 'zh';
  const labels = result.columns.map((c) => columnLabel(opts.labels?.[c.name], c.name));
  yield `\uFEFF${result.columns.map((c, i) => csvCell(zh ? labels[i] : c.name)).join(',')}\r\n`;
  const types = result.columns.map((c) => c.type);
  const names = result.columns.map((c) => c.name);
  const rate = result.columns.map((c, i) => zh && isRateColumn(c.name, labels[i]!, c.type));
  const cell = (value: unknown, c: number): string => {
    const v = jsonCell(value, types[c]!);
    if (!zh || v === null || v === undefined) return csvCell(v, types[c]!);
    if (rate[c] && typeof v === 'number') return csvCell(shownRate(v), types[c]!);
    return csvCell(valueLabel(names[c]!, v), types[c]!);
  };
  for (const batch of result.batches()) {
    const lines: string[] = [];
    for (let r = 0; r < batch.length; r++) {
      lines.push(batch.columns.map((col, c) => cell(col[r], c)).join(','));
    }
    if (lines.length) yield `${lines.join('\r\n')}\r\n`;
  }
}
