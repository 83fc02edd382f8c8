/**
 * The import page in Debian's Chromium against the real server: import a
 * file, see its findings at their cells, commit, see the overview change,
 * undo, see it change back.
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

const CSV = '证书,考证人数,通过人数,通过率\n智能财税,40,36,90%\nWEB 前端开发,20,10,45%\n物流管理,30,27,90%\n合计,90,73,81.1%\n';

async function overview(): Promise<{ candidates: number; passed: number }> {
  const res = await fetch(`${h.baseUrl}/api/queries/overview_totals`);
  return ((await res.json()) as { rows: { candidates: number; passed: number }[] }).rows[0]!;
}

/** Signs in through the import page's sign-in box (no user name: the administrator); the commit button then depends only on the preview. */
async function signIn(page: Page, password = HARNESS_ADMIN_PASSWORD) {
  const box = page.locator('[data-testid="import-account"]');
  await box.locator('[data-testid="sign-in-password"]').fill(password);
  await box.locator('[data-testid="sign-in-submit"]').click();
}
const SIGNED_IN = '[data-testid="account"][data-user="admin"]';
const SIGNED_OUT = '[data-testid="account"][data-user=""]';

async function shot(page: Page, name: string) {
  const dir = join(ROOT, 'test-results');
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `import-${name}.png`), fullPage: false });
}

describe('import page — import, findings, commit, overview changes, undo', () => {
  it('imports a CSV through the page and undoes it, the overview following both ways', async () => {
    const page = await h.newPage(1280, 800);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('dialog', (d) => void d.accept());
    const before = await overview();

    await page.goto(`${h.baseUrl}/import`);
    await page.getByRole('link', { name: '导入' }).waitFor();
    await page.locator('[data-testid="import-history-row"]').first().waitFor();
    expect(await page.locator('[data-testid="import-history-row"]').count()).toBe(5);

    await page.setInputFiles('[data-testid="import-file"]', { name: '广州城市职业学院2021考核.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV, 'utf8') });
    const summary = page.locator('[data-testid="import-summary"]');
    await summary.waitFor();
    expect(await page.locator('[data-testid="import-encoding-detected"]').textContent()).toBe('UTF-8');
    expect(await page.locator('[data-testid="import-rowcounts"]').textContent()).toBe('考核结果 3 · 文件所列合计 3');
    expect(await page.locator('[data-testid="import-school"]').getAttribute('placeholder')).toBe('广州城市职业学院');

    // The finding: WEB 前端开发 stated 45% vs 10/20 = 50%, highlighted at its cell.
    const finding = page.locator('[data-testid="import-finding"][data-code="stated_rate_mismatch"]');
    await finding.waitFor();
    expect(await finding.textContent()).toContain('所列通过率 45% 与 10/20 = 50.0% 不符');
    const cell = page.locator('td[data-finding="warning"]');
    expect(await cell.count()).toBe(1);
    expect(await cell.textContent()).toBe('45%');
    await finding.locator('button').click();
    await expect.poll(async () => cell.getAttribute('class')).toContain('focused');
    await shot(page, 'preview');

    // Committing needs the administrator: a wrong password says so, the right one enables the button.
    const commitButton = page.locator('[data-testid="import-commit"]');
    expect(await commitButton.isDisabled()).toBe(true);
    expect(await page.locator('.commit-bar').textContent()).toContain('确认导入需要管理员');
    await signIn(page, 'not-the-password');
    expect(await page.locator('[data-testid="import-account"] [data-testid="sign-in-error"]').textContent()).toBe('用户名或密码不正确。');
    // …and where a lost password comes from.
    expect(await page.locator('[data-testid="import-account"] [data-testid="password-help"]').textContent()).toContain('npm run user -- reset admin');
    await signIn(page);
    await page.locator(SIGNED_IN).waitFor();
    expect(await commitButton.isDisabled()).toBe(false);

    // Commit: the overview changes.
    await commitButton.click();
    await page.locator('[data-testid="import-done"]').waitFor();
    // The history reloads after the commit: wait for the new import at its top.
    const firstRow = page.locator('[data-testid="import-history-row"]').first();
    await expect.poll(async () => firstRow.textContent(), { timeout: 10_000 }).toContain('广州城市职业学院2021考核.csv');
    await expect.poll(async () => firstRow.getAttribute('data-status')).toBe('committed');
    const after = await overview();
    expect(after.candidates - before.candidates).toBe(90);
    expect(after.passed - before.passed).toBe(73);
    await shot(page, 'committed');

    // The dashboard shows it too.
    await page.goto(`${h.baseUrl}/`);
    const tile = page.locator('[data-testid="kpi-candidates"] .value');
    await expect.poll(async () => (await tile.textContent())?.replace(/,/g, '')).toBe(String(after.candidates));

    // Undo: the overview changes back.
    await page.goto(`${h.baseUrl}/import`);
    const row = page.locator('[data-testid="import-history-row"]').first();
    // Signed out, undo is offered but disabled; signed in again, it works.
    await page.locator('[data-testid="sign-out"]').click();
    await page.locator(SIGNED_OUT).waitFor();
    expect(await row.locator('[data-testid="import-undo"]').isDisabled()).toBe(true);
    await signIn(page);
    await page.locator(SIGNED_IN).waitFor();
    await row.locator('[data-testid="import-undo"]').click();
    await page.locator('[data-testid="import-undone"]').waitFor();
    await expect.poll(async () => row.getAttribute('data-status')).toBe('undone');
    expect(await overview()).toEqual(before);
    await shot(page, 'undone');
    expect(errors).toEqual([]);
  });

  it('a pasted table without a school asks for it; filled in, the preview has no error', async () => {
    const page = await h.newPage(1280, 800);
    await page.goto(`${h.baseUrl}/import`);
    await page.getByRole('button', { name: '或粘贴表格（从 Excel 复制）' }).click();
    await page.locator('[data-testid="import-paste"]').fill('证书\t考证人数\t通过人数\n智能财税\t10\t9\n');
    await page.locator('[data-testid="import-paste-go"]').click();
    await page.locator('[data-testid="import-summary"]').waitFor();
    await page.locator('[data-testid="import-finding"][data-code="missing_context"]').first().waitFor();
    expect(await page.locator('[data-testid="import-count-error"]').textContent()).toBe('2 错误');
    expect(await page.locator('[data-testid="import-commit"]').isDisabled()).toBe(true);
    await shot(page, 'missing-context');
    await page.locator('[data-testid="import-school"]').fill('广州城市职业学院');
    await page.locator('[data-testid="import-year"]').fill('2022');
    await page.locator('[data-testid="import-recheck"]').click();
    await expect.poll(async () => page.locator('[data-testid="import-count-error"]').textContent()).toBe('0 错误');
    // A fresh browser is not signed in: the preview is clean, the commit waits for the administrator.
    expect(await page.locator('[data-testid="import-commit"]').isDisabled()).toBe(true);
    await signIn(page);
    await expect.poll(async () => page.locator('[data-testid="import-commit"]').isDisabled()).toBe(false);
  });
});
