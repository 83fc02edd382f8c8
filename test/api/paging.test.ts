import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Value } from '@sinclair/typebox/value';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { NamedQueryResult } from '../../server/schemas/queries.js';
import { decodeArrow } from '../../web/lib/arrow.js';

let app: TestApp;
beforeAll(async () => { app = await buildTestApp(); });
afterAll(async () => app.close());

const get = (qs: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url: `/api/queries/city_quotas?province=%E6%B5%99%E6%B1%9F&year=2020${qs}`, headers });

describe('paging named queries — seed 003, annex 2 (211 programme × city rows for 浙江 2020)', () => {
  it('gives rows 40–59 of the whole ordered result, with the total before paging', async () => {
    const whole = (await get('')).json();
    expect(whole.rows).toHaveLength(211);
    expect([whole.total, whole.offset, whole.limit, whole.truncated]).toEqual([211, 0, 100_000, false]);
    const res = await get('&limit=20&offset=40');
    expect(res.statusCode).toBe(200);
    expect(res.headers['x-total-rows']).toBe('211');
    const page = res.json();
    expect(page.rows).toEqual(whole.rows.slice(40, 60));
    expect(page.columns).toEqual(whole.columns);
    expect([page.total, page.offset, page.limit, page.rowCount, page.truncated]).toEqual([211, 40, 20, 20, true]);
    const last = (await get('&limit=20&offset=200')).json();
    expect([last.rows.length, last.total, last.truncated]).toEqual([11, 211, false]);
  });

  it('answers a page past the end with no rows and the true total', async () => {
    const page = (await get('&limit=10&offset=500')).json();
    expect([page.rows.length, page.total, page.offset]).toEqual([0, 211, 500]);
  });

  it('keys the cache by page: a repeat is a hit, another page is its own answer', async () => {
    const a = await get('&limit=5&offset=7');
    const b = await get('&limit=5&offset=7');
    const c = await get('&limit=5&offset=12');
    expect(b.headers['x-cache']).toBe('hit');
    expect(c.headers['x-cache']).toBe('miss');
    expect(a.json().rows).toEqual(b.json().rows);
    expect(c.json().rows[0]).not.toEqual(a.json().rows[0]);
  });

  it('pages Arrow and CSV the same way (X-Total-Rows on every format)', async () => {
    const whole = (await get('')).json();
    const arrow = await get('&limit=3&offset=2&format=arrow');
    expect(arrow.headers['x-total-rows']).toBe('211');
    const table = decodeArrow(new Uint8Array(arrow.rawPayload));
    expect(table.numRows).toBe(3);
    expect(table.columns.map((c) => c.name)).toEqual(whole.columns.map((c: { name: string }) => c.name));
    const csv = await get('&limit=3&offset=2&format=csv');
    expect(csv.headers['x-total-rows']).toBe('211');
    expect(csv.body.trim().split('\n')).toHaveLength(4);
  });

  it('answers a JSON body that matches the schema the web app is typed from', async () => {
    const body = (await get('&limit=2')).json();
    expect(Value.Errors(NamedQueryResult, body).First()).toBeUndefined();
    expect(Object.keys(body).sort()).toEqual(['columns', 'limit', 'offset', 'rowCount', 'rowLimit', 'rows', 'total', 'truncated']);
  });

  it.each([['limit=0'], ['limit=100001'], ['limit=abc'], ['offset=-1'], ['offset=1.5'], ['limit=1&limit=2']])('?%s → 400 invalid_params in both languages', async (qs) => {
    const res = await get(`&${qs}`);
    expect(res.statusCode).toBe(400);
    const { error } = res.json();
    expect(error.code).toBe('invalid_params');
    expect(error.message).toMatch(/limit|offset/);
    expect(error.message_zh).toMatch(/应为|只能/);
  });
});

describe('paging a benchmark query (school_comparison, peers anonymised over the whole result)', () => {
  it('pages the same rows as the whole answer', async () => {
    const whole = (await app.inject({ method: 'GET', url: '/api/queries/school_comparison' })).json();
    const page = (await app.inject({ method: 'GET', url: '/api/queries/school_comparison?limit=1&offset=1' })).json();
    expect(page.total).toBe(whole.rows.length);
    expect(page.rows).toEqual(whole.rows.slice(1, 2));
  });
});
