/**
 * Candidate-level records: streamed through DuckDB's reader into
 * exam_records, the raw name / ID number replaced by a salted pseudonymous
 * key and never stored.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import { adminHeaders, buildTestApp, type TestApp } from '../helpers/app.js';
import { sqlFile } from '../../server/lib/sql-files.js';
import { postImport, tableCounts } from './helpers.js';

const RECORDS_OF_IMPORT = readFileSync(new URL('./records_of_import.sql', import.meta.url), 'utf8');

let app: TestApp;
beforeAll(async () => { app = await buildTestApp(); });
afterAll(async () => app.close());

const people = Array.from({ length: 300 }, (_, i) => ({ name: `测试考生${i}`, id: `44010120000101${String(i).padStart(4, '0')}` }));
const csv = ['姓名,身份证号,证书,等级,专业,成绩,是否通过', ...people.flatMap((p, i) => [
  `${p.name},${p.id},智能财税,初级,会计,${50 + (i % 50)},${50 + (i % 50) >= 60 ? '通过' : '不通过'}`,
  ...(i % 3 === 0 ? [`${p.name},${p.id},物流管理职业技能等级证书(中级),,物流管理,88.5,合格`] : []),
])].join('\r\n');

describe('exam_records — one row per candidate, pseudonymised', () => {
  let importId: number;
  it('a candidate CSV commits every row; the preview masks the raw columns', async () => {
    const preview = (await postImport(app, { name: '广州城市职业学院2021考生.csv', bytes: csv }, {}, { dryRun: true })).json() as { preview: { kind: string; rowCounts: Record<string, number>; tables: { rows: { cells: string[] }[] }[]; records: { rows: number; certificates: { printed: string; rows: number; certificate: string }[] } } };
    expect(preview.preview.kind).toBe('exam_records');
    expect(preview.preview.records.rows).toBe(400);
    expect(preview.preview.records.certificates.sort((a, b) => b.rows - a.rows)).toEqual([
      { printed: '智能财税', rows: 300, certificate: '智能财税' },
      { printed: '物流管理职业技能等级证书(中级)', rows: 100, certificate: '物流管理' },
    ]);
    expect(preview.preview.tables[0]!.rows[0]!.cells.slice(0, 2)).toEqual(['●●●（假名化）', '●●●（假名化）']);
    const res = await postImport(app, { name: '广州城市职业学院2021考生.csv', bytes: csv });
    expect(res.statusCode).toBe(201);
    const body = res.json() as { import: { id: number; row_count: number; kind: string }; rowCounts: Record<string, number> };
    importId = body.import.id;
    expect(body.import).toMatchObject({ kind: 'exam_records', row_count: 400 });
    expect(body.rowCounts.exam_records).toBe(400);
  });

  it('stored: school, year, certificate, level (from the column or the name), major, score, passed — and a 64-hex key', async () => {
    const { rows } = await app.db.query(RECORDS_OF_IMPORT, { id: importId });
    expect(rows).toHaveLength(400);
    expect(new Set(rows.map((r) => r.school_id))).toEqual(new Set([1]));
    expect(new Set(rows.map((r) => r.year))).toEqual(new Set([2021]));
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(String(r.student_key)))).toBe(true);
    const logistics = rows.filter((r) => r.certificate_id === 38);
    expect(logistics).toHaveLength(100);
    expect(logistics.every((r) => r.level === '中级' && r.score === 88.5 && r.passed === true && r.major === '物流管理')).toBe(true);
    expect(rows.filter((r) => r.certificate_id === 26 && r.passed === true)).toHaveLength(people.filter((_, i) => 50 + (i % 50) >= 60).length);
    // The same person keeps one key across certificates; different people never share one.
    expect(new Set(rows.map((r) => r.student_key)).size).toBe(300);
  });

  it('the raw names and ID numbers are stored nowhere: not in the records, the findings or the import row', async () => {
    const stored = JSON.stringify([
      (await app.db.query(RECORDS_OF_IMPORT, { id: importId })).rows,
      (await app.db.query(sqlFile('import_findings'), { id: importId })).rows,
      (await app.db.query(sqlFile('import_get'), { id: importId })).rows,
    ]);
    for (const p of people) {
      expect(stored).not.toContain(p.name);
      expect(stored).not.toContain(p.id);
    }
  });

  it('a GBK-encoded candidate file is transcoded and imported the same way', async () => {
    const gbk = iconv.encode(csv.replace(/测试考生/g, '另一考生'), 'gbk');
    const res = await postImport(app, { name: 'gbk.csv', bytes: gbk }, { school: '中山火炬职业技术学院', year: '2022' });
    expect(res.statusCode).toBe(201);
    const body = res.json() as { import: { id: number }; preview: { encoding: { name: string } } };
    expect(body.preview.encoding.name).toBe('GB18030');
    const { rows } = await app.db.query(RECORDS_OF_IMPORT, { id: body.import.id });
    expect(rows).toHaveLength(400);
    expect(new Set(rows.map((r) => r.major))).toEqual(new Set(['会计', '物流管理']));
  });

  it('an unknown certificate in any row refuses the whole file; the database unchanged', async () => {
    const before = await tableCounts(app);
    const res = await postImport(app, { name: 'bad.csv', bytes: `${csv}\r\n某人,440101200001019999,不存在的证书,初级,会计,70,通过` }, { school: '1', year: '2023' });
    expect(res.statusCode).toBe(422);
    const body = res.json() as { error: { findings: { code: string; message: string }[] } };
    expect(body.error.findings.find((f) => f.code === 'unknown_certificate')!.message).toContain('不存在的证书”（1 行）');
    expect(await tableCounts(app)).toEqual(before);
  });

  it('undo removes exactly that import’s records', async () => {
    const before = await tableCounts(app);
    const res = await app.inject({ method: 'DELETE', url: `/api/imports/${importId}`, headers: await adminHeaders(app) });
    expect(res.json()).toMatchObject({ removed: { exam_records: 400 } });
    const after = await tableCounts(app);
    expect(before.exam_records - after.exam_records).toBe(400);
    expect(after.exam_records).toBe(400);
  });
});
