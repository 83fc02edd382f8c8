/**
 * Pages that paint at once (issue 14; issue 13's overview draw): the ECharts
 * chunk is fetched beside the page's queries, not after their answers; while
 * a chart waits, its card shows a skeleton as tall as the chart with the
 * card's title, and its tables show loading rows; nothing moves when the
 * chart arrives. Requests are held by the test (not timed), so a loaded
 * machine only makes it slower.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page, Route } from 'playwright-core';
import { startHarness, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.stop());

/** Holds matching requests until `release()`; `seen` lists the URLs that asked. */
function gate() {
  const held: Route[] = [];
  const seen: string[] = [];
  let open = false;
  return {
    seen,
    async handle(route: Route) {
      seen.push(route.request().url());
      if (open) await route.continue();
      else held.push(route);
    },
    async release() {
      open = true;
      await Promise.all(held.splice(0).map((r) => r.continue()));
    },
  };
}

/** Holds the ECharts chunk (recognised by its body) and, separately, the answers of named queries. */
async function holdChartsAndData(page: Page) {
  const charts = { seen: [] as string[], release: () => undefined as void };
  const chartsOpen = new Promise<void>((resolve) => (charts.release = resolve));
  const data = gate();
  await page.route('**/_app/immutable/**/*.js', async (route) => {
    const response = await route.fetch();
    const body = await response.text();
    if (body.includes('_echarts_instance_')) {
      charts.seen.push(route.request().url());
      await chartsOpen;
    }
    // The body is already decoded: the file's own encoding header would have Chromium decode it twice.
    const headers = { ...response.headers() };
    delete headers['content-encoding'];
    delete headers['content-length'];
    await route.fulfill({ status: response.status(), headers, body });
  });
  await page.route('**/api/queries/**', (route) => data.handle(route));
  return { charts, data };
}

const box = (page: Page, testid: string) => page.locator(`[data-testid="${testid}"]`).evaluate((el) => {
  const r = el.getBoundingClientRect();
  return { top: Math.round(r.top), height: Math.round(r.height) };
});

describe('the ECharts chunk loads beside the data', () => {
  it('overview: the chunk is requested while every query is still unanswered, and the charts draw once both arrive', async () => {
    const page = await h.newPage(1280, 800);
    const { charts, data } = await holdChartsAndData(page);
    charts.release();
    await page.goto(`${h.baseUrl}/`);
    await expect.poll(() => charts.seen.length).toBeGreaterThan(0);
    // Not one answer has been let through: the chart library was asked for on its own, in parallel.
    expect(data.seen.length).toBeGreaterThan(0);
    await page.waitForSelector('[data-testid="chart-pass-rate"][data-state="loading"]');
    await data.release();
    await page.waitForSelector('[data-testid="chart-pass-rate"][data-state="ready"] .echart[data-ready="true"]', { timeout: 30_000 });
    await page.context().close();
  });
});

describe('loading states keep the layout', () => {
  it('/compare: skeletons as tall as the charts, with the card titles; loading rows in the ranking table; no shift when ECharts arrives', async () => {
    const first = await h.newPage(1280, 800);
    await first.goto(`${h.baseUrl}/compare`);
    await first.waitForSelector('[data-testid="chart-funnel"][data-state="ready"] .echart[data-ready="true"]', { timeout: 30_000 });
    const url = first.url();
    const drawn = await box(first, 'chart-funnel');
    const drawnHeight = await first.locator('[data-testid="chart-funnel"] .echart').evaluate((el) => Math.round(el.getBoundingClientRect().height));
    await first.context().close();

    const page = await h.newPage(1280, 800);
    const { charts, data } = await holdChartsAndData(page);
    await page.goto(url);
    // 1. No data, no ECharts: a skeleton the chart's height, saying which chart is coming.
    const skeleton = page.locator('[data-testid="skeleton-funnel"]');
    await skeleton.waitFor();
    expect(await skeleton.innerText()).toContain('漏斗图：通过率与考证人数');
    expect(Math.round((await skeleton.boundingBox())!.height)).toBe(drawnHeight);
    const ranking = page.locator('[data-testid="ranking-table"]');
    await expect.poll(() => ranking.locator('tbody').innerText()).toContain('加载中');
    expect(await ranking.locator('tbody').innerText()).not.toContain('没有院校');

    // 2. Data, still no ECharts: the card is at its final size, with the skeleton over the chart's box.
    await data.release();
    await page.waitForSelector('[data-testid="chart-funnel"][data-state="ready"]', { timeout: 30_000 });
    expect(await skeleton.isVisible()).toBe(true);
    const before = await box(page, 'chart-funnel');
    expect(before).toEqual(drawn);

    // 3. ECharts arrives: the chart draws where the skeleton was, and nothing moves.
    charts.release();
    await page.waitForSelector('[data-testid="chart-funnel"] .echart[data-ready="true"]', { timeout: 30_000 });
    expect(await skeleton.count()).toBe(0);
    expect(await box(page, 'chart-funnel')).toEqual(before);
    await page.context().close();
  });
});
