/**
 * `npm run user`: operators add, list, disable, enable, reset and delete
 * accounts on the database file; it refuses clearly while another process
 * (the server) holds the file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../../server/config.js';
import { buildTestApp, basicHeaders } from '../helpers/app.js';

const dir = mkdtempSync(join(tmpdir(), 'xpilot-user-cli-'));
const dbPath = join(dir, 'users.duckdb');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'server/cli/user.ts'), ...args], {
    cwd: ROOT,
    env: { ...process.env, XPILOT_DB: dbPath, XPILOT_ADMIN_PASSWORD: '' },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

describe('npm run user — CLI', () => {
  // The first start makes the database file; the CLI never creates one (test/api/user-cli-admin.test.ts).
  beforeAll(async () => {
    const app = await buildTestApp({ dbPath });
    await app.close();
  });
  it('add with a school by name prints the password once; list shows role and scope in Chinese; a bad scope is refused', () => {
    const added = cli('add', '王院长', '--role', 'dean', '--school', '广州城市职业学院');
    expect(added.status).toBe(0);
    expect(added.out).toContain('已添加 王院长（院校 · 广州城市职业学院）');
    expect(added.out).toMatch(/初始密码（只显示这一次）\/ password \(shown once\): [a-z2-9]{4}(-[a-z2-9]{4}){3}/);
    expect(cli('add', '广东主管', '--role', 'official', '--province', '广东', '--password', 'official-pw-1').status).toBe(0);
    const bad = cli('add', '错院长', '--role', 'dean', '--school', '不存在的学院');
    expect([bad.status, bad.out.trim()]).toEqual([1, '未知学校“不存在的学院” / Unknown school "不存在的学院"']);
    const list = cli('list');
    expect(list.out).toContain('王院长\t院校\t广州城市职业学院\t正常');
    expect(list.out).toContain('广东主管\t主管部门\t广东省\t正常');
    expect(cli('disable', '王院长').status).toBe(0);
    expect(cli('list').out).toContain('王院长\t院校\t广州城市职业学院\t已停用');
    expect(cli('enable', '王院长').status).toBe(0);
    expect(cli('frobnicate').status).toBe(2);
    expect(cli('disable', 'nobody').status).toBe(1);
  }, 240_000);

  it('reset prints a new password that works; while the server holds the file it refuses with exit 3', async () => {
    const reset = cli('reset', '广东主管');
    const password = reset.out.match(/new password \(shown once\): (\S+)/)![1]!;
    const app = await buildTestApp({ dbPath });
    try {
      const locked = cli('list');
      expect(locked.status).toBe(3);
      expect(locked.out).toContain('正被另一个进程（多半是运行中的服务器）占用');
      const who = (await app.inject({ url: '/api/session', headers: basicHeaders('广东主管', password) })).json() as { role: string };
      expect(who.role).toBe('official');
    } finally {
      await app.close();
    }
  }, 240_000);
});
