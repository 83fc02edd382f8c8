/**
 * The overview on generated sets (issue 13): a province of ~300 schools
 * (广东) and the small three-province set whose 湖北 and 河南 both have a city
 * named 省直辖县级行政区划. The first screen downloads under ~200 KB of data,
 * ECharts is fetched alongside the data, no chart draws more than 2N+1 bars,
 * drill-down and search keep the filters in the URL, the school list pages
 * on the server, and the shared city name is two options, never a crash.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page, Response } from 'playwright-core';
import { startHarness, type Harness } from './harness.js';
import { overviewDrawn } from './overview-drawn.js';

const FIRST_SCREEN_BUDGET = 200 * 1024;
const MAX_BARS = 2 * 10 + 1;

const tableRows = (page: Page, id: string) =>
  page.locator(`[data-testid="table-${id}"] tbody tr`).evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td,th')].map((c) => (c.textContent ?? '').trim())));

describe('overview on a province of ~300 schools (generated 广东)', () => {
  let h: Harness;
  let page: Page;
  const errors: string[] = [];
  beforeAll(async () => {
    h = await startHarness({ dataset: 'province' });
    page = await h.newPage(1280, 800);
    page.on('pageerror', (e) => errors.push(e.message));
  }, 240_000);
  afterAll(async () => h?.stop());

  it('draws its first screen from under 200 KB of data, with ECharts fetched alongside the data', async () => {
    const bodies: Promise<number>[] = [];
    const scripts: { url: string; started: number; size: Promise<number> }[] = [];
    const started = new Map<string, number>();
    let firstDataEnd = Infinity;
    const t0 = Date.now();
    page.on('request', (r) => started.set(r.url(), Date.now() - t0));
    const onResponse = (r: Response) => {
      const url = r.url();
      if (url.includes('/api/queries/')) {
        bodies.push(r.body().then((b) => b.length, () => 0));
        void r.finished().then(() => (firstDataEnd = Math.min(firstDataEnd, Date.now() - t0)));
      } else if (url.endsWith('.js')) {
        scripts.push({ url, started: started.get(url) ?? Infinity, size: r.body().then((b) => b.length, () => 0) });
      }
    };
    page.on('response', onResponse);
    await page.goto(`${h.baseUrl}/`);
    await overviewDrawn(page, '', 120_000);
    page.off('response', onResponse);
    const bytes = (await Promise.all(bodies)).reduce((a, b) => a + b, 0);
    console.log(`[overview-scale] first screen: ${bodies.length} data answers, ${(bytes / 1024).toFixed(1)} KiB`);
    expect(bodies.length).toBeGreaterThan(4);
    expect(bytes).toBeLessThan(FIRST_SCREEN_BUDGET);
    // The charting library (the largest script) is requested before the first data answer has arrived.
    const sizes = await Promise.all(scripts.map(async (s) => ({ ...s, bytes: await s.size })));
    const echarts = sizes.sort((a, b) => b.bytes - a.bytes)[0]!;
    expect(echarts.bytes).toBeGreaterThan(300_000);
    expect(echarts.started).toBeLessThan(firstDataEnd);
    expect(errors).toEqual([]);
  });

  it('draws at most 2N+1 groups per chart, 其他 summing the rest', async () => {
    const areas = await tableRows(page, 'trainees');
    expect(areas.length).toBeLessThanOrEqual(MAX_BARS);
    const certs = await tableRows(page, 'pass-rate');
    expect(certs.length).toBeLessThanOrEqual(MAX_BARS);
    expect(certs.some((r) => /^其他 \d+ 个证书$/.test(r[0]!))).toBe(true);
    expect(await page.locator('[data-testid="pass-rate-top-bottom"]').innerText()).toMatch(/共 \d+ 个证书/);
  });

  it('pages the school list on the server', async () => {
    const first = await tableRows(page, 'trainees-schools');
    expect(first).toHaveLength(20);
    const at = await page.locator('[data-testid="school-pages-at"]').innerText();
    expect(at).toMatch(/第 1 \/ \d+ 页/);
    const [answer] = await Promise.all([
      page.waitForResponse((r) => r.url().includes('/api/queries/trainees_by_college') && r.url().includes('offset=20')),
      page.click('[data-testid="school-pages-next"]'),
    ]);
    expect((await answer.json()).rows).toHaveLength(20);
    await page.waitForFunction(() => document.querySelector('[data-testid="school-pages-at"]')?.textContent?.includes('第 2 /'));
    const second = await tableRows(page, 'trainees-schools');
    expect(second[0]![0]).toBe('21');
    expect(second[0]![1]).not.toBe(first[0]![1]);
  });

  it('drills down 全国 → 省 → 市 → 学校, keeping the year in the URL', async () => {
    await page.goto(`${h.baseUrl}/?year=2022`);
    await overviewDrawn(page, 'year=2022', 120_000);
    await page.click('[data-testid="drill"] a >> nth=0');
    await page.waitForURL(/year=2022.*province=/);
    const province = new URL(page.url()).searchParams.get('province')!;
    await overviewDrawn(page, new URL(page.url()).search.slice(1), 120_000);
    expect(await page.locator('[data-testid="breadcrumb"]').innerText()).toContain(province);
    await page.click('[data-testid="drill"] a >> nth=0');
    await page.waitForURL(/city=/);
    const city = new URL(page.url()).searchParams.get('city')!;
    await overviewDrawn(page, new URL(page.url()).search.slice(1), 120_000);
    expect(await page.locator('[data-testid="breadcrumb"]').innerText()).toMatch(new RegExp(`全国.*${province}.*${city}`, 's'));
    await page.click('[data-testid="drill"] a >> nth=0');
    await page.waitForURL(/school=\d+/);
    const url = new URL(page.url());
    expect([url.searchParams.get('year'), url.searchParams.get('province'), url.searchParams.get('city')]).toEqual(['2022', province, city]);
  });

  it('searches schools on the server as you type (20 at most), and a pick sets school, city and province', async () => {
    await page.goto(`${h.baseUrl}/`);
    await overviewDrawn(page, '', 120_000);
    const [answer] = await Promise.all([
      page.waitForResponse((r) => r.url().includes('/api/queries/filter_search') && r.url().includes('q=')),
      page.locator('[data-testid="filter-school"]').pressSequentially('职业'),
    ]);
    const body = await answer.json();
    expect(body.rows.length).toBeLessThanOrEqual(20);
    expect(body.total).toBeGreaterThan(body.rows.length);
    const option = page.locator('[data-testid="filter-school-options"] [role="option"] button').first();
    const name = (await option.locator('.name').innerText()).trim();
    await option.click();
    await page.waitForURL(/school=\d+/);
    const url = new URL(page.url());
    expect(url.searchParams.get('province')).toBe('广东省');
    expect(url.searchParams.get('city')).toBeTruthy();
    await overviewDrawn(page, url.search.slice(1), 120_000);
    // The name comes with the filter options, which may arrive after the charts are drawn.
    await expect.poll(() => page.locator('[data-testid="filter-school"]').inputValue()).toBe(name);
  });

  it('screenshots the province at 1280×800', async () => {
    await page.goto(`${h.baseUrl}/?province=${encodeURIComponent('广东省')}`);
    await overviewDrawn(page, `province=${encodeURIComponent('广东省')}`, 120_000);
    await page.screenshot({ path: '/work/shots/13-overview-province-test.png' }).catch(() => undefined);
  });
});

describe('省直辖县级行政区划 under 湖北 and 河南 (generated small set)', () => {
  let h: Harness;
  let page: Page;
  const errors: string[] = [];
  const shared = '省直辖县级行政区划';
  beforeAll(async () => {
    h = await startHarness({ dataset: 'small' });
    page = await h.newPage(1280, 800);
    page.on('pageerror', (e) => errors.push(e.message));
  }, 240_000);
  afterAll(async () => h?.stop());

  it('offers the city under each province and keeps every select whole', async () => {
    await page.goto(`${h.baseUrl}/?province=${encodeURIComponent('河南省')}`);
    await overviewDrawn(page, `province=${encodeURIComponent('河南省')}`, 120_000);
    const cities = await page.locator('[data-testid="filter-city"] option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(cities.length).toBeGreaterThan(3);
    expect(cities).toContain(`河南省/${shared}`);
    await page.selectOption('[data-testid="filter-city"]', `河南省/${shared}`);
    await page.waitForURL((u) => u.searchParams.get('city') === shared && u.searchParams.get('province') === '河南省');
    await overviewDrawn(page, new URL(page.url()).search.slice(1), 120_000);
    // The chart now lists that area's schools (all in 河南), and the levels and years are all still offered.
    expect((await tableRows(page, 'trainees')).length).toBeGreaterThan(0);
    expect(await page.locator('[data-testid="filter-level"] option').count()).toBeGreaterThan(1);
    expect(await page.locator('[data-testid="filter-year"] option').count()).toBeGreaterThan(2);
    expect(errors).toEqual([]);
  });

  it('a link to the same name in 湖北 shows other schools', async () => {
    const henan = (await tableRows(page, 'trainees-schools')).map((r) => r[1]);
    const search = new URLSearchParams({ province: '湖北省', city: shared }).toString();
    await page.goto(`${h.baseUrl}/?${search}`);
    await overviewDrawn(page, search, 120_000);
    const hubei = (await tableRows(page, 'trainees-schools')).map((r) => r[1]);
    expect(hubei.length).toBeGreaterThan(0);
    expect(hubei.filter((s) => henan.includes(s))).toEqual([]);
    expect(await page.locator('[data-testid="filter-city"]').inputValue()).toBe(`湖北省/${shared}`);
    expect(errors).toEqual([]);
  });
});
