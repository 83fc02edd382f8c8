/**
 * Result formats of POST /api/sql and GET /api/queries/:name, decoded by
 * real clients: Arrow with apache-arrow's reader, XLSX with exceljs, Parquet
 * read back by DuckDB. Figures from seed 004's exam table (1479 candidates,
 * 智能财税 335 / 315).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { decodeArrow, rowObject } from '../../web/lib/arrow.js';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { withScratchInstance } from '../../server/plugins/app/duckdb.js';
import { readTable } from '../../server/lib/values.js';

let app: TestApp;
beforeAll(async () => {
  app = await buildTestApp();
});
afterAll(async () => app.close());

const sql = (body: Record<string, unknown>, headers: Record<string, string> = {}) => app.inject({ method: 'POST', url: '/api/sql', payload: body, headers });
const get = (url: string) => app.inject({ method: 'GET', url: encodeURI(url) });

/** Reads a Parquet file with DuckDB (a scratch instance that may only read that file's directory). */
async function readParquet(bytes: Buffer, query: (file: string) => string) {
  const dir = mkdtempSync(join(tmpdir(), 'xpilot-parquet-test-'));
  try {
    const file = join(dir, 'result.parquet');
    writeFileSync(file, bytes);
    return await withScratchInstance(dir, async (conn) => readTable(await conn.runAndReadAll(query(file))));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const EXAM_SQL = `SELECT c.name AS certificate, e.level, e.candidates, e.passed,
  round(e.passed / e.candidates, 4) AS pass_rate,
  e.candidates::BIGINT AS candidates_big,
  e.candidates::DECIMAL(10,2) AS candidates_dec,
  DATE '2020-12-31' AS report_date,
  e.passed <= e.candidates AS consistent
FROM exam_results e JOIN certificates c ON c.id = e.certificate_id
WHERE e.year = 2020
ORDER BY c.name, e.level NULLS FIRST`;

describe('POST /api/sql — JSON — seed 004, exam table', () => {
  it('sum(candidates) over the exam table is 1479', async () => {
    const res = await sql({ sql: 'SELECT sum(candidates) AS candidates, sum(passed) AS passed FROM exam_results' });
    expect(res.statusCode).toBe(200);
    const body = res.json() as { columns: { name: string; type: string }[]; rows: Record<string, number>[]; rowCount: number; truncated: boolean; rowLimit: number; durationMs: number };
    expect(body.columns).toEqual([
      { name: 'candidates', type: 'HUGEINT' },
      { name: 'passed', type: 'HUGEINT' },
    ]);
    expect(body.rows[0]!.candidates).toBe(1479);
    expect(body).toMatchObject({ rowCount: 1, truncated: false, rowLimit: 100_000 });
    expect(body.durationMs).toBeGreaterThanOrEqual(0);
    expect(res.headers['x-row-count']).toBe('1');
    expect(res.headers['x-truncated']).toBe('false');
    expect(res.headers['x-row-limit']).toBe('100000');
  });

  it('a DATE is its calendar day, a DECIMAL a number', async () => {
    const body = (await sql({ sql: "SELECT DATE '2020-12-31' AS d, 335::DECIMAL(10,2) AS n" })).json() as { rows: unknown[] };
    expect(body.rows).toEqual([{ d: '2020-12-31', n: 335 }]);
  });

  it('parameters are bound by name', async () => {
    const res = await sql({ sql: 'SELECT c.name, e.candidates, e.passed FROM exam_results e JOIN certificates c ON c.id = e.certificate_id WHERE c.name = $name AND e.level IS NULL', params: { name: '智能财税' } });
    expect((res.json() as { rows: unknown[] }).rows).toEqual([{ name: '智能财税', candidates: 335, passed: 315 }]);
  });

  it('a row limit marks the result truncated and says which cap applied', async () => {
    const res = await sql({ sql: 'SELECT range AS n FROM range(250)', limit: 100 });
    const body = res.json() as { rows: unknown[]; rowCount: number; truncated: boolean; rowLimit: number };
    expect(body).toMatchObject({ rowCount: 100, truncated: true, rowLimit: 100 });
    expect(body.rows).toHaveLength(100);
    expect(res.headers['x-truncated']).toBe('true');
  });

  it('JSON never carries more than the grid cap (100 000 rows), whatever the request asks', async () => {
    const res = await sql({ sql: 'SELECT range AS n FROM range(100005)', limit: 5_000_000 });
    const body = res.json() as { rowCount: number; truncated: boolean; rowLimit: number };
    expect(body).toMatchObject({ rowCount: 100_000, truncated: true, rowLimit: 100_000 });
  });

  it('exactly the cap is not truncated', async () => {
    const body = (await sql({ sql: 'SELECT range AS n FROM range(100)', limit: 100 })).json() as { truncated: boolean; rowCount: number };
    expect(body).toMatchObject({ rowCount: 100, truncated: false });
  });
});

describe('POST /api/sql — Arrow IPC stream decoded by apache-arrow — seed 004', () => {
  it('same rows as JSON, with Int32/Int64/Float64/Utf8/Bool columns and the DuckDB type in the metadata', async () => {
    const res = await sql({ sql: EXAM_SQL, format: 'arrow' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.apache.arrow.stream');
    const table = tableFromIPC(res.rawPayload);
    const json = (await sql({ sql: EXAM_SQL })).json() as { rows: Record<string, unknown>[] };
    expect(table.numRows).toBe(json.rows.length);
    const decoded = decodeArrow(res.rawPayload);
    expect(Array.from({ length: decoded.numRows }, (_, r) => rowObject(decoded, r))).toEqual(json.rows);
    const types = Object.fromEntries(table.schema.fields.map((f) => [f.name, String(f.type)]));
    expect(types).toMatchObject({ certificate: 'Utf8', level: 'Utf8', candidates: 'Int32', pass_rate: 'Float64', candidates_big: 'Int64', candidates_dec: 'Float64', report_date: 'Utf8', consistent: 'Bool' });
    expect(table.schema.fields.find((f) => f.name === 'candidates_dec')!.metadata.get('duckdb_type')).toBe('DECIMAL(10,2)');
    const rows = table.toArray().map((r) => r.toJSON() as { certificate: string; level: string | null; candidates: number; passed: number });
    expect(rows.find((r) => r.certificate === '智能财税' && r.level === null)).toMatchObject({ candidates: 335, passed: 315 });
  });

  it('chosen by the Accept header; a BIGINT travels exactly as Int64, and decodes beyond 2^53 as text, as in JSON', async () => {
    const res = await sql({ sql: 'SELECT 9007199254740993::BIGINT AS big, 42::BIGINT AS small' }, { accept: 'application/vnd.apache.arrow.stream' });
    expect(res.headers['content-type']).toBe('application/vnd.apache.arrow.stream');
    const table = tableFromIPC(res.rawPayload);
    expect(String(table.schema.fields[0]!.type)).toBe('Int64');
    expect(table.get(0)!.toJSON()).toEqual({ big: 9007199254740993n, small: 42n });
    expect(rowObject(decodeArrow(res.rawPayload), 0)).toEqual({ big: '9007199254740993', small: 42 });
  });

  it('the grid cap applies by default; a download may ask for up to the export cap', async () => {
    const grid = await sql({ sql: 'SELECT range AS n FROM range(150000)', format: 'arrow' });
    expect(grid.headers['x-row-limit']).toBe('100000');
    expect(tableFromIPC(grid.rawPayload).numRows).toBe(100_000);
    const all = await sql({ sql: 'SELECT range AS n FROM range(150000)', format: 'arrow', limit: 1_000_000 });
    const table = tableFromIPC(all.rawPayload);
    expect(table.numRows).toBe(150_000);
    // Longer than what the worker reads ahead: it streams before its end is known, so no count headers.
    expect([all.headers['x-row-count'], all.headers['x-truncated'], all.headers['x-row-limit']]).toEqual([undefined, undefined, '1000000']);
    expect(table.getChild('n')!.get(149_999)).toBe(149_999n);
  });

  it('a grid-sized result with text columns streams whole (100 000 rows, several record batches)', async () => {
    const res = await sql({ sql: "SELECT range AS n, '行 ' || range AS label FROM range(150000)", format: 'arrow' });
    const table = tableFromIPC(res.rawPayload);
    expect(table.numRows).toBe(100_000);
    expect(table.batches.length).toBeGreaterThan(1);
    expect(table.get(99_999)!.toJSON()).toEqual({ n: 99_999n, label: '行 99999' });
  });

  it('an empty result is still a valid stream with its schema', async () => {
    const table = tableFromIPC((await sql({ sql: 'SELECT 1 AS a, \'x\' AS b WHERE false', format: 'arrow' })).rawPayload);
    expect(table.numRows).toBe(0);
    expect(table.schema.fields.map((f) => f.name)).toEqual(['a', 'b']);
  });
});

describe('CSV — UTF-8 with BOM, formulas escaped', () => {
  it('cells starting with = + - @ are prefixed with an apostrophe; numbers stay numbers', async () => {
    const res = await sql({ sql: "SELECT '=1+1' AS f, '+86 123' AS p, '-cmd' AS m, '@SUM(A1)' AS a, -5 AS neg, '通过率' AS zh, 'a,b' AS q", format: 'csv' });
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toContain('sql-result.csv');
    expect(res.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const lines = res.body.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toBe('f,p,m,a,neg,zh,q');
    expect(lines[1]).toBe(`'=1+1,'+86 123,'-cmd,'@SUM(A1),-5,通过率,"a,b"`);
  });

  it('exports beyond the grid cap are whole (export cap 1 000 000)', async () => {
    const res = await sql({ sql: 'SELECT range AS n FROM range(150000)', format: 'csv' });
    expect(res.headers['x-row-limit']).toBe('1000000');
    expect(res.headers['x-truncated']).toBe('false');
    expect(res.body.trim().split('\r\n')).toHaveLength(150_001);
  });

  it('the seed figures survive — 智能财税 335 / 315', async () => {
    const res = await sql({ sql: EXAM_SQL, format: 'csv' });
    expect(res.body).toMatch(/\r\n智能财税,,335,315,0\.9403,335,335,2020-12-31,true\r\n/);
  });
});

describe('XLSX — decoded by exceljs', () => {
  it('SQL result: typed cells, frozen header row', async () => {
    const res = await sql({ sql: EXAM_SQL, format: 'xlsx' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual(['certificate', 'level', 'candidates', 'passed', 'pass_rate', 'candidates_big', 'candidates_dec', 'report_date', 'consistent']);
    let total = 0;
    let found = false;
    ws.eachRow((row, n) => {
      if (n === 1) return;
      const v = row.values as unknown[];
      if (v[2] === null || v[2] === undefined) total += Number(v[3]);
      if (v[1] === '智能财税' && (v[2] === null || v[2] === undefined)) {
        found = true;
        expect(v[3]).toBe(335);
        expect(v[4]).toBe(315);
        expect(v[5]).toBeCloseTo(0.9403, 4);
        expect(v[8]).toBeInstanceOf(Date);
        expect((v[8] as Date).toISOString().slice(0, 10)).toBe('2020-12-31');
        expect(v[9]).toBe(true);
      }
    });
    expect(found).toBe(true);
    expect(total).toBeGreaterThan(0);
    expect(ws.getColumn(5).numFmt).toBe('0.0%');
    expect(ws.getColumn(3).numFmt).toBe('#,##0');
  });

  it('named query: Chinese header from the query\'s column labels; seed 004 certificates sum to 1479', async () => {
    const res = await get('/api/queries/pass_rate_by_certificate?year=2020&format=xlsx');
    expect(res.statusCode).toBe(200);
    // A file for people: named by the query's Chinese title and the view's filters (issue 14).
    expect(res.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('各证书通过率_2020')}.xlsx`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual(['证书', '证书编号', '考证人数', '通过人数', '通过率', '95%区间下限', '95%区间上限', '学校数']);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    let candidates = 0;
    ws.eachRow((row, n) => {
      if (n > 1) candidates += Number((row.values as unknown[])[3]);
    });
    expect(candidates).toBe(1479);
    expect(ws.getColumn(5).numFmt).toBe('0.0%');
  });
});

describe('Parquet — written by DuckDB, read back by DuckDB', () => {
  it('SQL result keeps DuckDB types exactly (DECIMAL, DATE, BOOLEAN) and the seed figures', async () => {
    const res = await sql({ sql: EXAM_SQL, format: 'parquet' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.apache.parquet');
    expect(res.rawPayload.subarray(0, 4).toString()).toBe('PAR1');
    const back = await readParquet(res.rawPayload, (f) => `SELECT sum(candidates) FILTER (WHERE level IS NULL) AS total_unsplit, typeof(any_value(candidates_dec)) AS dec_type, typeof(any_value(report_date)) AS date_type, typeof(any_value(consistent)) AS bool_type, count(*) AS n FROM read_parquet('${f}')`);
    const json = (await sql({ sql: EXAM_SQL })).json() as { rows: unknown[] };
    expect(back.rows[0]).toMatchObject({ dec_type: 'DECIMAL(10,2)', date_type: 'DATE', bool_type: 'BOOLEAN', n: json.rows.length });
    const row = await readParquet(res.rawPayload, (f) => `SELECT candidates, passed FROM read_parquet('${f}') WHERE certificate = '智能财税' AND level IS NULL`);
    expect(row.rows).toEqual([{ candidates: 335, passed: 315 }]);
  });

  it('named query pass_rate_by_certificate as Parquet: 16 certificates, 1479 candidates', async () => {
    const res = await get('/api/queries/pass_rate_by_certificate?year=2020&format=parquet');
    expect(res.statusCode).toBe(200);
    const back = await readParquet(res.rawPayload, (f) => `SELECT count(*) AS n, sum(candidates) AS candidates FROM read_parquet('${f}')`);
    expect(back.rows[0]).toEqual({ n: 16, candidates: 1479 });
  });
});

describe('named queries say which cap applies', () => {
  it('X-Row-Limit on every format', async () => {
    for (const format of ['json', 'csv', 'arrow']) {
      const res = await get(`/api/queries/pass_rate_by_certificate?year=2020&format=${format}`);
      expect(res.headers['x-row-limit']).toBe('100000');
      expect(res.headers['x-row-count']).toBe('16');
    }
  });
});
