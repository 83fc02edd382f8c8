/**
 * Rule (issue 14): no text is cut off. Every page (as in the no-internals
 * walk, signed in as the administrator, plus the import preview) at
 * 1280×800 and 1440×900: no labelled cell, tile, heading, button or label
 * has text wider than its box (scrollWidth > clientWidth), no table loses
 * its last columns inside a scroller (unless the scroller is marked
 * data-scrolls), and no select's chosen option is wider than the select.
 * Chart axis labels are drawn on canvas; their rule (similar rows stay
 * distinguishable) is tested on the option builders (city-quotas.spec.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { HARNESS_ADMIN_PASSWORD, startHarness, type Harness } from './harness.js';
import { overflowingText, type Overflow } from './rules/visible-text.js';
import { PAGES, settle } from './rules/pages.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.stop());

const report = (found: Overflow[]) => found.map((o) => `${JSON.stringify(o.text)} needs ${o.scroll}px, has ${o.client}px @ ${o.where}`).join('\n');

for (const [width, height] of [[1280, 800], [1440, 900]] as const) {
  describe(`no cut-off text at ${width}×${height}`, () => {
    let page: Page;
    beforeAll(async () => {
      page = await h.newPage(width, height, { username: 'admin', password: HARNESS_ADMIN_PASSWORD });
    });

    for (const p of PAGES) {
      it(`${p.label}: ${decodeURIComponent(p.path).slice(0, 60)}`, async () => {
        await page.goto(h.baseUrl + p.path);
        await settle(page);
        expect(report(await overflowingText(page))).toBe('');
      });
    }

    it('the import preview: the table-kind drop-down shows its whole choice', async () => {
      await page.goto(`${h.baseUrl}/import`);
      await page.locator('[data-testid="import-history-row"]').first().waitFor();
      const csv = '证书,考证人数,通过人数,通过率\n智能财税,40,36,90%\nWEB 前端开发,20,10,45%\n合计,60,46,76.7%\n';
      await page.setInputFiles('[data-testid="import-file"]', { name: '考核结果.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
      await page.locator('[data-testid="import-summary"]').waitFor();
      await settle(page);
      expect(await page.locator('[data-testid="import-kind"]').first().evaluate((s: HTMLSelectElement) => s.selectedOptions[0]?.textContent)).toBe('考核结果（考证人数/通过人数）');
      expect(report(await overflowingText(page))).toBe('');
    });
  });
}
