/**
 * Leak tests (issue 10): a dean of school A (广州城市职业学院) tries every
 * read path for school B (湘江测试职业学院, restricted, 湖南省) and school C
 * (南海测试职业学院, restricted, 广东省 — the dean's province): named-query
 * parameters in every format, chart SVG/PNG, import history and findings.
 * B must never show (no row, name, id, figure); C only as 院校 X inside the
 * province benchmarks. Anonymous visitors see no restricted row at all.
 * Data: the default dataset (public) + test/helpers/scope-fixture.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { A, B, C, USERS, answerText, basic, scopeFixture, type ScopeFixture } from '../helpers/scope-fixture.js';

let fx: ScopeFixture;
beforeAll(async () => { fx = await scopeFixture(); });
afterAll(async () => fx?.close());

const dean = () => basic(USERS.dean);
const get = (url: string, headers: Record<string, string> = {}) => fx.app.inject({ method: 'GET', url: encodeURI(url), headers });

interface QueryInfo { name: string; params: { name: string; type: string }[] }

/** The parameter values a curious dean would try, per parameter type. */
function attacks(params: QueryInfo['params']): Record<string, string>[] {
  const values: Record<string, string[]> = {
    school: [String(B.id), B.name, String(C.id), C.name],
    schools: [`${A.id},${B.id},${C.id}`, `${B.name},${C.name}`],
    province: ['湖南', '广东'],
    certificate: ['智能财税'],
    import: [() => String(fx.imports.b), () => String(fx.imports.c), () => String(fx.imports.bRecords)].map((f) => f()),
    integer: ['2021'],
    boolean: ['true'],
  };
  const sets: Record<string, string>[] = [{}];
  for (const p of params) {
    const type = p.name === 'year' ? 'integer' : p.type;
    for (const v of values[type] ?? []) sets.push({ [p.name]: v, ...(p.name !== 'year' && params.some((q) => q.name === 'year') ? { year: '2021' } : {}) });
  }
  return sets;
}

const ID_COLUMNS = ['school_id', 'host_school_id', 'id'];

function expectNoB(text: string, where: string, opts: { allowC?: boolean } = {}) {
  expect(text.includes(B.name), `${where} names B`).toBe(false);
  if (!opts.allowC) expect(text.includes(C.name), `${where} names C`).toBe(false);
  expect(text.includes('湘江考生'), `${where} shows B's candidates`).toBe(false);
}

describe('a dean of A asks every named query for B and C', () => {
  let list: QueryInfo[];
  beforeAll(async () => { list = ((await get('/api/queries')).json() as { queries: QueryInfo[] }).queries; });

  it('JSON: no row, name or id of B or C under any parameter (C appears in benchmarks as 院校 X only)', async () => {
    let runs = 0;
    for (const q of list) {
      for (const params of attacks(q.params)) {
        const url = `/api/queries/${q.name}?${new URLSearchParams(params).toString()}`;
        const res = await fx.app.inject({ method: 'GET', url, headers: dean() });
        expect([200, 400], url).toContain(res.statusCode);
        if (res.statusCode !== 200) continue;
        runs++;
        expectNoB(res.body, url);
        for (const row of (res.json() as { rows: Record<string, unknown>[] }).rows) {
          for (const c of ID_COLUMNS) if (c in row) expect([B.id, C.id], `${url} ${c}`).not.toContain(row[c]);
        }
      }
    }
    expect(runs).toBeGreaterThan(60);
  });

  it.each(['csv', 'xlsx', 'arrow', 'parquet'])('%s exports: decoded, no name of B or C', async (format) => {
    for (const q of list) {
      for (const params of attacks(q.params).slice(0, 3)) {
        const url = `/api/queries/${q.name}?${new URLSearchParams({ ...params, format }).toString()}`;
        const res = await fx.app.inject({ method: 'GET', url, headers: dean() });
        if (res.statusCode !== 200) continue;
        expectNoB(await answerText(format, res.rawPayload), url);
      }
    }
  });

  it('B\'s figures are in no total: the dean\'s overview is the public data plus A\'s own restricted import', async () => {
    const res = (await get('/api/queries/overview_totals', dean())).json() as { rows: { candidates: number }[] };
    expect(res.rows[0]!.candidates).toBe(fx.publicCandidates + 101 + 53);
  });

  it('a school the dean may not see has no profile (no name) even by id or name', async () => {
    for (const s of [String(B.id), B.name, String(C.id)]) {
      expect((await get(`/api/queries/school_profile?school=${s}`, dean())).json()).toMatchObject({ rows: [] });
    }
  });
});

