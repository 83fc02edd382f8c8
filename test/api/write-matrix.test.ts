/**
 * Who may change what (issue 10): every write route and every sign-in route
 * × {anonymous, admin, official of 广东, dean of 广州城市职业学院 (school 1,
 * data/schools.csv), dean of 中山火炬职业技术学院 (school 2), analyst with a
 * school scope, an expired session, a disabled user}, each with the status
 * it must answer. Everyone signs in as the web app does (session cookie +
 * CSRF token). Read leaks are test/api/scopes*.test.ts's business.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminHeaders, basicHeaders, buildTestApp, signIn, TEST_ADMIN_PASSWORD, type TestApp } from '../helpers/app.js';
import { multipart } from '../import/helpers.js';
import { putUser } from '../../server/lib/users.js';

type Who = 'anonymous' | 'admin' | 'official' | 'dean' | 'otherDean' | 'analyst' | 'expired' | 'disabled';
const WHO: Who[] = ['anonymous', 'admin', 'official', 'dean', 'otherDean', 'analyst', 'expired', 'disabled'];
const PASSWORD = 'matrix-密码-123';

let app: TestApp;
const headers = {} as Record<Who, Record<string, string>>;
const ADMIN_BASIC = basicHeaders('admin', TEST_ADMIN_PASSWORD);

beforeAll(async () => {
  app = await buildTestApp({ signInPerMinute: 1000 });
  await putUser(app.db, { username: '广东主管', password: PASSWORD, role: 'official', provinces: ['广东省'] });
  await putUser(app.db, { username: '王院长', password: PASSWORD, role: 'dean', schoolIds: [1] });
  await putUser(app.db, { username: '李院长', password: PASSWORD, role: 'dean', schoolIds: [2] });
  await putUser(app.db, { username: '张分析', password: PASSWORD, role: 'analyst', schoolIds: [1] });
  await putUser(app.db, { username: '过期院长', password: PASSWORD, role: 'dean', schoolIds: [1] });
  await putUser(app.db, { username: '停用院长', password: PASSWORD, role: 'dean', schoolIds: [1] });
  headers.anonymous = {};
  headers.admin = { ...(await adminHeaders(app)) };
  headers.official = { ...(await signIn(app, '广东主管', PASSWORD)) };
  headers.dean = { ...(await signIn(app, '王院长', PASSWORD)) };
  headers.otherDean = { ...(await signIn(app, '李院长', PASSWORD)) };
  headers.analyst = { ...(await signIn(app, '张分析', PASSWORD)) };
  headers.expired = { ...(await signIn(app, '过期院长', PASSWORD)) };
  await app.db.query("UPDATE sessions SET expires_at = TIMESTAMP '2000-01-01' WHERE username = '过期院长'");
  headers.disabled = { ...(await signIn(app, '停用院长', PASSWORD)) };
  const disable = await app.inject({ method: 'PATCH', url: `/api/users/${encodeURIComponent('停用院长')}`, headers: ADMIN_BASIC, payload: { disabled: true } });
  expect(disable.statusCode).toBe(200);
});
afterAll(async () => app.close());

let n = 0;
/**
 * A small exam-results file of school 1 (or another), different bytes each time so it is never a duplicate.
 * Its facts overlap the earlier ones on purpose, so every commit says to keep both (with a reason).
 */
const KEEP = { overlap: 'keep', reason: '权限矩阵测试：同一学校年份的多批数据' };
const examFile = () => ({ name: `exam-${++n}.csv`, bytes: `证书,考证人数,通过人数\n智能财税,${40 + n},36\n物流管理,30,27\n` });
const postImport = async (who: Who, school = '广州城市职业学院', dryRun = false) => {
  const body = await multipart(examFile(), { school, year: '2021', ...KEEP });
  return app.inject({ method: 'POST', url: `/api/imports${dryRun ? '?dryRun=true' : ''}`, payload: body.payload, headers: { ...body.headers, ...headers[who] } });
};
/** An import of school 1 committed by the administrator (by Basic, so no session is involved). */
const committedImport = async (school = '广州城市职业学院'): Promise<number> => {
  const body = await multipart(examFile(), { school, year: '2021', ...KEEP });
  const res = await app.inject({ method: 'POST', url: '/api/imports', payload: body.payload, headers: { ...body.headers, ...ADMIN_BASIC } });
  expect(res.statusCode).toBe(201);
  return (res.json() as { import: { id: number } }).import.id;
};

type Expect = Record<Who, number>;
const row = (anonymous: number, admin: number, official: number, dean: number, otherDean: number, analyst: number, expired = anonymous, disabled = anonymous): Expect =>
  ({ anonymous, admin, official, dean, otherDean, analyst, expired, disabled });

