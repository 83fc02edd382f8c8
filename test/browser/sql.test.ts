/**
 * The SQL console in real Chromium against the real server: type a query
 * with completion, run it with Ctrl+Enter, see the grid (seed 004 exam
 * table: 智能财税 335), sort it, make a chart, download CSV (BOM and a
 * figure), see an error pointed at its line, reopen a query from its link.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startHarness, type Harness } from './harness.js';

let h: Harness;
let page: Page;
beforeAll(async () => {
  h = await startHarness();
  page = await h.newPage(1280, 800);
});
afterAll(async () => h?.stop());

const editor = () => page.locator('.cm-content');
const gridRows = () =>
  page.locator('[data-testid="grid-row"]').evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('[role="gridcell"]')].map((c) => (c.textContent ?? '').trim())));

async function replaceText(text: string) {
  await editor().click();
  await page.keyboard.press('Control+a');
  await page.keyboard.press('Delete');
  await page.keyboard.type(text);
}

/**
 * Picks the highlighted completion with Enter once the list is live. While
 * CodeMirror refreshes the list after a keystroke it shows it *disabled*, and
 * for 75 ms after an update it ignores Enter (interactionDelay): an Enter in
 * either window inserts a newline instead. Returns the picked option's text.
 */
async function acceptCompletion(label: string, expected: string): Promise<string> {
  const live = page.locator('.cm-tooltip-autocomplete:not(.cm-tooltip-autocomplete-disabled) li[aria-selected="true"]', { hasText: label });
  await live.waitFor({ timeout: 10_000 });
  await page.waitForTimeout(250);
  await live.waitFor({ timeout: 10_000 });
  const text = await live.innerText();
  await page.keyboard.press('Enter');
  await page.waitForFunction((want) => document.querySelector('.cm-content')?.textContent?.includes(want), expected, { timeout: 5_000 });
  return text;
}

describe('SQL console — seed 004, exam table', () => {
  it('opens with the schema browser and the named queries as templates', async () => {
    await page.goto(`${h.baseUrl}/sql`);
    await page.waitForSelector('[data-testid="schema-browser"]');
    const browser = await page.locator('[data-testid="schema-browser"]').innerText();
    expect(browser).toContain('exam_results');
    expect(browser).toContain('考核结果');
    expect(browser).not.toContain('sql_audit');
    await page.click('[data-testid="side-tab-templates"]');
    await page.waitForSelector('[data-testid="template-pass_rate_by_certificate"]');
    await page.click('[data-testid="side-tab-schema"]');
  });

  it('completes a table name while typing, and Ctrl+Enter runs the query into the grid', async () => {
    await replaceText('SELECT c.name AS certificate, sum(e.candidates) AS candidates, sum(e.passed) AS passed FROM exam_res');
    await acceptCompletion('exam_results', 'FROM exam_results');
    await page.keyboard.type(' e JOIN certificates c ON c.id = e.certificate_id GROUP BY 1 ORDER BY 2 DESC');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+Enter');
    await page.waitForSelector('[data-testid="grid-row"]', { timeout: 20_000 });
    const rows = await gridRows();
    expect(rows[0]).toEqual(['智能财税', '335', '315']);
    expect(await page.locator('[data-testid="result-summary"]').innerText()).toMatch(/^16\s*行/);
    // The URL now reopens this query.
    expect(new URL(page.url()).searchParams.get('q')).toContain('FROM exam_results e JOIN certificates c');
  });

  it('completes a column name after its table, with its type', async () => {
    await page.click('[data-testid="view-grid"]');
    const before = await editor().innerText();
    await editor().click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type(' -- then\nSELECT exam_results.cand');
    expect(await acceptCompletion('candidates', 'SELECT exam_results.candidates')).toContain('INTEGER');
    await replaceText(before.replace(/\n/g, ' '));
  });

  it('sorts by a column on a header click', async () => {
    await page.click('[data-testid="grid-header-candidates"]');
    const header = page.locator('[role="columnheader"][aria-sort="ascending"]');
    await header.waitFor();
    const rows = await gridRows();
    const first = Number(rows[0]![1]!.replace(/,/g, ''));
    const last = Number(rows.at(-1)![1]!.replace(/,/g, ''));
    expect(first).toBeLessThanOrEqual(last);
    await page.click('[data-testid="grid-header-candidates"]');
    await page.locator('[role="columnheader"][aria-sort="descending"]').waitFor();
    expect((await gridRows())[0]![1]).toBe('335');
  });

  it('makes a quick chart and exports it as a PNG', async () => {
    await page.click('[data-testid="view-chart"]');
    await page.waitForSelector('[data-testid="quick-chart"] canvas', { timeout: 20_000 });
    expect(await page.locator('[data-testid="chart-x"]').inputValue()).toBe('certificate');
    expect(await page.locator('[data-testid="chart-y"]').inputValue()).toBe('candidates');
    await page.click('[data-testid="chart-type-pie"]');
    await page.waitForFunction(() => !(document.querySelector('[data-testid="chart-png"]') as HTMLButtonElement | null)?.disabled);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="chart-png"]')]);
    expect(download.suggestedFilename()).toMatch(/\.png$/);
    const png = readFileSync((await download.path())!);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    await page.click('[data-testid="view-grid"]');
  });

  it('downloads the result as CSV: UTF-8 with a BOM, the seed figure inside', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="download-csv"]')]);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    const bytes = readFileSync((await download.path())!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
    expect(text.split('\r\n')[0]).toBe('certificate,candidates,passed');
    expect(text).toContain('\r\n智能财税,335,315\r\n');
  });

  it('points at the line and column of an error, and drops the previous result and its export notice', async () => {
    // An export of the previous result leaves its notice (已导出 … 行) under it.
    await Promise.all([page.waitForEvent('download'), page.click('[data-testid="download-csv"]')]);
    await page.locator('[data-testid="notice"]').waitFor();
    await replaceText('SELECT certificate_id,\n  passd FROM exam_results');
    await page.keyboard.press('Control+Enter');
    const error = page.locator('[data-testid="sql-error"]');
    await error.waitFor({ timeout: 20_000 });
    expect(await error.innerText()).toContain('第 2 行，第 3 列');
    expect(await page.locator('.cm-error-mark').innerText()).toBe('passd');
    // Under the error: neither the old rows nor "已导出 16 行" about them.
    expect(await page.locator('[data-testid="notice"]').count()).toBe(0);
    expect(await gridRows()).toEqual([]);
    expect(await page.locator('.result').innerText()).toContain('结果会显示在这里');
    expect(await page.locator('[data-testid="download-csv"]').isDisabled()).toBe(true);
  });

  it('refuses a write with a clear Chinese message', async () => {
    await replaceText('DROP TABLE exam_results');
    await page.keyboard.press('Control+Enter');
    const error = page.locator('[data-testid="sql-error"]');
    await page.waitForFunction(() => document.querySelector('[data-testid="sql-error"]')?.textContent?.includes('只读'));
    expect(await error.innerText()).toContain('sql_not_read_only');
  });

  it('a link reopens and reruns a query', async () => {
    const fresh = await h.newPage(1280, 800);
    await fresh.goto(`${h.baseUrl}/sql?q=${encodeURIComponent('SELECT sum(candidates) AS total FROM exam_results')}`);
    await fresh.waitForSelector('[data-testid="grid-row"]', { timeout: 20_000 });
    const cells = await fresh.locator('[data-testid="grid-row"] [role="gridcell"]').allInnerTexts();
    expect(cells).toEqual(['1,479']);
    await fresh.screenshot({ path: '/tmp/xpilot-sql-link.png' });
    await fresh.close();
  });
});
