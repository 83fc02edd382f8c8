/**
 * Saved SQL queries are open without sign-in (issue 11), so each owner (X-User,
 * else the IP) may keep at most XPILOT_SAVED_QUERIES_MAX, and the list comes
 * one page at a time with the total.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';

async function appWithMax(max: string): Promise<TestApp> {
  const before = process.env.XPILOT_SAVED_QUERIES_MAX;
  process.env.XPILOT_SAVED_QUERIES_MAX = max;
  try {
    return await buildTestApp();
  } finally {
    if (before === undefined) delete process.env.XPILOT_SAVED_QUERIES_MAX;
    else process.env.XPILOT_SAVED_QUERIES_MAX = before;
  }
}

describe('saved queries: a cap per owner and a paged list', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await appWithMax('3');
  });
  afterAll(() => app.close());

  const save = (owner: string, name: string) =>
    app.inject({ method: 'POST', url: '/api/saved-queries', headers: { 'x-user': encodeURIComponent(owner) }, payload: { name, sql: `SELECT '${name}' AS n` } });

  it('an owner may keep 3; the 4th is 409 naming the limit; others still may save; deleting one makes room', async () => {
    const ids: number[] = [];
    for (const n of ['a1', 'a2', 'a3']) {
      const res = await save('分析员甲', n);
      expect(res.statusCode).toBe(201);
      ids.push(res.json().id);
    }
    const fourth = await save('分析员甲', 'a4');
    expect(fourth.statusCode).toBe(409);
    expect(fourth.json().error).toMatchObject({
      code: 'saved_queries_limit',
      message: expect.stringContaining('XPILOT_SAVED_QUERIES_MAX'),
      message_zh: '“分析员甲”已保存 3 条查询，已达每人上限（XPILOT_SAVED_QUERIES_MAX）；请先删除不用的查询',
      max: 3,
    });
    expect((await save('analyst-b', 'b1')).statusCode).toBe(201);
    const owned = (await app.db.query("SELECT count(*) AS n FROM saved_queries WHERE owner = '分析员甲'")).rows[0]!;
    expect(Number(owned.n)).toBe(3);
    expect((await app.inject({ method: 'DELETE', url: `/api/saved-queries/${ids[0]}`, headers: { 'x-user': encodeURIComponent('分析员甲') } })).statusCode).toBe(204);
    expect((await save('分析员甲', 'a5')).statusCode).toBe(201);
  });

  it('pages: newest first, limit and offset, with the total', async () => {
    for (const n of ['c1', 'c2', 'c3']) expect((await save('analyst-c', n)).statusCode).toBe(201);
    // In all: a2, a3, b1, a5, c1, c2, c3 (a1 was deleted).
    const page = async (qs: string) => (await app.inject({ method: 'GET', url: `/api/saved-queries${qs}` })).json() as { items: { name: string }[]; total: number; limit: number; offset: number };
    const first = await page('?limit=3');
    expect([first.items.map((q) => q.name), first.total, first.limit, first.offset]).toEqual([['c3', 'c2', 'c1'], 7, 3, 0]);
    const second = await page('?limit=3&offset=3');
    expect(second.items.map((q) => q.name)).toEqual(['a5', 'b1', 'a3']);
    const last = await page('?limit=3&offset=6');
    expect(last.items.map((q) => q.name)).toEqual(['a2']);
    const all = await page('');
    expect([all.items.length, all.limit]).toEqual([7, 50]);
  });

  it.each([['limit=0'], ['limit=201'], ['offset=-1'], ['page=2']])('?%s → 400 invalid_params', async (qs) => {
    const res = await app.inject({ method: 'GET', url: `/api/saved-queries?${qs}` });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('invalid_params');
  });
});