const CASES: [label: string, expected: Expect, run: (who: Who) => Promise<{ statusCode: number }>][] = [
  ['POST /api/imports (commit, school 1)', row(401, 201, 201, 201, 403, 403), (who) => postImport(who)],
  ['POST /api/imports?dryRun=true (preview)', row(200, 200, 200, 200, 200, 200), (who) => postImport(who, '广州城市职业学院', true)],
  ['POST /api/imports (commit, a school of 浙江)', row(401, 201, 403, 403, 403, 403), (who) => postImport(who, '浙江金融职业学院')],
  ['DELETE /api/imports/:id (school 1)', row(401, 200, 200, 200, 403, 403), async (who) => app.inject({ method: 'DELETE', url: `/api/imports/${await committedImport()}`, headers: headers[who] })],
  ['DELETE /api/imports/:id (a school of 浙江)', row(401, 200, 403, 403, 403, 403), async (who) => app.inject({ method: 'DELETE', url: `/api/imports/${await committedImport('浙江金融职业学院')}`, headers: headers[who] })],
  ['DELETE /api/imports/1 (the default dataset)', row(401, 409, 403, 403, 403, 403), (who) => app.inject({ method: 'DELETE', url: '/api/imports/1', headers: headers[who] })],
  ['GET /api/users', row(401, 200, 403, 403, 403, 403), (who) => app.inject({ method: 'GET', url: '/api/users', headers: headers[who] })],
  ['POST /api/users', row(401, 201, 403, 403, 403, 403), (who) => app.inject({ method: 'POST', url: '/api/users', headers: headers[who], payload: { username: `新用户-${who}`, role: 'dean', schools: ['广州城市职业学院'] } })],
  ['PATCH /api/users/:name', row(401, 200, 403, 403, 403, 403), (who) => app.inject({ method: 'PATCH', url: `/api/users/${encodeURIComponent('李院长')}`, headers: headers[who], payload: { schools: [2] } })],
  ['POST /api/users/:name/password (reset)', row(401, 200, 403, 403, 403, 403), async (who) => {
    await putUser(app.db, { username: `重置-${who}`, password: PASSWORD, role: 'dean', schoolIds: [2] });
    return app.inject({ method: 'POST', url: `/api/users/${encodeURIComponent(`重置-${who}`)}/password`, headers: headers[who] });
  }],
  ['DELETE /api/users/:name', row(401, 204, 403, 403, 403, 403), async (who) => {
    await putUser(app.db, { username: `删除-${who}`, password: PASSWORD, role: 'dean', schoolIds: [2] });
    return app.inject({ method: 'DELETE', url: `/api/users/${encodeURIComponent(`删除-${who}`)}`, headers: headers[who] });
  }],
  ['GET /api/audit', row(401, 200, 403, 403, 403, 403), (who) => app.inject({ method: 'GET', url: '/api/audit', headers: headers[who] })],
  ['POST /api/tokens', row(401, 201, 201, 201, 201, 201), (who) => app.inject({ method: 'POST', url: '/api/tokens', headers: headers[who], payload: { name: 'matrix' } })],
  ['GET /api/tokens', row(401, 200, 200, 200, 200, 200), (who) => app.inject({ method: 'GET', url: '/api/tokens', headers: headers[who] })],
  ['DELETE /api/tokens/999 (not theirs)', row(401, 404, 404, 404, 404, 404), (who) => app.inject({ method: 'DELETE', url: '/api/tokens/999', headers: headers[who] })],
  ['POST /api/session/password (wrong current)', row(401, 403, 403, 403, 403, 403), (who) => app.inject({ method: 'POST', url: '/api/session/password', headers: headers[who], payload: { current: 'not-it-at-all', password: 'a-new-password-1' } })],
  ['GET /api/session', row(200, 200, 200, 200, 200, 200, 200, 200), (who) => app.inject({ method: 'GET', url: '/api/session', headers: headers[who] })],
  ['POST /api/saved-queries', row(201, 201, 201, 201, 201, 201, 201, 201), (who) => app.inject({ method: 'POST', url: '/api/saved-queries', headers: headers[who], payload: { name: 'q', sql: 'SELECT 1' } })],
];

describe('write and sign-in routes × principals', () => {
  for (const [label, expected, run] of CASES) {
    it(label, async () => {
      const got = {} as Record<Who, number>;
      for (const who of WHO) got[who] = (await run(who)).statusCode;
      expect(got).toEqual(expected);
    });
  }

  it('GET /api/session names each principal (expired and disabled are anonymous again)', async () => {
    const roles: Record<string, string> = {};
    for (const who of WHO) roles[who] = ((await app.inject({ url: '/api/session', headers: headers[who] })).json() as { role: string }).role;
    expect(roles).toEqual({ anonymous: 'anonymous', admin: 'admin', official: 'official', dean: 'dean', otherDean: 'dean', analyst: 'analyst', expired: 'anonymous', disabled: 'anonymous' });
  });

  it('a refused write says why, in both languages, and writes nothing', async () => {
    const before = (await app.db.query('SELECT count(*) AS n FROM imports')).rows[0]!.n;
    const res = await postImport('otherDean');
    expect(res.json()).toEqual({ error: { code: 'outside_scope', message: 'You may not commit this import: it holds rows of 1 other school(s)', message_zh: '您不能提交这次导入：包含其他 1 所学校的数据。' } });
    const analyst = await postImport('analyst');
    expect((analyst.json() as { error: { code: string; message_zh: string } }).error).toMatchObject({ code: 'read_only_role', message_zh: '分析员账号只能查看和查询，不能提交或撤销导入。' });
    expect((await app.db.query('SELECT count(*) AS n FROM imports')).rows[0]!.n).toBe(before);
  });

  it('the disabled user cannot come back by HTTP Basic either', async () => {
    const res = await app.inject({ url: '/api/session', headers: basicHeaders('停用院长', PASSWORD) });
    expect((res.json() as { role: string }).role).toBe('anonymous');
  });
});
