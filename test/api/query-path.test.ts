/**
 * The request path of named queries (issue 13, goals 1 and 5): a cache hit
 * runs no DuckDB statement at all (no data-version statement, no name lookup),
 * concurrent misses for the same answer share one statement, an import makes
 * the next request see the new data (for a scoped dean too), a burst of
 * concurrent requests gets no error, and overload is a 503 with Retry-After —
 * never a 500. Seed 004's exam table (广州城市职业学院, 2020) plus imports.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, TEST_ADMIN_PASSWORD, type TestApp } from '../helpers/app.js';
import { postImport } from '../import/helpers.js';
import { putUser } from '../../server/lib/users.js';
import { basic } from '../helpers/scope-fixture.js';

const DEAN = { username: '路径院长', password: 'dean-pw-路径' };
const OVERVIEW = ['overview_totals', 'pass_rate_by_certificate', 'trainees_by_college', 'city_quotas', 'city_quota_totals', 'filter_options'];

describe('named-query request path — seed 004, exam table', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await buildTestApp();
    await putUser(app.db, { ...DEAN, role: 'dean', schoolIds: [1] });
  });
  afterAll(async () => app.close());

  it('a cache hit runs no statement: no data version, no name lookup, no query; same bytes as the miss', async () => {
    const url = `/api/queries/pass_rate_by_certificate?school=${encodeURIComponent('广州城市职业学院')}&province=${encodeURIComponent('广东')}`;
    const miss = await app.inject({ url });
    expect(miss.statusCode).toBe(200);
    expect(miss.headers['x-cache']).toBe('miss');
    for (const format of ['json', 'csv', 'arrow']) {
      const first = await app.inject({ url: `${url}&format=${format}` });
      const before = app.db.statements;
      const hit = await app.inject({ url: `${url}&format=${format}` });
      expect(app.db.statements - before).toBe(0);
      expect(hit.headers['x-cache']).toBe('hit');
      expect(hit.rawPayload.equals(first.rawPayload)).toBe(true);
      expect(hit.headers['content-length']).toBe(String(hit.rawPayload.length));
    }
    const rows = (miss.json() as { rows: { certificate: string; candidates: number }[] }).rows;
    expect(rows.length).toBeGreaterThan(0);
  });

  it('a new filter combination resolves the same school name without a lookup statement', async () => {
    await app.inject({ url: `/api/queries/overview_totals?school=${encodeURIComponent('广州城市职业学院')}` });
    const before = app.db.statements;
    const res = await app.inject({ url: `/api/queries/overview_totals?school=${encodeURIComponent('广州城市职业学院')}&year=2020` });
    expect(res.statusCode).toBe(200);
    // The query itself only.
    expect(app.db.statements - before).toBe(1);
  });

  it('20 concurrent misses for the same answer share one statement', async () => {
    await app.inject({ url: '/api/queries/overview_totals' }); // data version known
    const before = app.db.statements;
    const answers = await Promise.all(Array.from({ length: 20 }, () => app.inject({ url: '/api/queries/pass_rate_by_certificate_level?year=2020' })));
    expect(answers.map((a) => a.statusCode)).toEqual(Array(20).fill(200));
    expect(app.db.statements - before).toBe(1);
    expect(new Set(answers.map((a) => a.body)).size).toBe(1);
  });

  it('200 concurrent requests over the overview queries all answer 200', async () => {
    const urls = Array.from({ length: 200 }, (_, i) => `/api/queries/${OVERVIEW[i % OVERVIEW.length]}${i % 3 === 0 ? '?year=2020' : ''}`);
    const codes = (await Promise.all(urls.map((url) => app.inject({ url })))).map((r) => r.statusCode);
    expect(codes.filter((c) => c !== 200)).toEqual([]);
  });

  it('an import bumps the data version: the next request (the administrator and a scoped dean) sees the new rows', async () => {
    const url = '/api/queries/overview_totals?year=2023';
    const dean = basic(DEAN);
    const admin = basic({ username: 'admin', password: TEST_ADMIN_PASSWORD });
    const empty = (await app.inject({ url, headers: admin })).json() as { rows: { candidates: number | null }[] };
    const deanEmpty = (await app.inject({ url, headers: dean })).json() as { rows: { candidates: number | null }[] };
    expect(Number(empty.rows[0]?.candidates ?? 0)).toBe(0);
    expect(Number(deanEmpty.rows[0]?.candidates ?? 0)).toBe(0);
    const res = await postImport(app, { name: 'path-2023.csv', bytes: '证书,考证人数,通过人数\n智能财税,123,100\n' }, { school: '广州城市职业学院', year: '2023' });
    expect(res.statusCode).toBe(201);
    const id = (res.json() as { import: { id: number } }).import.id;
    const after = await app.inject({ url, headers: admin });
    expect(after.headers['x-cache']).toBe('miss');
    expect(Number((after.json() as { rows: { candidates: number }[] }).rows[0]!.candidates)).toBe(123);
    expect(Number(((await app.inject({ url, headers: dean })).json() as { rows: { candidates: number }[] }).rows[0]!.candidates)).toBe(123);
    // And undo takes it away again.
    const undo = await app.inject({ method: 'DELETE', url: `/api/imports/${id}`, headers: admin });
    expect(undo.statusCode).toBe(200);
    expect(Number(((await app.inject({ url, headers: dean })).json() as { rows: { candidates: number | null }[] }).rows[0]?.candidates ?? 0)).toBe(0);
  });
});

describe('named queries under overload — seed 004', () => {
  let app: TestApp;
  const saved = { running: process.env.XPILOT_QUERY_RUNNING, queued: process.env.XPILOT_QUERY_QUEUED };
  beforeAll(async () => {
    process.env.XPILOT_QUERY_RUNNING = '1';
    process.env.XPILOT_QUERY_QUEUED = '1';
    app = await buildTestApp();
  });
  afterAll(async () => {
    for (const [k, v] of [['XPILOT_QUERY_RUNNING', saved.running], ['XPILOT_QUERY_QUEUED', saved.queued]] as const) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    await app.close();
  });

  it('misses beyond the running and queued slots answer 503 server_busy with Retry-After, never 500; the rest 200', async () => {
    await app.inject({ url: '/api/queries/overview_totals' });
    const answers = await Promise.all([2018, 2019, 2020, 2021, 2022, 2023].map((year) => app.inject({ url: `/api/queries/pass_rate_by_certificate?year=${year}` })));
    const codes = answers.map((a) => a.statusCode);
    expect(codes.filter((c) => c === 200).length).toBe(2);
    const busy = answers.filter((a) => a.statusCode === 503);
    expect(busy.length).toBe(4);
    for (const b of busy) {
      expect(b.headers['retry-after']).toBe('2');
      expect((b.json() as { error: { code: string; message_zh: string } }).error).toMatchObject({ code: 'server_busy', message_zh: '服务器繁忙，请稍后重试。' });
    }
    // Once the burst is over the same requests answer.
    const again = await app.inject({ url: '/api/queries/pass_rate_by_certificate?year=2023' });
    expect(again.statusCode).toBe(200);
  });
});
