/**
 * The data of the scope tests (issue 10): the default dataset (public) plus
 * two schools added to a copy of data/schools.csv and restricted imports:
 *   A  = 广州城市职业学院 (id 1, 广东省) — the dean's school; one restricted import of its own
 *   B  = 湘江测试职业学院 (id 16, 湖南省) — another province, restricted results and candidate records
 *   C  = 南海测试职业学院 (id 17, 广东省) — the same province, restricted results
 * B's and C's names occur in no public document, so any occurrence in an
 * answer to the dean is a leak.
 */
import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import ExcelJS from 'exceljs';
import { buildTestApp, type TestApp } from './app.js';
import { postImport } from '../import/helpers.js';
import { putUser } from '../../server/lib/users.js';
import { withScratchInstance } from '../../server/plugins/app/duckdb.js';
import { readTable } from '../../server/lib/values.js';

export const A = { id: 1, name: '广州城市职业学院' };
export const B = { id: 16, name: '湘江测试职业学院', province: '湖南省' };
export const C = { id: 17, name: '南海测试职业学院', province: '广东省' };

export const USERS = {
  dean: { username: '张院长', password: 'dean-pw-广州' },
  official: { username: '广东厅', password: 'official-pw-广东' },
  deanB: { username: '湘江院长', password: 'dean-pw-湘江' },
} as const;

export const basic = (u: { username: string; password: string }) => ({ authorization: `Basic ${Buffer.from(`${u.username}:${u.password}`, 'utf8').toString('base64')}` });

/** Results with figures no seed has (so a sum that includes them is recognisable). */
const results = (rows: [string, number, number][]) => ['证书,考证人数,通过人数', ...rows.map((r) => r.join(','))].join('\n') + '\n';
export const A_RESULTS = results([['智能财税', 101, 61], ['物流管理', 53, 41]]);
export const B_RESULTS = results([['智能财税', 777, 701], ['物流管理', 313, 211]]);
export const C_RESULTS = results([['智能财税', 419, 203], ['物流管理', 97, 90]]);
const B_RECORDS = ['姓名,身份证号,证书,等级,专业,成绩,是否通过', ...Array.from({ length: 12 }, (_, i) => `湘江考生${i},43010120000101${String(i).padStart(4, '0')},智能财税,初级,会计,${55 + i},${55 + i >= 60 ? '通过' : '不通过'}`)].join('\n');

export interface ScopeFixture {
  app: TestApp;
  imports: { a: number; b: number; bRecords: number; c: number };
  /** overview_totals.candidates an anonymous visitor saw before any restricted import. */
  publicCandidates: number;
  close(): Promise<void>;
}

export async function scopeFixture(): Promise<ScopeFixture> {
  const dataDir = mkdtempSync(join(tmpdir(), 'xpilot-scope-data-'));
  cpSync(join(process.cwd(), 'data'), dataDir, { recursive: true });
  const schools = readFileSync(join(dataDir, 'schools.csv'), 'utf8');
  writeFileSync(join(dataDir, 'schools.csv'), schools.endsWith('\n') ? schools : `${schools}\n`);
  appendFileSync(join(dataDir, 'schools.csv'), `${B.id},${B.name},,高职,湖南省,长沙市,scope test\n${C.id},${C.name},,高职,广东省,佛山市,scope test\n`);
  const app = await buildTestApp({ dataDir });
  const before = await app.inject({ method: 'GET', url: '/api/queries/overview_totals' });
  const publicCandidates = Number((before.json() as { rows: { candidates: number }[] }).rows[0]!.candidates);
  await putUser(app.db, { ...USERS.dean, role: 'dean', schoolIds: [A.id] });
  await putUser(app.db, { ...USERS.official, role: 'official', provinces: ['广东省'] });
  await putUser(app.db, { ...USERS.deanB, role: 'dean', schoolIds: [B.id] });
  const commit = async (name: string, bytes: string, fields: Record<string, string>) => {
    const res = await postImport(app, { name, bytes }, fields);
    if (res.statusCode !== 201) throw new Error(`import ${name}: ${res.statusCode} ${res.body}`);
    return (res.json() as { import: { id: number } }).import.id;
  };
  const imports = {
    a: await commit('a-2021.csv', A_RESULTS, { school: String(A.id), year: '2021' }),
    b: await commit('b-2021.csv', B_RESULTS, { school: String(B.id), year: '2021' }),
    bRecords: await commit('b-2021-考生.csv', B_RECORDS, { school: String(B.id), year: '2021' }),
    c: await commit('c-2021.csv', C_RESULTS, { school: String(C.id), year: '2021' }),
  };
  return {
    app,
    imports,
    publicCandidates,
    async close() {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Every cell of an answer as text, whatever its format (JSON, CSV, XLSX, Arrow, Parquet, SVG). */
export async function answerText(format: string, body: Buffer): Promise<string> {
  if (format === 'xlsx') {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(body as unknown as ArrayBuffer);
    const cells: string[] = [];
    wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((cell) => cells.push(String(cell.value)))));
    return cells.join('\n');
  }
  if (format === 'arrow') {
    const t = tableFromIPC(body);
    return JSON.stringify(t.toArray().map((r) => r.toJSON()), (_k, v) => (typeof v === 'bigint' ? Number(v) : v));
  }
  if (format === 'parquet') {
    const dir = mkdtempSync(join(tmpdir(), 'xpilot-scope-parquet-'));
    try {
      const file = join(dir, 'a.parquet');
      writeFileSync(file, body);
      return JSON.stringify((await withScratchInstance(dir, async (conn) => readTable(await conn.runAndReadAll(`SELECT * FROM read_parquet('${file}')`)))).rows);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return body.toString('utf8');
}
