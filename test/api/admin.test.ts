/**
 * The administrator (DESIGN.md, Configuration: XPILOT_ADMIN_PASSWORD): only it
 * may commit or undo an import; previews and reading stay open. Signing in by
 * session cookie and by HTTP Basic, wrong passwords throttled, the password
 * generated and announced once on a first start, the env password winning on
 * a later start, and only a scrypt hash stored — out of the SQL console's reach.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminHeaders, buildTestApp, cookiesOf, TEST_ADMIN_PASSWORD, type TestApp } from '../helpers/app.js';
import { postImport, tableCounts } from '../import/helpers.js';

interface ErrorBody { error: { code: string; message: string; message_zh: string } }
const errorOf = (res: { statusCode: number; json: () => unknown }) => [res.statusCode, (res.json() as ErrorBody).error.code];
const basic = (password: string) => ({ authorization: `Basic ${Buffer.from(`admin:${password}`, 'utf8').toString('base64')}` });
const EXAM = { name: 'exam-2021.csv', bytes: '证书,考证人数,通过人数\n智能财税,40,36\n物流管理,30,27\n' };
const context = { school: '广州城市职业学院', year: '2021' };

describe('who may change the data', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await buildTestApp();
  });
  afterAll(async () => app.close());

  it('a preview needs no sign-in; a commit without it is 401 in both languages and writes nothing', async () => {
    const before = await tableCounts(app);
    const preview = await postImport(app, EXAM, context, { dryRun: true, asAdmin: false });
    expect(preview.statusCode).toBe(200);
    const res = await postImport(app, EXAM, context, { asAdmin: false });
    expect(errorOf(res)).toEqual([401, 'sign_in_required']);
    expect((res.json() as ErrorBody).error.message_zh).toBe('提交或撤销导入需要登录（管理员、主管部门或院校账号）。');
    expect(await tableCounts(app)).toEqual(before);
  });

  it('signs in with the password, and the session cookie commits; undo without it is 401 and undoes nothing', async () => {
    expect((await app.inject({ url: '/api/session' })).json()).toMatchObject({ admin: false, role: 'anonymous' });
    const wrong = await app.inject({ method: 'POST', url: '/api/session', payload: { password: 'guess' } });
    expect(errorOf(wrong)).toEqual([401, 'wrong_password']);
    expect(wrong.headers['set-cookie']).toBeUndefined();

    const signIn = await app.inject({ method: 'POST', url: '/api/session', payload: { password: TEST_ADMIN_PASSWORD } });
    expect(signIn.statusCode).toBe(200);
    const setCookie = ([] as string[]).concat(signIn.headers['set-cookie'] as string[]);
    expect(setCookie.find((c) => c.startsWith('xpilot_session='))).toMatch(/^xpilot_session=[A-Za-z0-9_-]{43}; Max-Age=43200; Path=\/; HttpOnly; SameSite=Strict$/);
    const cookie = cookiesOf(signIn);
    const csrf = { 'x-csrf-token': (signIn.json() as { csrfToken: string }).csrfToken };
    expect((await app.inject({ url: '/api/session', headers: { cookie } })).json()).toMatchObject({ admin: true, role: 'admin' });

    const committed = await postImport(app, EXAM, context, { asAdmin: false, headers: { cookie, ...csrf } });
    expect(committed.statusCode).toBe(201);
    expect((committed.json() as { import: { imported_by: string } }).import.imported_by).toBe('admin');
    const id = (committed.json() as { import: { id: number } }).import.id;
    const counts = await tableCounts(app);

    expect(errorOf(await app.inject({ method: 'DELETE', url: `/api/imports/${id}` }))).toEqual([401, 'sign_in_required']);
    expect(await tableCounts(app)).toEqual(counts);
    const undo = await app.inject({ method: 'DELETE', url: `/api/imports/${id}`, headers: { cookie, ...csrf } });
    expect(undo.json()).toMatchObject({ id, status: 'undone', removed: { exam_results: 2 } });

    const out = await app.inject({ method: 'DELETE', url: '/api/session', headers: { cookie, ...csrf } });
    expect(String(out.headers['set-cookie'])).toMatch(/xpilot_session=; Max-Age=0|xpilot_session=;.*Expires=Thu, 01 Jan 1970/);
    expect((await app.inject({ url: '/api/session', headers: { cookie } })).json()).toMatchObject({ admin: false, role: 'anonymous' });
  });

  it('takes HTTP Basic admin:<password> for scripts (curl -u), and refuses a wrong one', async () => {
    expect(errorOf(await postImport(app, EXAM, { ...context, year: '2022' }, { asAdmin: false, headers: basic('nope') }))).toEqual([401, 'sign_in_required']);
    const res = await postImport(app, EXAM, { ...context, year: '2022' }, { asAdmin: false, headers: basic(TEST_ADMIN_PASSWORD) });
    expect(res.statusCode).toBe(201);
    const id = (res.json() as { import: { id: number } }).import.id;
    expect((await app.inject({ method: 'DELETE', url: `/api/imports/${id}`, headers: basic(TEST_ADMIN_PASSWORD) })).statusCode).toBe(200);
  });

  it('is documented in the OpenAPI description', async () => {
    const doc = (await app.inject({ url: '/api/docs/json' })).json() as { paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };
    expect(Object.keys(doc.paths['/api/session']!).sort()).toEqual(['delete', 'get', 'post']);
    expect(Object.keys(doc.paths['/api/imports']!.post!.responses)).toContain('401');
    expect(Object.keys(doc.paths['/api/imports/{id}']!.delete!.responses)).toContain('401');
  });

  it('keeps the hash out of the SQL console', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/sql', payload: { sql: 'SELECT * FROM admin_account' } });
    expect(res.statusCode).toBe(400);
    expect((res.json() as ErrorBody).error.message).toMatch(/admin_account/);
  });
});

describe('wrong passwords', () => {
  it('after 5 wrong ones from one address, the 6th attempt waits — even with the right password', async () => {
    const app = await buildTestApp();
    try {
      for (let i = 0; i < 5; i++) {
        expect(errorOf(await app.inject({ method: 'POST', url: '/api/session', payload: { password: `wrong-${i}` } }))).toEqual([401, 'wrong_password']);
      }
      const blocked = await app.inject({ method: 'POST', url: '/api/session', payload: { password: TEST_ADMIN_PASSWORD } });
      expect(errorOf(blocked)).toEqual([429, 'too_many_attempts']);
      expect((blocked.json() as ErrorBody).error.message_zh).toMatch(/^密码错误次数过多，请 1 分钟后再试。$/);
    } finally {
      await app.close();
    }
  });
});

describe('where the password comes from', () => {
  const dir = mkdtempSync(join(tmpdir(), 'xpilot-admin-'));
  const dbPath = join(dir, 'admin.duckdb');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const signIn = async (app: TestApp, password: string) => (await app.inject({ method: 'POST', url: '/api/session', payload: { password } })).statusCode;

  it('is generated and announced once on a first start without XPILOT_ADMIN_PASSWORD; a restart keeps it', async () => {
    const announced: string[] = [];
    const first = await buildTestApp({ dbPath, adminPassword: undefined, onAdminPasswordGenerated: (p) => announced.push(p) });
    expect(announced).toHaveLength(1);
    expect(announced[0]).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
    expect(await signIn(first, announced[0]!)).toBe(200);
    const stored = String((await first.db.query('SELECT password_hash FROM admin_account')).rows[0]!.password_hash);
    expect(stored).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(stored).not.toContain(announced[0]);
    await first.close();

    const second = await buildTestApp({ dbPath, adminPassword: undefined, onAdminPasswordGenerated: (p) => announced.push(p) });
    expect(announced).toHaveLength(1);
    expect(await signIn(second, announced[0]!)).toBe(200);
    await second.close();
  });

  it('a first start that died before its password was seen: the next start prints a new one, until someone signs in', async () => {
    const path = join(dir, 'unseen.duckdb');
    const announced: { password: string; again: boolean }[] = [];
    const onAdminPasswordGenerated = (password: string, again: boolean) => announced.push({ password, again });
    // Stored, never shown: nobody signs in.
    await (await buildTestApp({ dbPath: path, adminPassword: undefined, onAdminPasswordGenerated })).close();
    expect(announced.map((a) => a.again)).toEqual([false]);

    const second = await buildTestApp({ dbPath: path, adminPassword: undefined, onAdminPasswordGenerated });
    expect(announced.map((a) => a.again)).toEqual([false, true]);
    expect(announced[1]!.password).not.toBe(announced[0]!.password);
    expect(await signIn(second, announced[0]!.password)).toBe(401);
    expect(await signIn(second, announced[1]!.password)).toBe(200);
    await second.close();

    // Someone signed in with it: later starts keep it and print nothing.
    const third = await buildTestApp({ dbPath: path, adminPassword: undefined, onAdminPasswordGenerated });
    expect(announced).toHaveLength(2);
    expect(await signIn(third, announced[1]!.password)).toBe(200);
    await third.close();
  });

  it('a sign-in by HTTP Basic counts as someone having seen the generated password', async () => {
    const path = join(dir, 'basic.duckdb');
    const announced: string[] = [];
    const first = await buildTestApp({ dbPath: path, adminPassword: undefined, onAdminPasswordGenerated: (p) => announced.push(p) });
    const basic = `Basic ${Buffer.from(`admin:${announced[0]}`).toString('base64')}`;
    expect((await first.inject({ method: 'DELETE', url: '/api/imports/99999', headers: { authorization: basic } })).statusCode).toBe(404);
    await first.close();
    await (await buildTestApp({ dbPath: path, adminPassword: undefined, onAdminPasswordGenerated: (p) => announced.push(p) })).close();
    expect(announced).toHaveLength(1);
  });

  it('XPILOT_ADMIN_PASSWORD wins on a later start: the old password stops working', async () => {
    const app = await buildTestApp({ dbPath, adminPassword: '新的-password' });
    expect(await signIn(app, '新的-password')).toBe(200);
    expect((await app.db.query('SELECT count(*) AS n FROM admin_account')).rows[0]!.n).toBe(1);
    await app.close();
  });

  it('test apps sign in with the test password', async () => {
    const app = await buildTestApp();
    expect(await adminHeaders(app)).toEqual({ cookie: expect.stringMatching(/^xpilot_session=[^;]+; xpilot_csrf=/), 'x-csrf-token': expect.any(String) });
    await app.close();
  });
});