describe('a dean of A draws every chart for B and C', () => {
  it('SVG text never names B or C; PNG renders without error', async () => {
    const charts = ((await get('/api/charts')).json() as { charts: { id: string; accepts: string[]; required: string[] }[] }).charts;
    const tries: Record<string, string[]> = { school: [String(B.id), String(C.id)], schools: [`${A.id},${B.id},${C.id}`], province: ['湖南', '广东'], certificate: ['智能财税'], year: ['2021'] };
    let drawn = 0;
    for (const chart of charts) {
      const base: Record<string, string> = { year: '2021' };
      if (chart.accepts.includes('certificate')) base.certificate = '智能财税';
      if (chart.required.includes('province')) base.province = '广东';
      if (chart.required.includes('school')) base.school = String(A.id);
      if (chart.required.includes('schools')) base.schools = String(A.id);
      for (const key of chart.accepts) {
        for (const v of tries[key] ?? []) {
          const params = Object.fromEntries(Object.entries({ ...base, [key]: v }).filter(([k]) => chart.accepts.includes(k)));
          const url = `/api/charts/${chart.id}.svg?${new URLSearchParams(params).toString()}`;
          const res = await fx.app.inject({ method: 'GET', url, headers: dean() });
          expect([200, 400], `${url}: ${res.body.slice(0, 200)}`).toContain(res.statusCode);
          if (res.statusCode !== 200) continue;
          drawn++;
          expectNoB(res.body, url);
          expect(res.body.includes(`>${B.id}<`) || res.headers['content-disposition']!.includes(String(B.id)), `${url} echoes B's id`).toBe(false);
        }
      }
    }
    expect(drawn).toBeGreaterThan(15);
    const png = await fx.app.inject({ method: 'GET', url: encodeURI('/api/charts/school_funnel.png?certificate=智能财税&year=2021&province=广东'), headers: dean() });
    expect([200, 404]).toContain(png.statusCode);
  });
});

describe('import history and findings, read by scope', () => {
  it('the dean lists A\'s imports and the public ones, never B\'s or C\'s', async () => {
    const ids = ((await get('/api/imports', dean())).json() as { imports: { id: number; visibility: string }[] }).imports;
    const seen = ids.map((i) => i.id);
    expect(seen).toContain(fx.imports.a);
    for (const id of [fx.imports.b, fx.imports.bRecords, fx.imports.c]) expect(seen).not.toContain(id);
    expect(ids.find((i) => i.id === fx.imports.a)!.visibility).toBe('restricted');
  });
  it('B\'s import answers 404 like a missing id (not 403): ids say nothing', async () => {
    for (const id of [fx.imports.b, fx.imports.bRecords, fx.imports.c]) {
      const res = await get(`/api/imports/${id}`, dean());
      expect(res.statusCode).toBe(404);
      expect(res.json()).toMatchObject({ error: { code: 'import_not_found' } });
    }
    expect((await get(`/api/imports/${fx.imports.a}`, dean())).statusCode).toBe(200);
  });
  it('data_findings / school_findings of B are empty for the dean, not for B\'s own dean', async () => {
    expect((await get(`/api/queries/data_findings?import=${fx.imports.b}`, dean())).json()).toMatchObject({ rows: [] });
    expect((await get(`/api/queries/school_findings?school=${B.id}`, dean())).json()).toMatchObject({ rows: [] });
    expect((await get(`/api/imports/${fx.imports.b}`, basic(USERS.deanB))).statusCode).toBe(200);
  });
  // DELETE /api/imports/:id authorisation belongs to the accounts branch; once merged a dean gets 404 (or 403) for B's import.
  it.todo('after accounts merges: DELETE /api/imports/<B> as the dean of A answers 404 and undoes nothing');
});

describe('anonymous visitors see no restricted row anywhere', () => {
  it('overview totals are the public data alone; no restricted import is listed', async () => {
    expect(((await get('/api/queries/overview_totals')).json() as { rows: { candidates: number }[] }).rows[0]!.candidates).toBe(fx.publicCandidates);
    const imports = ((await get('/api/imports')).json() as { imports: { visibility: string }[] }).imports;
    expect(imports.length).toBeGreaterThan(0);
    expect(imports.every((i) => i.visibility === 'public')).toBe(true);
  });
  it('no query, in any parameter, names B or C or shows A\'s restricted figures', async () => {
    const list = ((await get('/api/queries')).json() as { queries: QueryInfo[] }).queries;
    for (const q of list) {
      for (const params of attacks(q.params)) {
        const res = await get(`/api/queries/${q.name}?${new URLSearchParams(params).toString()}`);
        if (res.statusCode !== 200) continue;
        expectNoB(res.body, `anonymous ${q.name}`);
      }
    }
    const funnel = (await get('/api/queries/school_comparison?certificate=智能财税&year=2021')).json() as { rows: { school: string; candidates: number }[] };
    expect(funnel.rows.map((r) => r.candidates)).not.toContain(101);
  });
});

