/**
 * Every value a statement can return, in every format (issue 11, "Dates out
 * of range" and "Negative BIGINTs in CSV"). DuckDB's test_all_types() holds
 * each type's minimum, maximum and NULL: DATE 5877642-06-25 (BC) … 5881580-07-10,
 * TIMESTAMP ±infinity in its lists, BIGINT -9223372036854775808, NaN and
 * ±Infinity in a DOUBLE list. The console and named queries share the
 * encoders; named queries go through readTable + tableResult, tested here
 * on the same values.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { withScratchInstance } from '../../server/plugins/app/duckdb.js';
import { readTable } from '../../server/lib/values.js';
import { tableResult } from '../../server/lib/result-set.js';
import { encodeResult } from '../../server/lib/encode-result.js';
import { csvCell } from '../../server/lib/csv.js';

let app: TestApp;
beforeAll(async () => {
  app = await buildTestApp();
});
afterAll(async () => app.close());

const sql = (body: Record<string, unknown>) => app.inject({ method: 'POST', url: '/api/sql', payload: body });

async function readParquet(bytes: Buffer) {
  const dir = mkdtempSync(join(tmpdir(), 'xpilot-values-test-'));
  try {
    const file = join(dir, 'r.parquet');
    writeFileSync(file, bytes);
    return await withScratchInstance(dir, async (conn) => readTable(await conn.runAndReadAll(`SELECT * FROM '${file}'`)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function xlsxRows(bytes: Buffer): Promise<unknown[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  const rows: unknown[][] = [];
  wb.worksheets[0]!.eachRow({ includeEmpty: true }, (row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}

describe('dates and timestamps beyond what JS holds', () => {
  const CASES = [
    { sql: "SELECT 'infinity'::DATE AS v", text: 'infinity' },
    { sql: "SELECT '-infinity'::DATE AS v", text: '-infinity' },
    { sql: "SELECT DATE '5881580-07-10' AS v", text: '5881580-07-10' },
    { sql: "SELECT 'infinity'::TIMESTAMP AS v", text: 'infinity' },
    { sql: "SELECT '-infinity'::TIMESTAMP AS v", text: '-infinity' },
  ];
  for (const c of CASES) {
    it(`${c.sql} is "${c.text}" in json, csv, xlsx, arrow and parquet`, async () => {
      const json = await sql({ sql: c.sql });
      expect(json.statusCode, json.body).toBe(200);
      expect((json.json() as { rows: unknown[] }).rows).toEqual([{ v: c.text }]);
      const csv = await sql({ sql: c.sql, format: 'csv' });
      expect(csv.statusCode).toBe(200);
      // '-infinity' keeps the quote a spreadsheet needs to show it as text (a bare -infinity would be a formula).
      expect(csv.body).toBe(`\uFEFFv\r\n${c.text.startsWith('-') ? `'${c.text}` : c.text}\r\n`);
      const xlsx = await sql({ sql: c.sql, format: 'xlsx' });
      expect(xlsx.statusCode).toBe(200);
      expect((await xlsxRows(xlsx.rawPayload))[1]).toEqual([c.text]);
      const arrow = await sql({ sql: c.sql, format: 'arrow' });
      expect(arrow.statusCode).toBe(200);
      expect(tableFromIPC(arrow.rawPayload).getChild('v')!.get(0)).toBe(c.text);
      const parquet = await sql({ sql: c.sql, format: 'parquet' });
      expect(parquet.statusCode).toBe(200);
      expect((await readParquet(parquet.rawPayload)).rows).toHaveLength(1);
    });
  }
});

describe('test_all_types() in every format', () => {
  const ALL = 'SELECT * FROM test_all_types()';

  it('json: 3 rows, each extreme as DuckDB prints it or as a number', async () => {
    const res = await sql({ sql: ALL });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as { rows: Record<string, unknown>[]; rowCount: number; columns: { name: string; type: string }[] };
    expect(body.rowCount).toBe(3);
    expect(body.columns.find((c) => c.name === 'date')!.type).toBe('DATE');
    const [min, max, nulls] = body.rows as [Record<string, unknown>, Record<string, unknown>, Record<string, unknown>];
    expect(min.date).toBe('5877642-06-25 (BC)');
    expect(max.date).toBe('5881580-07-10');
    expect(min.bigint).toBe('-9223372036854775808');
    expect(max.int).toBe(2147483647);
    expect(max.time).toBe('24:00:00');
    expect(max.timestamp_ns).toBe('2262-04-11T23:47:16.854Z');
    expect(max.interval).toBe('83 years 3 months 999 days 00:16:39.999999');
    expect(max.double_array).toEqual([42, 'NaN', 'Infinity', '-Infinity', null, -42]);
    expect(max.timestamp_array).toEqual(['1970-01-01T00:00:00.000Z', 'infinity', '-infinity', null, '2022-05-12T16:23:45.000Z']);
    expect(max.date_array).toEqual(['1970-01-01T00:00:00.000Z', 'infinity', '-infinity', null, '2022-05-12T00:00:00.000Z']);
    expect(Object.values(nulls).every((v) => v === null)).toBe(true);
  });

  it('csv: 3 rows; the negative BIGINT has no quote prefix', async () => {
    const res = await sql({ sql: ALL, format: 'csv' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['x-row-count']).toBe('3');
    const parsed = Papa.parse<Record<string, string>>(res.body.replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true });
    expect(parsed.data).toHaveLength(3);
    expect(parsed.data[0]!.bigint).toBe('-9223372036854775808');
    expect(parsed.data[0]!.hugeint).toBe('-170141183460469231731687303715884105728');
    expect(parsed.data[0]!.double).toBe('-1.7976931348623157e+308');
    expect(parsed.data[1]!.date).toBe('5881580-07-10');
  });

  it('xlsx: header + 3 rows', async () => {
    const res = await sql({ sql: ALL, format: 'xlsx' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['x-row-count']).toBe('3');
    const rows = await xlsxRows(res.rawPayload);
    // The third row is all NULL: Excel stores no cells for it.
    expect(rows).toHaveLength(3);
    const header = rows[0] as string[];
    expect(rows[2]![header.indexOf('date')]).toBe('5881580-07-10');
    expect(rows[1]![header.indexOf('bigint')]).toBe('-9223372036854775808');
  });

  it('arrow: 3 rows; Infinity and NaN stay in a DOUBLE column', async () => {
    const res = await sql({ sql: ALL, format: 'arrow' });
    expect(res.statusCode, res.body).toBe(200);
    const t = tableFromIPC(res.rawPayload);
    expect(t.numRows).toBe(3);
    expect(t.getChild('date')!.get(1)).toBe('5881580-07-10');
    expect(t.getChild('bigint')!.get(0)).toBe(-9223372036854775808n);
    const inf = await sql({ sql: "SELECT 'inf'::DOUBLE AS x UNION ALL SELECT 'nan'::DOUBLE", format: 'arrow' });
    const x = tableFromIPC(inf.rawPayload).getChild('x')!.toArray() as Float64Array;
    expect(x[0]).toBe(Infinity);
    expect(x[1]).toBeNaN();
  });

  it('parquet: 3 rows', async () => {
    const res = await sql({ sql: ALL, format: 'parquet' });
    expect(res.statusCode, res.body).toBe(200);
    const t = await readParquet(res.rawPayload);
    expect(t.rows).toHaveLength(3);
    expect(t.rows[1]!.date).toBe('5881580-07-10');
  });

  it('named queries (readTable → every encoder) take the same values', async () => {
    const table = await withScratchInstance(tmpdir(), async (conn) => readTable(await conn.runAndReadAll(ALL)));
    expect(table.rows[1]!.date).toBe('5881580-07-10');
    for (const format of ['json', 'csv', 'xlsx', 'arrow', 'parquet'] as const) {
      const enc = await encodeResult(tableResult(table), format, { scratch: withScratchInstance });
      const chunks: Buffer[] = [];
      if (typeof enc.body === 'string') chunks.push(Buffer.from(enc.body));
      else for await (const c of enc.body) chunks.push(Buffer.from(c as Uint8Array));
      expect(Buffer.concat(chunks).length, format).toBeGreaterThan(0);
    }
  });
});

describe('CSV formula neutralising — only text cells', () => {
  const CASES: [unknown, string | undefined, string][] = [
    ['-9223372036854775808', 'BIGINT', '-9223372036854775808'],
    ['-170141183460469231731687303715884105728', 'HUGEINT', '-170141183460469231731687303715884105728'],
    [-5, 'INTEGER', '-5'],
    ['-Infinity', 'DOUBLE', '-Infinity'],
    ['-cmd', 'VARCHAR', "'-cmd"],
    ['=1+1', 'VARCHAR', "'=1+1"],
    ['-1', 'VARCHAR', "'-1"],
  ];
  for (const [value, type, expected] of CASES) {
    it(`${String(value)} (${type}) → ${expected}`, () => expect(csvCell(value, type)).toBe(expected));
  }

  it('a large negative BIGINT from POST /api/sql has no prefix', async () => {
    const res = await sql({ sql: "SELECT -9007199254740993::BIGINT AS b, '-x' AS t", format: 'csv' });
    expect(res.body).toBe("\uFEFFb,t\r\n-9007199254740993,'-x\r\n");
  });
});
