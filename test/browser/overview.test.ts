/**
 * The overview in real Chromium against the real server: the figures shown
 * are the seed figures, filters live in the URL, the PNG download is a 2×
 * re-render.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { startHarness, type Harness } from './harness.js';

let h: Harness;
let page: Page;
beforeAll(async () => {
  h = await startHarness();
  page = await h.newPage(1280, 800);
});
afterAll(async () => h?.stop());

const ready = (id: string) => page.waitForSelector(`[data-testid="chart-${id}"][data-state="ready"]`, { timeout: 30_000 });
const text = async (testid: string) => (await page.locator(`[data-testid="${testid}"]`).innerText()).replace(/\s+/g, ' ');
const tableRows = async (id: string) =>
  page.locator(`[data-testid="table-${id}"] tbody tr`).evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td,th')].map((c) => (c.textContent ?? '').trim())));

describe('overview — seed 004 exam/teacher tables, seed 001 applications, seed 003 annex 2', () => {
  it('shows the headline figures of the seeds', async () => {
    await page.goto(`${h.baseUrl}/`);
    await Promise.all([ready('pass-rate'), ready('trainees'), ready('quotas')]);
    expect(await text('kpi-candidates')).toContain('1,479');
    expect(await text('kpi-passed')).toContain('1,185');
    expect(await text('kpi-pass-rate')).toContain('80.1%');
    expect(await text('kpi-certificates')).toContain('16');
    expect(await text('kpi-approved')).toContain('1,662');
    expect(await text('kpi-teachers')).toContain('91');
    // Real documents: no 合成数据 badge (test/browser/synthetic.test.ts shows it on a generated set).
    await page.waitForSelector('header[data-dataset="real"]', { timeout: 30_000 });
    expect(await page.locator('[data-testid="synthetic-badge"]').count()).toBe(0);
  });

  it('lists each certificate with its sample size and rate (智能财税 315/335 = 94.0%, BIM 11/71 = 15.5%)', async () => {
    const rows = await tableRows('pass-rate');
    expect(rows).toHaveLength(16);
    const tax = rows.find((r) => r[0] === '智能财税')!;
    expect(tax.join(' ')).toMatch(/335.*315.*94\.0%/);
    expect(rows.at(-1)![0]).toBe('建筑信息模型（BIM）');
    expect(rows.at(-1)!.join(' ')).toContain('15.5%');
  });

  it('shows both colleges and the per-city quota totals (杭州市 86, 文件 85)', async () => {
    // The chart draws the level below the filters (nationally: provinces); the school list below it is paged on the server.
    expect((await tableRows('trainees')).map((r) => r[1])).toEqual(['广东省']);
    const colleges = await tableRows('trainees-schools');
    expect(colleges.map((r) => r[1])).toEqual(['中山火炬职业技术学院', '广州城市职业学院']);
    const quotas = (await tableRows('quotas')).map((r) => r.join(' '));
    expect(quotas.some((r) => r.includes('杭州市') && r.includes('86'))).toBe(true);
  });

  it('a filter changes the URL and the charts; the URL alone reproduces the view', async () => {
    await page.selectOption('[data-testid="filter-year"]', '2021');
    await page.waitForURL(/year=2021/);
    await page.waitForSelector('[data-testid="chart-pass-rate"][data-state="empty"]');
    expect(await text('kpi-candidates')).toContain('—');
    await ready('trainees');
    expect((await tableRows('trainees-schools')).map((r) => r[1])).toEqual(['中山火炬职业技术学院']);
    const url = page.url();
    const fresh = await h.newPage(1280, 800);
    await fresh.goto(url);
    await fresh.waitForSelector('[data-testid="chart-pass-rate"][data-state="empty"]');
    expect(await fresh.locator('[data-testid="filter-year"]').inputValue()).toBe('2021');
    await fresh.context().close();
    await page.click('[data-testid="filter-reset"]');
    await page.waitForURL((u) => !u.search.includes('year='));
    await ready('pass-rate');
    expect(await text('kpi-candidates')).toContain('1,479');
  });

  it('downloads the pass-rate chart as a PNG rendered at 2×, titled', async () => {
    await ready('pass-rate');
    const box = (await page.locator('[data-testid="chart-pass-rate"] canvas').first().boundingBox())!;
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="download-pass-rate"]')]);
    expect(download.suggestedFilename()).toMatch(/^通过率_按证书.*\.png$/);
    const png = readFileSync((await download.path())!);
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    const width = png.readUInt32BE(16);
    const height = png.readUInt32BE(20);
    // Re-rendered at 2× with the chart's title block (title + scope line, 62 px) above the chart as drawn.
    expect(width).toBe(Math.round(box.width) * 2);
    expect(height).toBe((Math.round(box.height) + 62) * 2);
  });

  it('filtered to 浙江省, every tile says the province has a quota table only; the trainees card names its years (issue 14)', async () => {
    await page.goto(`${h.baseUrl}/?province=${encodeURIComponent('浙江省')}`);
    await page.waitForSelector('[data-testid="kpis"][aria-busy="false"]');
    for (const tile of ['kpi-candidates', 'kpi-passed', 'kpi-pass-rate']) expect(await text(tile)).toContain('没有考核结果数据，只有名额分配表（2020 年）');
    expect(await text('kpi-approved')).toContain('没有试点申报数据，只有名额分配表（2020 年）');
    expect(await text('kpi-teachers')).toContain('没有师资培训数据，只有名额分配表（2020 年）');
    await page.goto(`${h.baseUrl}/`);
    await ready('trainees');
    expect(await text('chart-trainees')).toContain('申请/批准为 2021 年，考证/通过为 2020 年');
    expect((await tableRows('trainees'))[0]).toBeDefined();
    const headers = await page.locator('[data-testid="table-trainees"] thead th').allInnerTexts();
    expect(headers).toContain('申请培训人数（2021 年）');
    expect(headers).toContain('考证人数（2020 年）');
  });
});
