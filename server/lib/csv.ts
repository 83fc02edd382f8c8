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

/**
 * The same CSV for a result set, as pieces (BOM + header first, then one
 * piece per batch) that can be streamed.
 */
export function* resultToCsv(result: ResultSet): Generator<string> {
  yield `\uFEFF${result.columns.map((c) => csvCell(c.name)).join(',')}\r\n`;
  const types = result.columns.map((c) => c.type);
  for (const batch of result.batches()) {
    const lines: string[] = [];
    for (let r = 0; r < batch.length; r++) {
      lines.push(batch.columns.map((col, c) => csvCell(jsonCell(col[r], types[c]!), types[c]!)).join(','));
    }
    if (lines.length) yield `${lines.join('\r\n')}\r\n`;
  }
}
