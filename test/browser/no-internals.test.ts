/**
 * Rule (issue 14): the UI speaks Chinese to people. Every page — on the
 * default data, in filtered views, signed in as the administrator so the
 * admin pages show, plus a 404 and the import preview — is walked in
 * Chromium, and no visible string (text, title, aria-label, placeholder,
 * the document title) may look like an internal name: snake_case
 * identifiers (query names, finding codes, coded values), seed file stems,
 * file names, "seed 003", English role or user names. Internal names are
 * allowed only inside elements marked `data-analyst` (the SQL console, the
 * closed 来源 detail), excluded by that attribute and nothing else.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { HARNESS_ADMIN_PASSWORD, startHarness, type Harness } from './harness.js';
import { leaks, visibleStrings, type Leak } from './rules/visible-text.js';
import { PAGES, settle } from './rules/pages.js';

let h: Harness;
let page: Page;
beforeAll(async () => {
  h = await startHarness();
  page = await h.newPage(1280, 800, { username: 'admin', password: HARNESS_ADMIN_PASSWORD });
});
afterAll(async () => h?.stop());

const report = (found: Leak[]) => found.map((l) => `[${l.pattern}] ${JSON.stringify(l.text)} @ ${l.where}`).join('\n');

describe('no internal names on screen', () => {
  it('the patterns catch what the issue found (and leave ordinary Chinese text alone)', () => {
    const found = leaks([
      { text: '来源：命名查询 pass_rate_by_certificate', where: 'a' },
      { text: '004_44f871648b25caa1.txt · exam · 第 14 行', where: 'b' },
      { text: '数据来源：seed 000–004', where: 'c' },
      { text: 'admin · 管理员', where: 'd' },
      { text: '结论 no_comparison', where: 'e' },
      { text: '表格 exam', where: 'g' },
      { text: 'year', where: 'h' },
      { text: '广州城市职业学院 · 考核结果表 · 第 14 行 · 95% Wilson 区间 · Web前端开发 · BIM · SQL 查询 · API 文档', where: 'f' },
    ]);
    expect(found.map((l) => l.where).sort()).toEqual(['a', 'b', 'b', 'b', 'c', 'd', 'e', 'e', 'g', 'h']);
  });

  for (const p of PAGES) {
    it(`${p.label}: ${decodeURIComponent(p.path).slice(0, 60)}`, async () => {
      const res = await page.goto(h.baseUrl + p.path);
      expect(res?.ok()).toBe(true);
      await settle(page);
      expect(await page.locator('main').innerText()).not.toBe('');
      expect(report(leaks(await visibleStrings(page)))).toBe('');
    });
  }

  it('an open export menu and an open data table say nothing internal', async () => {
    await page.goto(`${h.baseUrl}/?year=2020`);
    await settle(page);
    await page.click('[data-testid="export-menu-pass-rate"]');
    await page.getByRole('button', { name: '查看数据' }).first().click();
    expect(report(leaks(await visibleStrings(page)))).toBe('');
  });

  it('the import preview (file name, table kind drop-down, findings) says nothing internal', async () => {
    await page.goto(`${h.baseUrl}/import`);
    await page.locator('[data-testid="import-history-row"]').first().waitFor();
    const csv = '证书,考证人数,通过人数,通过率\n智能财税,40,36,90%\nWEB 前端开发,20,10,45%\n合计,60,46,76.7%\n';
    await page.setInputFiles('[data-testid="import-file"]', { name: '考核结果.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
    await page.locator('[data-testid="import-summary"]').waitFor();
    await settle(page);
    // The user's own file name is theirs to read; everything else must be Chinese.
    const found = leaks(await visibleStrings(page)).filter((l) => !l.text.includes('考核结果.csv'));
    expect(report(found)).toBe('');
  });
});
