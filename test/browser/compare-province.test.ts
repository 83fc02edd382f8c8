/**
 * /compare, a school page and a certificate page on the generated
 * province-scale set (test/helpers/generated.ts: 广东省, ~300 schools,
 * synthetic), in real Chromium: the funnel is drawn with its limits named,
 * the over-dispersion estimates are said, the schools outside the limits and
 * the ranking are pages cut by the server, a search names one school, and the
 * names of the points are not part of the first screen.
 */
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startHarness, type Harness } from './harness.js';

let h: Harness;
let page: Page;
let cert: { certificate_id: number; certificate: string; schools: number };
/** Named-query requests the page made, by query name. */
let asked: string[] = [];

beforeAll(async () => {
  h = await startHarness({ dataset: 'province' });
  page = await h.newPage(1280, 800);
  page.on('request', (r) => {
    const m = /\/api\/queries\/(\w+)/.exec(r.url());
    if (m) asked.push(m[1]!);
  });
  const res = await fetch(`${h.baseUrl}/api/queries/certificate_options`);
  const rows = ((await res.json()) as { rows: { certificate_id: number; certificate: string; schools: number }[] }).rows;
  cert = rows.reduce((a, b) => (b.schools > a.schools ? b : a));
}, 300_000);
afterAll(async () => h?.stop());

const ready = (id: string) => page.waitForSelector(`[data-testid="chart-${id}"][data-state="ready"]`, { timeout: 60_000 });
const tableReady = (testid: string) => page.waitForSelector(`[data-testid="${testid}"] tbody tr[data-key]`, { timeout: 60_000 });
const text = async (testid: string) => (await page.locator(`[data-testid="${testid}"]`).first().innerText()).replace(/\s+/g, ' ');
const rows = async (testid: string) =>
  page.locator(`[data-testid="${testid}"] tbody tr[data-key]`).evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('th,td')].map((c) => (c.textContent ?? '').replace(/\s+/g, ' ').trim())));
/** The first number in a cell (`1,234`, `3 样本小`). */
const count = (s: string) => Number((/[\d,]+/.exec(s)?.[0] ?? 'NaN').replace(/,/g, ''));

