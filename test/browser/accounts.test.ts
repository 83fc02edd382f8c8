/**
 * Accounts in Chromium against the real server: the administrator adds a dean
 * on the users page (the password shown once); the dean signs in from the top
 * bar and sees “王院长 · 院长 · 广州城市职业学院”; an official signs in and sees
 * their province; signing out returns to the anonymous view. The SQL console
 * still runs statements for a signed-in user (CSRF token sent).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ROOT } from '../../server/config.js';
import { HARNESS_ADMIN_PASSWORD, startHarness, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.stop());

async function shot(page: Page, name: string) {
  const dir = join(ROOT, 'test-results');
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `accounts-${name}.png`), fullPage: false });
}

/** Signs in through the top bar's dialog. */
async function signInFromTopBar(page: Page, username: string, password: string) {
  await page.locator('[data-testid="open-sign-in"]').click();
  const dialog = page.locator('[data-testid="sign-in-dialog"]');
  await dialog.locator('[data-testid="sign-in-username"]').fill(username);
  await dialog.locator('[data-testid="sign-in-password"]').fill(password);
  await dialog.locator('[data-testid="sign-in-submit"]').click();
}

describe('accounts — users page, top bar, sign-in and sign-out', () => {
  it('the administrator adds a dean and an official; each signs in and the top bar names them and their scope', async () => {
    const page = await h.newPage(1280, 800);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));

    await page.goto(`${h.baseUrl}/`);
    await page.locator('[data-testid="open-sign-in"]').waitFor();
    await signInFromTopBar(page, 'admin', HARNESS_ADMIN_PASSWORD);
    await page.locator('[data-testid="account"][data-user="admin"]').waitFor();
    expect(await page.locator('[data-testid="account-who"]').textContent()).toBe('系统管理员');

    await page.getByRole('link', { name: '用户' }).click();
    await page.locator('[data-testid="users-table"]').waitFor();
    await page.locator('[data-testid="new-username"]').fill('王院长');
    await page.locator('[data-testid="new-role"]').selectOption('dean');
    await page.locator('[data-testid="new-scope"]').fill('广州城市职业学院');
    await page.locator('[data-testid="new-submit"]').click();
    const shown = page.locator('[data-testid="shown-password"] code');
    await shown.waitFor();
    const deanPassword = (await shown.textContent())!.trim();
    expect(deanPassword).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
    await page.locator('tr[data-user="王院长"]').waitFor();
    expect(await page.locator('tr[data-user="王院长"] td').allTextContents()).toEqual(expect.arrayContaining(['王院长', '院长', '广州城市职业学院', '正常']));
    await shot(page, 'users');

    await page.locator('[data-testid="new-username"]').fill('广东主管');
    await page.locator('[data-testid="new-role"]').selectOption('official');
    await page.locator('[data-testid="new-scope"]').fill('广东');
    await page.locator('[data-testid="new-submit"]').click();
    await page.locator('tr[data-user="广东主管"]').waitFor();
    const officialPassword = (await shown.textContent())!.trim();
    expect(await page.locator('tr[data-user="广东主管"] td').nth(2).textContent()).toBe('广东省');

    await page.getByRole('link', { name: '审计' }).click();
    await page.locator('[data-testid="audit-table"] tbody tr', { hasText: '添加用户' }).first().waitFor();
    expect(await page.locator('[data-testid="audit-table"]').textContent()).toContain('登录');
    await shot(page, 'audit');

    await page.locator('[data-testid="sign-out"]').click();
    await page.locator('[data-testid="account"][data-user=""]').waitFor();
    // The administrator's pages leave the navigation with the administrator.
    expect(await page.getByRole('link', { name: '用户' }).count()).toBe(0);

    await signInFromTopBar(page, '王院长', 'wrong-password');
    expect(await page.locator('[data-testid="sign-in-dialog"] [data-testid="sign-in-error"]').textContent()).toBe('用户名或密码不正确。');
    await page.locator('[data-testid="sign-in-dialog"] [data-testid="sign-in-password"]').fill(deanPassword);
    await page.locator('[data-testid="sign-in-dialog"] [data-testid="sign-in-submit"]').click();
    await page.locator('[data-testid="account"][data-user="王院长"]').waitFor();
    expect(await page.locator('[data-testid="account-who"]').textContent()).toBe('王院长 · 院长 · 广州城市职业学院');
    await shot(page, 'dean');

    // A reload keeps the dean signed in (the session is a cookie, the CSRF token comes back with GET /api/session).
    await page.goto(`${h.baseUrl}/sql`);
    await page.locator('[data-testid="account"][data-user="王院长"]').waitFor();
    const status = await page.evaluate(async () => {
      const s = (await (await fetch('/api/session')).json()) as { csrfToken: string };
      const withToken = await fetch('/api/sql', { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': s.csrfToken }, body: JSON.stringify({ sql: 'SELECT 1 AS x' }) });
      const without = await fetch('/api/sql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sql: 'SELECT 1 AS x' }) });
      return [withToken.status, without.status];
    });
    expect(status).toEqual([200, 403]);

    await page.locator('[data-testid="sign-out"]').click();
    await page.locator('[data-testid="account"][data-user=""]').waitFor();
    await signInFromTopBar(page, '广东主管', officialPassword);
    await page.locator('[data-testid="account"][data-user="广东主管"]').waitFor();
    expect(await page.locator('[data-testid="account-who"]').textContent()).toBe('广东主管 · 主管部门 · 广东省');
    await shot(page, 'official');

    await page.locator('[data-testid="sign-out"]').click();
    await page.locator('[data-testid="account"][data-user=""]').waitFor();
    expect(((await (await fetch(`${h.baseUrl}/api/session`)).json()) as { role: string }).role).toBe('anonymous');
    expect(errors).toEqual([]);
  });

  it('the SQL console runs a statement for a signed-in user through the page', async () => {
    const page = await h.newPage(1280, 800);
    await page.goto(`${h.baseUrl}/sql`);
    await signInFromTopBar(page, 'admin', HARNESS_ADMIN_PASSWORD);
    await page.locator('[data-testid="account"][data-user="admin"]').waitFor();
    const answered = page.waitForResponse((r) => r.url().endsWith('/api/sql') && r.request().method() === 'POST');
    await page.keyboard.press('Control+Enter');
    await page.locator('.cm-content').click();
    await page.keyboard.press('Control+Enter');
    expect((await answered).status()).toBe(200);
    await shot(page, 'sql');
  });
});
