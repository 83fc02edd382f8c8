/**
 * `npm run user -- reset admin`: prints a new administrator password, written
 * straight into the database file XPILOT_DB names; refuses clearly while a
 * server (any process) holds that file.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
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
const PASSWORD = /New administrator password \(the old one no longer works\): ([a-z2-9]{4}(?:-[a-z2-9]{4}){3})/;

describe('npm run user', () => {
  it('without a database file: says to start the server once, exit 1, creates nothing', async () => {
    const r = await userCli('reset', 'admin');
    expect(r.status).toBe(1);
    expect(r.out).toContain(`没有数据库文件 ${dbPath}：请先启动一次服务器（npm start）。`);
    expect(r.out).toContain(`No database file at ${dbPath}`);
  }, 60_000);

  it('reset admin prints a new password that signs in; the old one stops working; the next start prints nothing', async () => {
    const first = await buildTestApp({ dbPath, adminPassword: undefined, onAdminPasswordGenerated: () => undefined });
    await first.close();

    const r = await userCli('reset', 'admin');
    expect(r.status).toBe(0);
    const password = PASSWORD.exec(r.out)?.[1];
    expect(password).toBeDefined();
    expect(r.out).toContain(`管理员新密码（请妥善保存，旧密码已失效）`);

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

  it('while the server holds the database: refuses, names the holder, says to stop the server; the password is unchanged', async () => {
    const app = await buildTestApp({ dbPath, adminPassword: undefined, onAdminPasswordGenerated: () => undefined });
    try {
      const r = await userCli('reset', 'admin');
      expect(r.status).toBe(1);
      expect(r.out).toContain(`数据库 ${dbPath} 正被另一个进程（PID ${process.pid}）使用，多半是正在运行的服务器。请先停止服务器，再运行本命令。`);
      expect(r.out).toContain('Stop the server first, then run this again.');
      expect(r.out).not.toMatch(PASSWORD);
    } finally {
      await app.close();
    }
  }, 60_000);

  it('wrong usage: exit 2 with the usage; only the administrator account exists', async () => {
    const none = await userCli();
    expect(none.status).toBe(2);
    expect(none.out).toContain('reset admin');
    const unknown = await userCli('remove', 'admin');
    expect(unknown.status).toBe(2);
    expect(unknown.out).toContain('未知命令 / unknown command: remove');
    const other = await userCli('reset', 'bob');
    expect(other.status).toBe(2);
    expect(other.out).toContain('There is one account, "admin"');
  }, 60_000);

  it('package.json runs it as npm run user', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.user).toBe('tsx server/cli/user.ts');
  });
});
