/**
 * `npm run user -- reset admin` against the start-up password rule: the new
 * password signs in, the old one stops working, and the next start does not
 * print yet another one. Without a database file the CLI creates nothing.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../../server/config.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';

const dir = mkdtempSync(join(tmpdir(), 'xpilot-user-cli-'));
const dbPath = join(dir, 'user.duckdb');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the CLI without blocking this process (a test may hold the database open meanwhile). */
function userCli(...args: string[]): Promise<{ status: number | null; out: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'server/cli/user.ts'), ...args], {
    cwd: ROOT,
    env: { ...process.env, XPILOT_DB: dbPath, XPILOT_ADMIN_PASSWORD: '' },
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
  child.stderr.on('data', (d: Buffer) => (out += d.toString('utf8')));
  return new Promise((resolve) => child.on('close', (status) => resolve({ status, out })));
}

const signIn = async (app: TestApp, password: string) => (await app.inject({ method: 'POST', url: '/api/session', payload: { password } })).statusCode;
const PASSWORD = /new password \(shown once\): ([a-z2-9]{4}(?:-[a-z2-9]{4}){3})/;

describe('npm run user', () => {
  it('without a database file: says to start the server once, exit 1, creates nothing', async () => {
    const r = await userCli('reset', 'admin');
    expect(r.status).toBe(1);
    expect(r.out).toContain(`没有数据库文件 ${dbPath}：请先启动一次服务器（npm start）。`);
    expect(r.out).toContain(`No database file at ${dbPath}`);
    expect(existsSync(dbPath)).toBe(false);
  }, 60_000);

  it('reset admin prints a new password that signs in; the old one stops working; the next start prints nothing', async () => {
    const first = await buildTestApp({ dbPath, adminPassword: undefined, onAdminPasswordGenerated: () => undefined });
    await first.close();

    const r = await userCli('reset', 'admin');
    expect(r.status).toBe(0);
    const password = PASSWORD.exec(r.out)?.[1];
    expect(password).toBeDefined();
    expect(r.out).toContain('已为 admin 设置新密码');

    const announced: string[] = [];
    const app = await buildTestApp({ dbPath, adminPassword: undefined, onAdminPasswordGenerated: (p) => announced.push(p) });
    try {
      expect(announced).toEqual([]);
      expect(await signIn(app, password!)).toBe(200);
      expect(await signIn(app, 'not-it')).toBe(401);
    } finally {
      await app.close();
    }
  }, 60_000);
});
