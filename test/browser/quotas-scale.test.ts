/**
 * /quotas at scale (issue 13), in Chromium on the province-scale generated set
 * (广东省: 21 cities, 13 programmes, 2020–2024, 合计 rows): the province view
 * draws its map, matrix and totals for any province, the national view
 * (全国（按省份）) draws the China map by province from SQL aggregates, and
 * neither downloads more than ~200 KB of data for its first screen.
 * SHOT_DIR, when set, receives screenshots.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { startHarness, type Harness } from './harness.js';

let h: Harness;
let page: Page;
const errors: string[] = [];
let apiBytes = 0;
beforeAll(async () => {
  h = await startHarness({ dataset: 'province' });
  page = await h.newPage(1280, 800);
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('response', (res) => {
    if (!res.url().includes('/api/queries/')) return;
    res.body().then((b) => (apiBytes += b.length), () => undefined);
  });
}, 180_000);
afterAll(async () => h?.stop());

const ready = (id: string) => page.waitForSelector(`[data-testid="chart-${id}"][data-state="ready"]`, { timeout: 60_000 });
const rows = async (testid: string) =>
  page.locator(`[data-testid="${testid}"] tbody tr`).evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('th,td')].map((c) => (c.textContent ?? '').replace(/\s+/g, ' ').trim())));
const shot = async (name: string) => {
  if (!process.env.SHOT_DIR) return;
  mkdirSync(process.env.SHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(process.env.SHOT_DIR, name) });
};

describe('/quotas on the province-scale set', () => {
  it('广东省 2022: the map of its 21 cities, the 13 × 21 matrix and the city totals, from under 200 KB of data', async () => {
    apiBytes = 0;
    await page.goto(`${h.baseUrl}/quotas?province=${encodeURIComponent('广东省')}&year=2022`);
    await ready('quota-map');
    await ready('quota-matrix');
    await ready('quota-stated');
    const totals = await rows('quota-totals-table');
    expect(totals).toHaveLength(21);
    expect(totals.map((r) => r[0])).toContain('广州市');
    const matrix = await rows('quota-matrix-table');
    expect(matrix.length).toBeGreaterThanOrEqual(13);
    expect(apiBytes).toBeGreaterThan(1000);
    expect(apiBytes).toBeLessThan(200_000);
    await shot('quotas-province.png');
  });

  it('全国（按省份）: the China map by province, one row per province with data, no city rows downloaded', async () => {
    apiBytes = 0;
    await page.goto(`${h.baseUrl}/quotas?province=${encodeURIComponent('全国')}`);
    await ready('quota-map');
    await ready('quota-matrix');
    const totals = await rows('quota-totals-table');
    expect(totals.map((r) => r[0])).toEqual(['广东省']);
    expect(await page.locator('[data-testid="quota-national-note"]').count()).toBe(1);
    const requested = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name));
    expect(requested.some((u) => u.includes('/api/queries/city_quotas'))).toBe(false);
    expect(requested.some((u) => u.includes(`/api/maps/${encodeURIComponent('全国')}`))).toBe(true);
    expect(apiBytes).toBeLessThan(200_000);
    expect(errors).toEqual([]);
    await shot('quotas-national-province-set.png');
  });
});

describe('/report — the printed quota table ends in 合计 (issue 14)', () => {
  it('广东省 2022 city totals: the 合计 row sums the 21 cities (6,804 人, shares 100%)', async () => {
    const item = `quota_stated?province=${encodeURIComponent('广东省')}&year=2022`;
    await page.goto(`${h.baseUrl}/report?item=${encodeURIComponent(item)}&tables=1`);
    const total = page.locator('[data-testid="report-total-row"]').first();
    await total.waitFor({ timeout: 60_000 });
    const cells = (await total.locator('td').allInnerTexts()).map((t) => t.trim());
    expect(cells[0]).toBe('合计');
    expect(cells).toContain('6,804');
    expect(cells).toContain('100.0%');
    expect(await page.locator('.report-table').first().locator('tbody tr').count()).toBe(21);
  });
});