describe('positive: who sees what', () => {
  it('an official of 广东省 sees every 广东 row, restricted included (A and C by name), and nothing of B', async () => {
    const rows = ((await get('/api/queries/school_comparison?certificate=智能财税&year=2021', basic(USERS.official))).json() as { rows: { school: string; school_id: number | null; candidates: number }[] }).rows;
    expect(rows.find((r) => r.school_id === C.id)).toMatchObject({ school: C.name, candidates: 419 });
    expect(rows.find((r) => r.school_id === A.id)!.candidates).toBeGreaterThanOrEqual(101);
    expect(JSON.stringify(rows)).not.toContain(B.name);
  });

  it('the dean\'s funnel: own school by name, province peers as 院校 A/B with the whole province\'s pooled rate', async () => {
    const url = '/api/queries/school_comparison?certificate=智能财税&year=2021&province=广东';
    const mine = (await get(url, dean())).json() as { rows: { school: string; school_id: number | null; city: string | null; candidates: number; passed: number; pooled_rate: number }[] };
    const official = (await get(url, basic(USERS.official))).json() as typeof mine;
    expect(mine.rows.length).toBe(official.rows.length);
    expect(mine.rows[0]!.pooled_rate).toBeCloseTo(official.rows[0]!.pooled_rate, 12);
    const own = mine.rows.filter((r) => r.school_id === A.id);
    expect(own).toHaveLength(1);
    expect(own[0]!.school).toBe(A.name);
    const peers = mine.rows.filter((r) => r.school_id !== A.id);
    expect(peers.length).toBeGreaterThanOrEqual(1);
    for (const p of peers) expect(p).toMatchObject({ school_id: null, city: null, school: expect.stringMatching(/^院校 [A-Z]+$/) });
    expect(new Set(peers.map((p) => p.school)).size).toBe(peers.length);
    // C's restricted 419 candidates count in the benchmark, under a letter.
    expect(peers.map((p) => p.candidates)).toContain(419);
    const pooled = official.rows.reduce((s, r) => s + r.passed, 0) / official.rows.reduce((s, r) => s + r.candidates, 0);
    expect(mine.rows[0]!.pooled_rate).toBeCloseTo(pooled, 12);
  });

  it('labels are stable within a view: JSON, CSV and the chart agree', async () => {
    const url = '/api/queries/school_comparison?certificate=智能财税&year=2021&province=广东';
    const json = (await get(url, dean())).json() as { rows: { school: string; candidates: number }[] };
    const csv = (await get(`${url}&format=csv`, dean())).body;
    for (const r of json.rows) expect(csv).toContain(r.school);
    const again = (await get(url, dean())).json() as typeof json;
    expect(again.rows).toEqual(json.rows);
  });

  it('school_benchmark: the dean compares with the whole province; a peer\'s id gives only its public rows', async () => {
    const mine = (await get(`/api/queries/school_benchmark?school=${A.id}&year=2021`, dean())).json() as { rows: { certificate: string; province_candidates: number; candidates: number }[] };
    const tax = mine.rows.find((r) => r.certificate === '智能财税')!;
    expect(tax.province_candidates).toBe(tax.candidates + 419);
    expect((await get(`/api/queries/school_benchmark?school=${C.id}&year=2021`, dean())).json()).toMatchObject({ rows: [] });
  });

  it('caches and ETags are per scope: the same URL answers each principal its own rows', async () => {
    const url = '/api/queries/overview_totals';
    const admin = await get(url, { authorization: `Basic ${Buffer.from('admin:test-admin-密码').toString('base64')}` });
    const d = await get(url, dean());
    const anon = await get(url);
    expect(new Set([admin.headers.etag, d.headers.etag, anon.headers.etag]).size).toBe(3);
    expect(d.headers['cache-control']).toContain('private');
    const candidates = (r: typeof d) => (r.json() as { rows: { candidates: number }[] }).rows[0]!.candidates;
    expect(candidates(admin)).toBe(fx.publicCandidates + 101 + 53 + 777 + 313 + 419 + 97);
    expect(candidates(d)).toBe(fx.publicCandidates + 101 + 53);
    expect(candidates(anon)).toBe(fx.publicCandidates);
    // A dean's ETag never revalidates the anonymous answer.
    expect((await get(url, { 'if-none-match': String(d.headers.etag) })).statusCode).toBe(200);
  });
});
