/**
 * Rule (issue 14): the printed report fits A4. A report holding every chart
 * of the catalogue with its data table is laid out for print in Chromium:
 * every table fits the width of its page (portrait, or landscape for the
 * wide ones), no cell is narrower than two characters (never one character
 * per line), and the PDF's pages are A4. On screen at 1440 px the report
 * sheet does not scroll sideways.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { startHarness, type Harness } from './harness.js';
import { fullReportPath, settle } from './rules/pages.js';
import { ROOT } from '../../server/config.js';

let h: Harness;
let page: Page;
beforeAll(async () => {
  h = await startHarness();
  page = await h.newPage(1440, 900);
  await page.goto(h.baseUrl + fullReportPath());
  await settle(page);
  await page.waitForFunction(() => document.querySelectorAll('.report-table tbody tr').length > 0);
  await settle(page);
});
afterAll(async () => h?.stop());

/** A4 at 96 px per inch, less the report's @page margins (16 mm each side). */
const MM = 96 / 25.4;
const PORTRAIT_CONTENT = (210 - 32) * MM;
const LANDSCAPE_CONTENT = (297 - 32) * MM;

interface CellProblem { table: number; text: string; width: number; min: number }

describe('the printed report (/report with every catalogue chart and table)', () => {
  it('on screen at 1440 px the report sheet does not scroll sideways', async () => {
    const over = await page.locator('[data-testid="report-sheet"]').evaluate((el) => el.scrollWidth - el.clientWidth);
    expect(over).toBeLessThanOrEqual(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
  });

  it('in print every table fits its page and no cell is narrower than two characters', async () => {
    await page.emulateMedia({ media: 'print' });
    const problems: string[] = [];
    // Lay the sheet out at the page's content width, as the print engine does: portrait first, then the landscape items at theirs.
    for (const [orientation, width] of [['portrait', PORTRAIT_CONTENT], ['landscape', LANDSCAPE_CONTENT]] as const) {
      await page.setViewportSize({ width: Math.floor(width), height: 1100 });
      const found = await page.evaluate((orientation) => {
        const out: { tables: number; wide: { table: number; width: number; box: number }[]; cells: CellProblem[] } = { tables: 0, wide: [], cells: [] };
        document.querySelectorAll<HTMLTableElement>('.report-table').forEach((table, t) => {
          const landscape = table.closest('.landscape') !== null;
          if (landscape !== (orientation === 'landscape')) return;
          out.tables++;
          const box = (table.closest('section') ?? table.parentElement!).getBoundingClientRect().width;
          const w = table.getBoundingClientRect().width;
          if (w > box + 0.5 || table.scrollWidth > box + 0.5) out.wide.push({ table: t, width: Math.round(w), box: Math.round(box) });
          table.querySelectorAll<HTMLElement>('th, td').forEach((cell) => {
            const text = (cell.textContent ?? '').trim();
            if (text.length < 2) return;
            const style = getComputedStyle(cell);
            const inner = cell.getBoundingClientRect().width - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
            const min = 2 * parseFloat(style.fontSize) * 0.98;
            if (inner < min) out.cells.push({ table: t, text: text.slice(0, 20), width: Math.round(inner), min: Math.round(min) });
          });
        });
        return out;
      }, orientation);
      if (orientation === 'portrait') expect(found.tables).toBeGreaterThan(5);
      for (const w of found.wide) problems.push(`${orientation} table ${w.table}: ${w.width}px in a ${w.box}px page`);
      for (const c of found.cells) problems.push(`${orientation} table ${c.table}: cell “${c.text}” ${c.width}px < ${c.min}px`);
    }
    await page.setViewportSize({ width: 1440, height: 900 });
    expect(problems).toEqual([]);
  });

  it('renders to a PDF whose every page is A4 (portrait or landscape)', async () => {
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const sizes = [...pdf.toString('latin1').matchAll(/\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/g)].map((m) => [Math.round(Number(m[1])), Math.round(Number(m[2]))]);
    expect(sizes.length).toBeGreaterThan(1);
    for (const [w, hgt] of sizes) expect([[595, 842], [842, 595]]).toContainEqual([w, hgt]);
    await page.emulateMedia({ media: 'screen' });
  });

  it('screenshot of the printed page with the funnel table (test-results/14-report.png)', async () => {
    await page.emulateMedia({ media: 'print' });
    const funnel = page.locator('section.figure', { hasText: '院校通过率漏斗图' }).first();
    const landscape = await funnel.evaluate((el) => el.classList.contains('landscape'));
    // The width of the page it prints on.
    await page.setViewportSize({ width: Math.floor(landscape ? LANDSCAPE_CONTENT : PORTRAIT_CONTENT), height: 1100 });
    await funnel.scrollIntoViewIfNeeded();
    const dir = join(ROOT, 'test-results');
    mkdirSync(dir, { recursive: true });
    await funnel.screenshot({ path: join(dir, '14-report.png') });
    await page.emulateMedia({ media: 'screen' });
    await page.setViewportSize({ width: 1440, height: 900 });
  });
});
