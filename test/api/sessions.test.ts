/**
 * Sessions, CSRF, brute force and tokens (issue 10): the session id is new at
 * every sign-in (fixation), a cookie write without the CSRF token changes
 * nothing (imports and SQL), 150 wrong passwords sent at once reach the
 * password check at most 5 times and cannot lock the administrator out,
 * a revoked token stops at once, and a restart keeps people signed in.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basicHeaders, buildTestApp, cookiesOf, signIn, TEST_ADMIN_PASSWORD, type TestApp } from '../helpers/app.js';
import { multipart, tableCounts } from '../import/helpers.js';
import { putUser } from '../../server/lib/users.js';

interface ErrorBody { error: { code: string; message: string; message_zh: string } }
const code = (res: { statusCode: number; json: () => unknown }) => [res.statusCode, (res.json() as ErrorBody).error?.code];
const whoAmI = async (app: TestApp, headers: Record<string, string>) => ((await app.inject({ url: '/api/session', headers })).json() as { user: string | null; role: string }).user;
const EXAM = () => multipart({ name: `exam-${Math.random()}.csv`, bytes: `证书,考证人数,通过人数\n智能财税,40,36\n物流管理,${Math.floor(Math.random() * 1e6)},27\n` }, { school: '广州城市职业学院', year: '2021' });

describe('sessions and CSRF', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await buildTestApp({ signInPerMinute: 1000 });
    await putUser(app.db, { username: '王院长', password: 'dean-password-1', role: 'dean', schoolIds: [1] });
  });
  afterAll(async () => app.close());

  it('fixation: a session id planted before sign-in is replaced, and never becomes a session', async () => {
    const planted = 'xpilot_session=attacker-chosen-value-0123456789abcdefghijklmnop';
    const res = await app.inject({ method: 'POST', url: '/api/session', payload: { username: '王院长', password: 'dean-password-1' }, headers: { cookie: planted } });
    expect(res.statusCode).toBe(200);
    const issued = cookiesOf(res);
    expect(issued).toMatch(/^xpilot_session=[A-Za-z0-9_-]{43}; xpilot_csrf=/);
    expect(issued).not.toContain('attacker-chosen');
    expect(await whoAmI(app, { cookie: planted })).toBeNull();
    expect(await whoAmI(app, { cookie: issued })).toBe('王院长');
  });

  it('signing in again rotates the id: the old session stops working; sign-out ends the new one on the server', async () => {
    const first = await signIn(app, '王院长', 'dean-password-1');
    const again = await app.inject({ method: 'POST', url: '/api/session', payload: { username: '王院长', password: 'dean-password-1' }, headers: first });
    const second = cookiesOf(again);
    expect(second).not.toBe(first.cookie);
    expect(await whoAmI(app, { cookie: first.cookie })).toBeNull();
    expect(await whoAmI(app, { cookie: second })).toBe('王院长');
    const token = (again.json() as { csrfToken: string }).csrfToken;
    expect((await app.inject({ method: 'DELETE', url: '/api/session', headers: { cookie: second, 'x-csrf-token': token } })).statusCode).toBe(200);
    expect(await whoAmI(app, { cookie: second })).toBeNull();
    expect((await app.db.query("SELECT count(*) AS n FROM sessions WHERE username = '王院长'")).rows[0]!.n).toBe(1); // the fixation test's
  });

  it('CSRF on imports: a cookie commit without the token, or with another session’s token, is 403 and writes nothing', async () => {
    const admin = await signIn(app, undefined, TEST_ADMIN_PASSWORD);
    const dean = await signIn(app, '王院长', 'dean-password-1');
    const before = await tableCounts(app);
    for (const token of [undefined, dean['x-csrf-token'], 'forged']) {
      const body = await EXAM();
      const res = await app.inject({ method: 'POST', url: '/api/imports', payload: body.payload, headers: { ...body.headers, cookie: admin.cookie, ...(token ? { 'x-csrf-token': token } : {}) } });
      expect(code(res)).toEqual([403, 'csrf_invalid']);
      expect((res.json() as ErrorBody).error.message_zh).toBe('缺少或错误的 CSRF 令牌：请刷新页面后重试。');
    }
    expect(await tableCounts(app)).toEqual(before);
    const body = await EXAM();
    expect((await app.inject({ method: 'POST', url: '/api/imports', payload: body.payload, headers: { ...body.headers, ...admin } })).statusCode).toBe(201);
    // An undo is a write too.
    const id = Number((await app.db.query("SELECT max(id) AS id FROM imports")).rows[0]!.id);
    expect(code(await app.inject({ method: 'DELETE', url: `/api/imports/${id}`, headers: { cookie: admin.cookie } }))).toEqual([403, 'csrf_invalid']);
    expect((await app.inject({ method: 'DELETE', url: `/api/imports/${id}`, headers: admin })).statusCode).toBe(200);
  });

  it('CSRF on SQL and saved queries; HTTP Basic and Bearer need no token', async () => {
    const admin = await signIn(app, undefined, TEST_ADMIN_PASSWORD);
    const sql = { sql: 'SELECT 42 AS answer' };
    expect(code(await app.inject({ method: 'POST', url: '/api/sql', payload: sql, headers: { cookie: admin.cookie } }))).toEqual([403, 'csrf_invalid']);
    expect(code(await app.inject({ method: 'POST', url: '/api/saved-queries', payload: { name: 'x', sql: 'SELECT 1' }, headers: { cookie: admin.cookie } }))).toEqual([403, 'csrf_invalid']);
    expect((await app.db.query("SELECT count(*) AS n FROM saved_queries WHERE owner = 'admin'")).rows[0]!.n).toBe(0);
    expect((await app.inject({ method: 'POST', url: '/api/sql', payload: sql, headers: admin })).statusCode).toBe(200);
    expect((await app.inject({ method: 'POST', url: '/api/sql', payload: sql, headers: basicHeaders('admin', TEST_ADMIN_PASSWORD) })).statusCode).toBe(200);
    // GET /api/session hands a cookie session its token (a page reload keeps working).
    const state = (await app.inject({ url: '/api/session', headers: { cookie: admin.cookie } })).json() as { csrfToken: string };
    expect((await app.inject({ method: 'POST', url: '/api/sql', payload: sql, headers: { cookie: admin.cookie, 'x-csrf-token': state.csrfToken } })).statusCode).toBe(200);
  });

  it('disabling a user, or an administrator resetting their password, ends their sessions', async () => {
    await putUser(app.db, { username: '赵院长', password: 'dean-password-2', role: 'dean', schoolIds: [2] });
    const admin = basicHeaders('admin', TEST_ADMIN_PASSWORD);
    const s1 = await signIn(app, '赵院长', 'dean-password-2');
    const reset = await app.inject({ method: 'POST', url: `/api/users/${encodeURIComponent('赵院长')}/password`, headers: admin });
    const generated = (reset.json() as { password: string }).password;
    expect(generated).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
    expect(await whoAmI(app, s1)).toBeNull();
    const s2 = await signIn(app, '赵院长', generated);
    expect(await whoAmI(app, s2)).toBe('赵院长');
    await app.inject({ method: 'PATCH', url: `/api/users/${encodeURIComponent('赵院长')}`, headers: admin, payload: { disabled: true } });
    expect(await whoAmI(app, s2)).toBeNull();
    expect(code(await app.inject({ method: 'POST', url: '/api/session', payload: { username: '赵院长', password: generated } }))).toEqual([401, 'wrong_password']);
  });

  it('changing one’s own password needs the current one, keeps this session and ends the others', async () => {
    await putUser(app.db, { username: '钱院长', password: 'old-password-1', role: 'dean', schoolIds: [2] });
    const here = await signIn(app, '钱院长', 'old-password-1');
    const elsewhere = await signIn(app, '钱院长', 'old-password-1', '10.1.1.1');
    expect(code(await app.inject({ method: 'POST', url: '/api/session/password', headers: here, payload: { current: 'wrong-one-x', password: 'new-password-1' } }))).toEqual([403, 'wrong_password']);
    expect(code(await app.inject({ method: 'POST', url: '/api/session/password', headers: here, payload: { current: 'old-password-1', password: 'short' } }))).toEqual([400, 'weak_password']);
    expect((await app.inject({ method: 'POST', url: '/api/session/password', headers: here, payload: { current: 'old-password-1', password: 'new-password-1' } })).statusCode).toBe(204);
    expect(await whoAmI(app, here)).toBe('钱院长');
    expect(await whoAmI(app, elsewhere)).toBeNull();
    expect(await whoAmI(app, basicHeaders('钱院长', 'new-password-1'))).toBe('钱院长');
    expect(await whoAmI(app, basicHeaders('钱院长', 'old-password-1'))).toBeNull();
  });
});

describe('brute force in parallel', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await buildTestApp();
  });
  afterAll(async () => app.close());
  const verified = async (actor: string) => Number((await app.db.query("SELECT count(*) AS n FROM audit_log WHERE action = 'sign_in' AND outcome = 'failed' AND actor = $actor", { actor })).rows[0]!.n);

  it('150 wrong administrator passwords at once: at most 5 reach the password check, the rest 429; the administrator is not locked out', async () => {
    const admin = await signIn(app, undefined, TEST_ADMIN_PASSWORD, '10.9.9.9');
    const attempts = await Promise.all(Array.from({ length: 150 }, (_, i) => app.inject({ method: 'POST', url: '/api/session', payload: { password: `guess-${i}` }, remoteAddress: '203.0.113.7' })));
    const statuses = attempts.map((r) => r.statusCode);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(5);
    expect(statuses.filter((s) => s !== 401 && s !== 429)).toEqual([]);
    expect(await verified('admin')).toBeLessThanOrEqual(5);
    // The right password from the attacker's address waits too…
    expect(code(await app.inject({ method: 'POST', url: '/api/session', payload: { password: TEST_ADMIN_PASSWORD }, remoteAddress: '203.0.113.7' }))[0]).toBe(429);
    // …but the administrator's session still works, and so does signing in from their own address.
    expect(await whoAmI(app, admin)).toBe('admin');
    expect((await app.inject({ method: 'POST', url: '/api/session', payload: { password: TEST_ADMIN_PASSWORD }, remoteAddress: '10.9.9.9' })).statusCode).toBe(200);
  });

  it('150 wrong HTTP Basic passwords at once: at most 5 reach the check', async () => {
    await putUser(app.db, { username: 'basic-target', password: 'right-password-1', role: 'dean', schoolIds: [1] });
    const before = await verified('basic-target');
    const attempts = await Promise.all(Array.from({ length: 150 }, (_, i) => app.inject({ url: '/api/session', headers: basicHeaders('basic-target', `guess-${i}`), remoteAddress: '203.0.113.8' })));
    expect(await verified('basic-target') - before).toBeLessThanOrEqual(5);
    expect(attempts.filter((r) => r.statusCode === 429).length).toBeGreaterThanOrEqual(145);
  });

  it('one address spraying many accounts at once: at most 20 checks', async () => {
    const sprayApp = await buildTestApp({ signInPerMinute: 1000 });
    try {
      const attempts = await Promise.all(Array.from({ length: 150 }, (_, i) => sprayApp.inject({ method: 'POST', url: '/api/session', payload: { username: `user-${i}`, password: 'x' }, remoteAddress: '203.0.113.9' })));
      const failed = Number((await sprayApp.db.query("SELECT count(*) AS n FROM audit_log WHERE outcome = 'failed'")).rows[0]!.n);
      expect(failed).toBeLessThanOrEqual(20);
      expect(attempts.filter((r) => r.statusCode === 429).length).toBeGreaterThanOrEqual(130);
    } finally {
      await sprayApp.close();
    }
  });

  it('@fastify/rate-limit caps sign-in requests per address and minute (30 by default)', async () => {
    const res = await Promise.all(Array.from({ length: 40 }, () => app.inject({ method: 'POST', url: '/api/session', payload: { username: 'nobody', password: 'x' }, remoteAddress: '198.51.100.1' })));
    const limited = res.filter((r) => code(r)[1] === 'too_many_requests');
    expect(limited.length).toBe(10);
    expect((limited[0]!.json() as ErrorBody).error.message_zh).toMatch(/^此地址登录尝试过于频繁/);
  });
});

describe('script tokens', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await buildTestApp();
    await putUser(app.db, { username: 'gd-official', password: 'official-pw-1', role: 'official', provinces: ['广东省'] });
  });
  afterAll(async () => app.close());

  it('shown once, stored hashed, works as Bearer, listed without the secret, and stops at once when revoked', async () => {
    const me = basicHeaders('gd-official', 'official-pw-1');
    const created = await app.inject({ method: 'POST', url: '/api/tokens', headers: me, payload: { name: '每周导出' } });
    expect(created.statusCode).toBe(201);
    const { token, item } = created.json() as { token: string; item: { id: number } };
    expect(token).toMatch(/^xpt_[A-Za-z0-9_-]{43}$/);
    const stored = (await app.db.query('SELECT token_hash FROM api_tokens')).rows.map((r) => String(r.token_hash));
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatch(/^[0-9a-f]{64}$/);
    const bearer = { authorization: `Bearer ${token}` };
    expect((await app.inject({ url: '/api/session', headers: bearer })).json()).toMatchObject({ user: 'gd-official', role: 'official', provinces: ['广东省'], method: 'bearer', csrfToken: null });
    // A Bearer write needs no CSRF token.
    const body = await EXAM();
    expect((await app.inject({ method: 'POST', url: '/api/imports', payload: body.payload, headers: { ...body.headers, ...bearer } })).statusCode).toBe(201);
    const list = (await app.inject({ url: '/api/tokens', headers: bearer })).json() as { items: Record<string, unknown>[] };
    expect(list.items).toEqual([expect.objectContaining({ id: item.id, name: '每周导出', revokedAt: null })]);
    expect(JSON.stringify(list)).not.toContain(token.slice(4));

    expect((await app.inject({ method: 'DELETE', url: `/api/tokens/${item.id}`, headers: bearer })).statusCode).toBe(204);
    expect(code(await app.inject({ url: '/api/session', headers: bearer }))).toEqual([401, 'invalid_token']);
    expect(code(await app.inject({ method: 'DELETE', url: `/api/tokens/${item.id}`, headers: me }))).toEqual([404, 'token_not_found']);
  });

  it('a token of a disabled user stops working', async () => {
    await putUser(app.db, { username: 'short-lived', password: 'pw-short-1', role: 'dean', schoolIds: [1] });
    const { token } = (await app.inject({ method: 'POST', url: '/api/tokens', headers: basicHeaders('short-lived', 'pw-short-1'), payload: { name: 't' } })).json() as { token: string };
    expect((await app.inject({ url: '/api/session', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(200);
    await app.inject({ method: 'PATCH', url: '/api/users/short-lived', headers: basicHeaders('admin', TEST_ADMIN_PASSWORD), payload: { disabled: true } });
    expect(code(await app.inject({ url: '/api/session', headers: { authorization: `Bearer ${token}` } }))).toEqual([401, 'invalid_token']);
  });
});

describe('a restart keeps people signed in', () => {
  const dir = mkdtempSync(join(tmpdir(), 'xpilot-sessions-'));
  const dbPath = join(dir, 'sessions.duckdb');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('the same cookie works after the app is closed and rebuilt on the same file; the file holds no cookie value', async () => {
    const first = await buildTestApp({ dbPath });
    await putUser(first.db, { username: '王院长', password: 'dean-password-1', role: 'dean', schoolIds: [1] });
    const dean = await signIn(first, '王院长', 'dean-password-1');
    await first.close();

    const second = await buildTestApp({ dbPath });
    try {
      expect((await second.inject({ url: '/api/session', headers: { cookie: dean.cookie } })).json()).toMatchObject({ user: '王院长', role: 'dean', scopeLabel: '广州城市职业学院' });
      // The CSRF token issued before the restart still guards writes after it.
      expect((await second.inject({ method: 'POST', url: '/api/saved-queries', headers: dean, payload: { name: 'q', sql: 'SELECT 1' } })).statusCode).toBe(201);
      const sessionValue = dean.cookie.match(/xpilot_session=([^;]+)/)![1]!;
      for (const f of readdirSync(dir)) expect(readFileSync(join(dir, f)).includes(sessionValue)).toBe(false);
    } finally {
      await second.close();
    }
  });
});