describe('院校对比 /compare — generated province set (广东省, synthetic)', () => {
  it('draws the funnel of a certificate run by many schools with τ² limits named, and says φ̂ and τ̂²', async () => {
    expect(cert.schools).toBeGreaterThan(100);
    asked = [];
    await page.goto(`${h.baseUrl}/compare?certificate=${cert.certificate_id}`);
    await ready('funnel');
    expect(await text('limits-drawn')).toBe('图中画的是随机效应 τ² 调整的控制限。');
    expect(await page.isChecked('[data-testid="limits-tau2"]')).toBe(true);
    const estimate = await text('dispersion-estimate');
    expect(estimate).toMatch(/^过度离散：φ̂ = \d+\.\d\d（I·φ̂ /);
    expect(estimate).toMatch(/τ̂/);
    const counts = /二项分布 ([\d,]+) 所 · 乘性 φ 调整 ([\d,]+) 所 · 随机效应 τ² 调整 ([\d,]+) 所（共 ([\d,]+) 所）/.exec(await text('dispersion-counts'));
    expect(counts).not.toBeNull();
    const [plain, phi, tau, all] = counts!.slice(1).map(count) as [number, number, number, number];
    expect(all).toBe(cert.schools);
    // Adjusted limits flag fewer schools than binomial ones on a set made over-dispersed on purpose.
    expect(phi).toBeLessThan(plain);
    expect(tau).toBeLessThan(plain);
    // The legend names the limits drawn, and the curves say which is 95% and 99.8%.
    expect(await page.locator('[data-testid="chart-funnel"]').getAttribute('data-state')).toBe('ready');
    expect(await text('chart-funnel')).toContain('随机效应 τ² 调整');
    // First screen: points, curves, estimates and two pages; no names, no school list.
    expect(asked).toEqual(expect.arrayContaining(['funnel_points', 'funnel_limits', 'funnel_dispersion', 'school_comparison']));
    expect(asked).not.toContain('funnel_names');
    expect(asked).not.toContain('schools_list');

    // The outlier table: the schools outside the 95% τ² limits, ten a page.
    await tableReady('outlier-table');
    const outliers = await rows('outlier-table');
    expect(outliers.length).toBe(Math.min(10, tau));
    expect(outliers.every((r) => /控制限/.test(r[7]!) && !/在控制限内/.test(r[7]!))).toBe(true);
    if (tau > 10) expect(await text('outlier-pager-where')).toBe(`第 1 / ${Math.ceil(tau / 10)} 页（共 ${tau.toLocaleString('en-US')} 所）`);
  });

  it('pages and sorts the ranking on the server: 20 rows a page, the URL keeps page and sort', async () => {
    await tableReady('ranking-table');
    const first = await rows('ranking-table');
    expect(first).toHaveLength(20);
    const ranks = first.map((r) => Number(r[1]));
    expect(ranks.every((n, i) => i === 0 || n >= ranks[i - 1]!)).toBe(true);
    expect(await text('ranking-pager-where')).toBe(`第 1 / ${Math.ceil(cert.schools / 20)} 页（共 ${cert.schools.toLocaleString('en-US')} 所）`);
    await page.click('[data-testid="ranking-pager-next"]');
    await page.waitForURL(/page=2/);
    await page.waitForFunction((school) => document.querySelector('[data-testid="ranking-table"] tbody tr[data-key] th')?.textContent?.trim() !== school, first[0]![0]);
    const second = await rows('ranking-table');
    expect(second).toHaveLength(20);
    expect(second.some((r) => first.some((f) => f[0] === r[0]))).toBe(false);
    await page.click('[data-testid="ranking-table-sort-candidates"]');
    await page.waitForURL(/sort=candidates-desc/);
    expect(page.url()).not.toMatch(/[?&]page=/);
    await page.waitForFunction(() => {
      const cells = [...document.querySelectorAll('[data-testid="ranking-table"] tbody tr[data-key]')].map((tr) => Number((tr.querySelectorAll('td')[2]?.textContent ?? '').replace(/[^\d]/g, '')));
      return cells.length === 20 && cells.every((n, i) => i === 0 || n <= cells[i - 1]!);
    });
    const biggest = await rows('ranking-table');
    const largest = count(biggest[0]![3]!);
    expect(largest).toBeGreaterThanOrEqual(count(biggest[19]![3]!));
  });

  it('plain limits flag more schools; the page says which limits are drawn', async () => {
    await page.click('[data-testid="limits-plain"]');
    await page.waitForURL(/limits=plain/);
    await page.waitForFunction(() => document.querySelector('[data-testid="limits-drawn"]')?.textContent?.includes('二项分布'));
    expect(await text('limits-drawn')).toBe('图中画的是二项分布的控制限。');
    await ready('funnel');
    expect(await text('chart-funnel')).toContain('95% 控制限');
    expect(await text('chart-funnel')).not.toContain('τ² 调整）');
  });

  it('search names one school: its names are fetched on focus, Enter rings the first hit', async () => {
    await page.goto(`${h.baseUrl}/compare?certificate=${cert.certificate_id}`);
    await tableReady('ranking-table');
    const school = (await rows('ranking-table'))[0]![0]!;
    asked = [];
    await page.focus('[data-testid="funnel-search"]');
    await page.fill('[data-testid="funnel-search"]', school);
    await page.waitForSelector('[data-testid="funnel-search-hits"] button', { timeout: 30_000 });
    expect(asked).toContain('funnel_names');
    await page.press('[data-testid="funnel-search"]', 'Enter');
    await page.waitForSelector('[data-testid="funnel-picked"]');
    const picked = await text('funnel-picked');
    expect(picked.startsWith('已在图中标出：')).toBe(true);
    expect(picked).toContain(school);
    mkdirSync('/work/shots', { recursive: true });
    await page.locator('[data-testid="chart-funnel"]').scrollIntoViewIfNeeded();
    await page.screenshot({ path: '/work/shots/13-funnel-province-search.png' });
  });

  it('screenshot of the first screen at 1280×800', async () => {
    await page.goto(`${h.baseUrl}/compare?certificate=${cert.certificate_id}`);
    await ready('funnel');
    // The limits, the estimates and the funnel in one screen: scrolled to the limits, clear of the sticky header.
    await page.evaluate(() => {
      document.querySelector('[data-testid="dispersion"]')?.scrollIntoView();
      window.scrollBy(0, -72);
    });
    await page.screenshot({ path: '/work/shots/13-funnel-province.png' });
  });
});

describe('school and certificate pages — generated province set', () => {
  it('a certificate page pages its schools (10) and its pilot applications (20) and draws the funnel', async () => {
    await page.goto(`${h.baseUrl}/certificates/${cert.certificate_id}`);
    await ready('cert-schools');
    await ready('cert-funnel');
    expect(await text('certificate-name')).toContain(cert.certificate);
    expect(await rows('cert-schools-table')).toHaveLength(10);
    expect(await text('cert-schools-pager-where')).toBe(`第 1 / ${Math.ceil(cert.schools / 10)} 页（共 ${cert.schools.toLocaleString('en-US')} 所）`);
    await tableReady('pilots-table');
    expect((await rows('pilots-table')).length).toBeLessThanOrEqual(20);
    await page.click('[data-testid="cert-schools-pager-next"]');
    await page.waitForURL(/page=2/);
    await ready('cert-schools');
  });

  it('a school page: its certificates against the other schools of 广东省', async () => {
    await page.goto(`${h.baseUrl}/compare?certificate=${cert.certificate_id}&sort=candidates-desc`);
    await tableReady('ranking-table');
    await page.click('[data-testid="ranking-table"] tbody tr[data-key] th a');
    await page.waitForURL(/\/schools\/\d+/);
    await ready('benchmark');
    expect(await text('chart-benchmark')).toContain('全省');
  });
});
