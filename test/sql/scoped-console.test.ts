/**
 * The SQL console of a scoped principal (issue 10) runs on a snapshot of only
 * their rows: a dean of A (广州城市职业学院) tries crafted SQL, EXPLAIN,
 * error messages and the schema browser for school B (湘江测试职业学院,
 * restricted, 湖南省) and C (南海测试职业学院, restricted, 广东省) and their
 * candidate records; anonymous visitors get the public rows and no
 * candidate-level records. Data: test/helpers/scope-fixture.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { A, B, C, USERS, basic, scopeFixture, type ScopeFixture } from '../helpers/scope-fixture.js';
import { postImport } from '../import/helpers.js';
import { REFUSED } from './escape-cases.js';

let fx: ScopeFixture;
beforeAll(async () => {
  fx = await scopeFixture();
  // Published candidate records of A: signed-in users may see them, anonymous visitors never.
  const records = ['姓名,身份证号,证书,等级,专业,成绩,是否通过', ...Array.from({ length: 5 }, (_, i) => `广州考生${i},44010120000101${String(i).padStart(4, '0')},智能财税,初级,会计,${70 + i},通过`)].join('\n');
  const res = await postImport(fx.app, { name: 'a-public-考生.csv', bytes: records }, { school: String(A.id), year: '2021', visibility: 'public' });
  if (res.statusCode !== 201) throw new Error(res.body);
});
afterAll(async () => fx?.close());

const sql = (text: string, headers: Record<string, string> = basic(USERS.dean)) => fx.app.inject({ method: 'POST', url: '/api/sql', payload: { sql: text }, headers });
const rows = async (text: string, headers?: Record<string, string>) => {
  const res = await sql(text, headers);
  expect(res.statusCode, res.body).toBe(200);
  return (res.json() as { rows: Record<string, unknown>[] }).rows;
};

describe('a dean\'s console holds only the dean\'s scope', () => {
  it('SELECT * FROM exam_records: A\'s public records, none of B\'s', async () => {
    const all = await rows('SELECT school_id, count(*) AS n FROM exam_records GROUP BY ALL ORDER BY 1');
    expect(all).toEqual([{ school_id: A.id, n: 5 }]);
  });
  it('SELECT name FROM schools: no B, no C', async () => {
    const names = (await rows('SELECT name FROM schools')).map((r) => r.name);
    expect(names).toContain(A.name);
    expect(names).not.toContain(B.name);
    expect(names).not.toContain(C.name);
  });
  it('crafted reads of B by id find nothing; totals are public + A', async () => {
    expect(await rows(`SELECT * FROM exam_results WHERE school_id IN (${B.id}, ${C.id})`)).toEqual([]);
    expect(await rows(`SELECT * FROM imports WHERE id IN (${fx.imports.b}, ${fx.imports.c}, ${fx.imports.bRecords})`)).toEqual([]);
    expect(await rows(`SELECT * FROM findings WHERE import_id = ${fx.imports.b}`)).toEqual([]);
    const [total] = await rows('SELECT sum(candidates) AS n FROM exam_results');
    expect(total!.n).toBe(fx.publicCandidates + 101 + 53);
  });
  it('EXPLAIN and an error message show nothing of B', async () => {
    const explain = await sql(`EXPLAIN SELECT * FROM schools WHERE name = 'x'`);
    expect(explain.statusCode).toBe(200);
    expect(explain.body).not.toContain(B.name);
    const err = await sql(`SELECT CAST(name AS INTEGER) FROM schools WHERE id = ${B.id} OR name LIKE '湘江%'`);
    expect(err.body).not.toContain(B.name);
  });
  it('the schema browser: row counts and sample values of the dean\'s snapshot', async () => {
    const res = await fx.app.inject({ method: 'GET', url: '/api/schema', headers: basic(USERS.dean) });
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain(B.name);
    expect(res.body).not.toContain(C.name);
    expect(res.body).not.toContain('users');
  });
  it.each(REFUSED)('escape case on the scoped snapshot: %s', async (_label, text, status, codes) => {
    const res = await sql(text);
    expect(res.statusCode).toBe(status);
    expect(codes).toContain((res.json() as { error: { code: string } }).error.code);
  });
});

describe('other principals', () => {
  it('anonymous: public rows only, no candidate-level records at all', async () => {
    expect(await rows('SELECT count(*) AS n FROM exam_records', {})).toEqual([{ n: 0 }]);
    const [total] = await rows('SELECT sum(candidates) AS n FROM exam_results', {});
    expect(total!.n).toBe(fx.publicCandidates);
    expect((await rows('SELECT DISTINCT visibility FROM imports', {})).map((r) => r.visibility)).toEqual(['public']);
  });
  it('the dean of B sees B\'s records; the official of 广东 sees C and not B', async () => {
    expect(await rows('SELECT school_id, count(*) AS n FROM exam_records GROUP BY ALL ORDER BY 1', basic(USERS.deanB))).toEqual([{ school_id: A.id, n: 5 }, { school_id: B.id, n: 12 }]);
    const official = (await rows('SELECT DISTINCT school_id FROM exam_results ORDER BY 1', basic(USERS.official))).map((r) => r.school_id);
    expect(official).toContain(C.id);
    expect(official).not.toContain(B.id);
  });
  it('snapshots are per scope and bounded (XPILOT_SQL_SCOPED_SNAPSHOTS, default 3)', () => {
    const open = fx.app.sqlSandbox.scopedSnapshots();
    expect(open.length).toBeLessThanOrEqual(3);
    expect(new Set(open.map((s) => s.key)).size).toBe(open.length);
  });
});
