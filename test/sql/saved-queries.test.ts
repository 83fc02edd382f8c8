/**
 * Saved SQL queries are open without sign-in (issue 11), so each owner (the
 * signed-in user, else the address) may keep at most XPILOT_SAVED_QUERIES_MAX,
 * and the owner's list comes one page at a time with the total.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basicHeaders, buildTestApp, type TestApp } from '../helpers/app.js';
import { putUser } from '../../server/lib/users.js';

const PASSWORD = 'analyst-密码-1';

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
    for (const username of ['分析员甲', 'analyst-b', 'analyst-c']) await putUser(app.db, { username, password: PASSWORD, role: 'analyst', schoolIds: [1] });
  });
  const as = (owner: string) => basicHeaders(owner, PASSWORD);
  afterAll(() => app.close());

  const save = (owner: string, name: string) =>
    app.inject({ method: 'POST', url: '/api/saved-queries', headers: as(owner), payload: { name, sql: `SELECT '${name}' AS n` } });

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
    expect((await app.inject({ method: 'DELETE', url: `/api/saved-queries/${ids[0]}`, headers: as('分析员甲') })).statusCode).toBe(204);
    expect((await save('分析员甲', 'a5')).statusCode).toBe(201);
  });

  it('pages: newest first, limit and offset, with the total', async () => {
    for (const n of ['c1', 'c2', 'c3']) expect((await save('analyst-c', n)).statusCode).toBe(201);
    // 分析员甲 keeps a2, a3, a5 (a1 was deleted); each owner sees only their own.
    const page = async (owner: string, qs: string) => (await app.inject({ method: 'GET', url: `/api/saved-queries${qs}`, headers: as(owner) })).json() as { items: { name: string }[]; total: number; limit: number; offset: number };
    const first = await page('分析员甲', '?limit=2');
    expect([first.items.map((q) => q.name), first.total, first.limit, first.offset]).toEqual([['a5', 'a3'], 3, 2, 0]);
    const last = await page('分析员甲', '?limit=2&offset=2');
    expect(last.items.map((q) => q.name)).toEqual(['a2']);
    const c = await page('analyst-c', '');
    expect([c.items.map((q) => q.name), c.total, c.limit]).toEqual([['c3', 'c2', 'c1'], 3, 50]);
  });

  it.each([['limit=0'], ['limit=201'], ['offset=-1'], ['page=2']])('?%s → 400 invalid_params', async (qs) => {
    const res = await app.inject({ method: 'GET', url: `/api/saved-queries?${qs}` });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('invalid_params');
  });
});
