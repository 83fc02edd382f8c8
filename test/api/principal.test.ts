/**
 * Every request carries a principal: the administrator, a user of the users
 * table by HTTP Basic, or an anonymous visitor. GET /api/session reports it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminHeaders, buildTestApp, type TestApp } from '../helpers/app.js';
import { putUser } from '../../server/lib/users.js';

let app: TestApp;
beforeAll(async () => {
  app = await buildTestApp();
  await putUser(app.db, { username: '王院长', password: 'dean-密码-1', role: 'dean', schoolIds: [1] });
  await putUser(app.db, { username: 'gd-official', password: 'official-pw', role: 'official', provinces: ['广东省'] });
  await putUser(app.db, { username: 'disabled-dean', password: 'pw-123456', role: 'dean', schoolIds: [1], disabled: true });
});
afterAll(async () => app.close());

const basic = (u: string, p: string) => ({ authorization: `Basic ${Buffer.from(`${u}:${p}`, 'utf8').toString('base64')}` });
const session = async (headers: Record<string, string> = {}) => (await app.inject({ method: 'GET', url: '/api/session', headers })).json();

describe('request.principal — who is asking', () => {
  it('no credentials: an anonymous visitor', async () => {
    expect(await session()).toEqual({ admin: false, user: null, role: 'anonymous', provinces: [], schoolIds: [], scopeLabel: '公开数据', method: null, csrfToken: null });
  });
  it('the administrator by session cookie', async () => {
    expect(await session(await adminHeaders(app))).toMatchObject({ admin: true, user: 'admin', role: 'admin' });
  });
  it('a dean by HTTP Basic, with a Chinese user name: role and school scope', async () => {
    expect(await session(basic('王院长', 'dean-密码-1'))).toEqual({ admin: false, user: '王院长', role: 'dean', provinces: [], schoolIds: [1], scopeLabel: '广州城市职业学院', method: 'basic', csrfToken: null });
  });
  it('an official by HTTP Basic: province scope', async () => {
    expect(await session(basic('gd-official', 'official-pw'))).toMatchObject({ role: 'official', provinces: ['广东省'], schoolIds: [] });
  });
  it('a wrong password, a disabled account and an X-User header are all anonymous', async () => {
    expect(await session(basic('王院长', 'wrong'))).toMatchObject({ role: 'anonymous', user: null });
    expect(await session(basic('disabled-dean', 'pw-123456'))).toMatchObject({ role: 'anonymous', user: null });
    expect(await session({ 'x-user': 'admin' })).toMatchObject({ role: 'anonymous', user: null });
  });
});
