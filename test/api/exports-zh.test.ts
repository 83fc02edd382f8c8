/**
 * Exports people open in Excel and Word (issue 14): the page's CSV
 * (headers=zh) has the Chinese column labels of the XLSX, rates rounded as
 * the page shows them, coded values in words, and a Chinese file name with
 * the view's filters (RFC 5987 filename*); the API's default CSV keeps its
 * English column names and full precision; the XLSX has a Chinese sheet and
 * file name and keeps its number formats. Figures: seed 004, exam table
 * (智能财税 335 candidates, 315 passed = 94.0%).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { buildTestApp, type TestApp } from '../helpers/app.js';

let app: TestApp;
beforeAll(async () => { app = await buildTestApp(); });
afterAll(async () => app.close());

const get = (url: string) => app.inject({ method: 'GET', url: encodeURI(url) });
const csvLines = (body: string) => body.replace(/^\uFEFF/, '').trim().split('\r\n');
const filenameStar = (disposition: string) => decodeURIComponent(/filename\*=UTF-8''([^;]+)/.exec(disposition)![1]!);

describe('CSV headers=zh — pass_rate_by_certificate, seed 004 exam table', () => {
  it('has the Chinese labels as its header row, the same as the XLSX', async () => {
    const res = await get('/api/queries/pass_rate_by_certificate?year=2020&province=广东&format=csv&headers=zh');
    expect(res.statusCode).toBe(200);
    expect(res.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(csvLines(res.body)[0]).toBe('证书,证书编号,考证人数,通过人数,通过率,95%区间下限,95%区间上限,学校数');
  });

  it('rounds rates as the page shows them (94.0%), counts stay whole numbers', async () => {
    const res = await get('/api/queries/pass_rate_by_certificate?year=2020&format=csv&headers=zh');
    const tax = csvLines(res.body).find((l) => l.startsWith('智能财税,'))!.split(',');
    expect(tax[2]).toBe('335');
    expect(tax[3]).toBe('315');
    expect(tax[4]).toBe('94.0%');
    for (const cell of tax.slice(4, 7)) expect(cell).toMatch(/^\d{1,3}\.\d%$/);
  });

  it('is named after the query’s Chinese title and the view’s filters (RFC 5987 filename*, ASCII fallback)', async () => {
    const res = await get('/api/queries/pass_rate_by_certificate?year=2020&province=广东&format=csv&headers=zh');
    const cd = String(res.headers['content-disposition']);
    expect(filenameStar(cd)).toBe('各证书通过率_2020_广东.csv');
    expect(cd).toMatch(/^attachment; filename="[\x20-\x7e]+\.csv"; filename\*=UTF-8''/);
  });

  it('takes the page’s own file name (filename=) and writes coded values in words', async () => {
    const res = await get('/api/queries/school_comparison?certificate=26&year=2020&format=csv&headers=zh&filename=各院校通过率_2020_智能财税');
    expect(filenameStar(String(res.headers['content-disposition']))).toBe('各院校通过率_2020_智能财税.csv');
    const [head, ...rows] = csvLines(res.body);
    expect(head).toContain('漏斗位置');
    expect(head).not.toMatch(/below|within|[a-z]_[a-z]/);
    expect(rows.join('\n')).not.toMatch(/below_|above_|within|no_comparison|true|false/);
  });

  it('the API default is unchanged: English column names, full precision, the query name as file name', async () => {
    const res = await get('/api/queries/pass_rate_by_certificate?year=2020&format=csv');
    const lines = csvLines(res.body);
    expect(lines[0]).toBe('certificate,certificate_id,candidates,passed,pass_rate,ci_low,ci_high,schools');
    expect(lines.find((l) => l.startsWith('智能财税,'))!.split(',')[4]).toMatch(/^0\.940298507462686\d*$/);
    expect(filenameStar(String(res.headers['content-disposition']))).toBe('pass_rate_by_certificate.csv');
  });

  it('refuses an unknown headers value with a Chinese and English message', async () => {
    const res = await get('/api/queries/pass_rate_by_certificate?format=csv&headers=fr');
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: { code: 'invalid_params' } });
  });
});

describe('XLSX — Chinese sheet and file names, number formats kept', () => {
  it('names the sheet and the file in Chinese, labels the header and keeps 0.0% and #,##0', async () => {
    const res = await get('/api/queries/pass_rate_by_certificate?year=2020&province=广东&format=xlsx');
    expect(res.statusCode).toBe(200);
    expect(filenameStar(String(res.headers['content-disposition']))).toBe('各证书通过率_2020_广东.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0]!;
    expect(sheet.name).toBe('各证书通过率');
    expect(sheet.getRow(1).values).toEqual([undefined, '证书', '证书编号', '考证人数', '通过人数', '通过率', '95%区间下限', '95%区间上限', '学校数']);
    const taxRow = sheet.getRows(2, sheet.rowCount - 1)!.find((r) => r.getCell(1).value === '智能财税')!;
    expect(taxRow.getCell(3).value).toBe(335);
    expect(taxRow.getCell(3).numFmt).toBe('#,##0');
    expect(taxRow.getCell(5).value).toBeCloseTo(315 / 335, 12);
    expect(taxRow.getCell(5).numFmt).toBe('0.0%');
  });
});
