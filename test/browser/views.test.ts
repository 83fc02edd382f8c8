/**
 * The compare, school, certificate, quota and report pages in real Chromium
 * against the real server with the seed data: the figures shown are the
 * seeds' figures, filters live in the URL, and every chart exports as a
 * re-rendered PNG (2×, 3×) and an SVG that carries its Chinese title.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Download, Page } from 'playwright-core';
import { startHarness, type Harness } from './harness.js';

let h: Harness;
let page: Page;
beforeAll(async () => {
  h = await startHarness();
  page = await h.newPage(1280, 800);
});
afterAll(async () => h?.stop());

const ready = (id: string, p: Page = page) => p.waitForSelector(`[data-testid="chart-${id}"][data-state="ready"]`, { timeout: 30_000 });
const tableReady = (testid: string) => page.waitForSelector(`[data-testid="${testid}"] tbody tr[data-key]`, { timeout: 30_000 });
const settled = (id: string, state: string) => page.waitForSelector(`[data-testid="chart-${id}"][data-state="${state}"]`, { timeout: 30_000 });
const text = async (testid: string) => (await page.locator(`[data-testid="${testid}"]`).first().innerText()).replace(/\s+/g, ' ');
const rows = async (testid: string) =>
  page.locator(`[data-testid="${testid}"] tbody tr`).evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('th,td')].map((c) => (c.textContent ?? '').replace(/\s+/g, ' ').trim())));
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const saved = async (d: Download) => readFileSync((await d.path())!);
const pngSize = (png: Buffer) => ({ width: png.readUInt32BE(16), height: png.readUInt32BE(20) });

async function download(action: () => Promise<unknown>): Promise<Download> {
  const [d] = await Promise.all([page.waitForEvent('download'), action()]);
  return d;
}

describe('学校 /schools/1 — seed 004 (广州城市职业学院 2020): exam, teachers, findings', () => {
  it('shows the school’s figures: 1,479 / 1,185 = 80.1%, and 智能财税 335 / 315 = 94.0% beside the province', async () => {
    await page.goto(`${h.baseUrl}/schools/1`);
    await ready('benchmark');
    expect(await text('school-name')).toBe('广州城市职业学院');
    expect(await text('kpi-candidates')).toContain('1,479');
    expect(await text('kpi-pass-rate')).toContain('80.1%');
    expect(await text('kpi-teachers')).toContain('91');
    const table = await rows('benchmark-table');
    expect(table).toHaveLength(16);
    const tax = table.find((r) => r[0] === '智能财税')!;
    expect(tax.slice(1, 4)).toEqual(['335', '315', '94.0%']);
    expect(tax.join(' ')).toContain('无可比数据');
  });

  it('tells the dean what to look at first (BIM 15.5%, lowest) and that 广东省 has no other school to compare with', async () => {
    const callout = await text('school-priorities');
    expect(callout).toContain('广东省内没有其他院校');
    expect(callout).toMatch(/建筑信息模型（BIM） 15\.5%（11\/71/);
  });

  it('shows the level breakdown (BIM 初级 10/47, 中级 1/24), teachers beside the rates, and the import findings', async () => {
    await ready('levels');
    const levels = await rows('levels-table');
    expect(levels.map((r) => [r[0], r[1], r[2], r[3], r[4]])).toEqual([
      ['3D引擎技术应用', '中级', '60', '60', '100.0%'],
      ['3D引擎技术应用', '初级', '100', '98', '98.0%'],
      ['建筑信息模型（BIM）', '初级', '47', '10', '21.3%'],
      ['建筑信息模型（BIM）', '中级', '24 样本小', '1', '4.2%'],
    ]);
    await ready('teachers');
    const teachers = await rows('teachers-table');
    expect(teachers.find((r) => r[0] === '智能财税')!.slice(1, 5)).toEqual(['9', '—', '335', '94.0%']);
    await settled('trend', 'empty');
    expect(await text('chart-trend')).toContain('需要两年以上的数据');
    const findings = (await rows('findings-table')).map((r) => r.join(' '));
    expect(findings.some((f) => f.includes('Web前端开发') && f.includes('56.8% → 53.2%'))).toBe(true);
    // The rate, the two duplicate 序号, and the five spellings the alias registry merged (info).
    expect(findings).toHaveLength(8);
    expect(findings.filter((f) => f.includes('BIM 建筑信息模型'))).toHaveLength(2);
  });

  it('exports the benchmark chart as PNG at 2× and 3× (re-rendered, titled) and as SVG with the Chinese title', async () => {
    await ready('benchmark');
    const box = (await page.locator('[data-testid="chart-benchmark"] canvas').first().boundingBox())!;
    const w = Math.round(box.width);
    const hgt = Math.round(box.height) + 62; // title + scope line

    const two = await download(() => page.click('[data-testid="download-benchmark"]'));
    expect(two.suggestedFilename()).toBe('通过率_与全省对比_广州城市职业学院.png');
    const png2 = await saved(two);
    expect(png2.subarray(0, 8)).toEqual(PNG);
    expect(pngSize(png2)).toEqual({ width: w * 2, height: hgt * 2 });

    await page.click('[data-testid="export-menu-benchmark"]');
    const three = await download(() => page.click('[data-testid="download-benchmark-png3"]'));
    expect(three.suggestedFilename()).toBe('通过率_与全省对比_广州城市职业学院_3x.png');
    expect(pngSize(await saved(three))).toEqual({ width: w * 3, height: hgt * 3 });

    await page.click('[data-testid="export-menu-benchmark"]');
    const svgFile = await download(() => page.click('[data-testid="download-benchmark-svg"]'));
    expect(svgFile.suggestedFilename()).toBe('通过率_与全省对比_广州城市职业学院.svg');
    const svg = (await saved(svgFile)).toString('utf8');
    expect(svg).toContain('<svg');
    expect(svg).toContain('各证书通过率与全省对比');
    expect(svg).toContain('广州城市职业学院');
    expect(svg).toContain('建筑信息模型（BIM）');
  });

  it('offers the data behind the chart as CSV (UTF-8 BOM) and XLSX from its named query', async () => {
    await page.click('[data-testid="export-menu-benchmark"]');
    const csvHref = (await page.getAttribute('[data-testid="download-benchmark-csv"]', 'href'))!;
    const xlsxHref = (await page.getAttribute('[data-testid="download-benchmark-xlsx"]', 'href'))!;
    // The page's CSV: Chinese headers and rates as shown (headers=zh), named after the chart and the school.
    expect(csvHref).toBe(`/api/queries/school_benchmark?school=1&headers=zh&filename=${encodeURIComponent('各证书通过率与全省对比_广州城市职业学院').replace(/%20/g, '+')}&format=csv`);
    expect(await page.getAttribute('[data-testid="download-benchmark-csv"]', 'download')).toBe('各证书通过率与全省对比_广州城市职业学院.csv');
    const csv = Buffer.from(await (await fetch(`${h.baseUrl}${csvHref}`)).arrayBuffer());
    expect(csv.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(csv.toString('utf8')).toContain('智能财税');
    expect(csv.toString('utf8').split('\r\n')[0]).toMatch(/^\uFEFF年份,证书,/);
    expect(csv.toString('utf8')).toMatch(/智能财税,[^\r]*,335,315,94\.0%/);
    const xlsx = await fetch(`${h.baseUrl}${xlsxHref}`);
    expect(xlsx.status).toBe(200);
    expect(Buffer.from(await xlsx.arrayBuffer()).subarray(0, 2).toString()).toBe('PK');
    await page.keyboard.press('Escape');
  });
});

describe('学校 /schools/2 — seed 001 (中山火炬职业技术学院 2021 applications)', () => {
  it('shows requested vs approved by batch: 沿用批次 610/610, 第一次 869/872, 第二次 180/180', async () => {
    await page.goto(`${h.baseUrl}/schools/2`);
    await ready('applications');
    const batches = await rows('applications-table');
    expect(batches.map((r) => [r[0], r[2], r[3]])).toEqual([
      ['沿用批次', '610', '610'],
      ['第一次', '869', '872'],
      ['第二次', '180', '180'],
    ]);
    await settled('benchmark', 'empty');
  });

  it('an unknown school says so, without empty charts to retry', async () => {
    await page.goto(`${h.baseUrl}/schools/no-such-school`);
    const banner = page.locator('[data-testid="school-error"]');
    await banner.waitFor();
    expect(await banner.innerText()).toContain('没有找到学校“no-such-school”');
    expect(await page.locator('[data-testid="kpis"]').count()).toBe(0);
    expect(await page.locator('[data-testid^="chart-"]').count()).toBe(0);
  });
});

describe('名额 /quotas?province=浙江省 — seed 003 annex 2', () => {
  it('puts each city’s computed total beside the document’s 合计 (杭州市 86 vs 文件 85; 舟山市 20 = 20)', async () => {
    await page.goto(`${h.baseUrl}/quotas?province=${encodeURIComponent('浙江省')}`);
    await ready('quota-stated');
    const totals = await rows('quota-totals-table');
    expect(totals).toHaveLength(11);
    expect(totals[0]!.slice(0, 4)).toEqual(['杭州市', '86', '85', '+1']);
    expect(totals.find((r) => r[0] === '舟山市')!.slice(1, 4)).toEqual(['20', '20', '一致']);
    expect(await text('kpi-differ')).toContain('10 / 11');
    expect(await text('quota-differences')).toContain('杭州市 86 vs 文件 85');
  });

  it('draws the map of the 11 prefecture cities and the programme × city matrix (21 programmes, 650 in all)', async () => {
    await ready('quota-map');
    expect(await page.locator('[data-testid="chart-quota-map"] canvas').count()).toBeGreaterThan(0);
    await ready('quota-matrix');
    const matrix = await rows('quota-matrix-table');
    expect(matrix).toHaveLength(21);
    expect(await text('kpi-overall')).toContain('650');
  });

  it('opens on the province with a quota table when none is in the URL', async () => {
    await page.goto(`${h.baseUrl}/quotas`);
    await page.waitForURL(/province=/);
    expect(decodeURIComponent(page.url())).toContain('province=浙江省');
  });
});

describe('证书 /certificates/26 (智能财税) — seeds 002, 003, 004', () => {
  it('shows its evaluation organisation and batch, the school that ran it, its offer and its programme', async () => {
    await page.goto(`${h.baseUrl}/certificates/26`);
    await ready('cert-schools');
    expect(await text('certificate-name')).toContain('智能财税');
    const facts = await text('certificate-facts');
    expect(facts).toContain('中联集团教育科技有限公司');
    expect(facts).toContain('第二批');
    expect((await rows('cert-schools-table'))[0]!.slice(0, 4)).toEqual(['广州城市职业学院', '335', '315', '94.0%']);
    const offers = (await rows('offers-table')).map((r) => r.join(' '));
    expect(offers[0]).toContain('≤ 3,200 元/人');
    expect(offers[0]).toContain('共 80 学时');
    const programmes = await rows('programmes-table');
    expect(programmes[0]!.slice(0, 2)).toEqual(['浙江经贸职业技术学院', '中联集团教育科技有限公司']);
  });

  it('动画制作 (seed 000): 4,800 元/人, 中级 and 高级', async () => {
    await page.goto(`${h.baseUrl}/certificates/${encodeURIComponent('动画制作')}`);
    await page.waitForSelector('[data-testid="offers-table"] tbody tr:has-text("4,800")');
    const offers = await rows('offers-table');
    expect(offers.map((r) => [r[2], r[3]])).toEqual([
      ['中级', '4,800 元/人'],
      ['高级', '4,800 元/人'],
    ]);
    expect(await text('certificate-facts')).toContain('中国动漫集团有限公司');
  });

  it('动画制作 has no exam results: its charts say so and what would bring them, not “no data for the filters”', async () => {
    await settled('cert-schools', 'empty');
    await settled('cert-levels', 'empty');
    for (const id of ['chart-cert-schools', 'chart-cert-levels']) {
      const said = await text(id);
      expect(said).toContain('这个证书在数据中还没有考核结果');
      expect(said).toContain('导入院校的考核结果报告');
      expect(said).not.toContain('当前筛选条件');
    }
    // The offers table names its source document by title, never by file name.
    expect((await rows('offers-table'))[0]!.join(' ')).toContain('中国动漫集团关于开展1+X动画制作职业技能等级证书2024年试点院校师资培训的通知 · 正文 · 第 1 行');
  });

  it('is linked from the overview’s pass-rate table', async () => {
    await page.goto(`${h.baseUrl}/?year=2020`);
    await ready('pass-rate');
    expect(await page.getAttribute('[data-testid="table-pass-rate"] a:text-is("智能财税")', 'href')).toBe('/certificates/26');
  });
});

describe('院校对比 /compare — seed 004', () => {
  it('opens on the certificate with the most schools, ranks its schools and links each to its page', async () => {
    await page.goto(`${h.baseUrl}/compare`);
    await page.waitForURL(/certificate=26/);
    await ready('funnel');
    await tableReady('ranking-table');
    const ranking = await rows('ranking-table');
    expect(ranking[0]!.slice(0, 7)).toEqual(['广州城市职业学院', '1', '广州市 · 高职', '335', '315', '94.0%', '91.0%–96.1%']);
    expect(await text('compare-summary')).toContain('只有 1 所院校');
  });

  it('keeps the filters and the sort in the URL', async () => {
    await page.selectOption('[data-testid="filter-certificate"]', '28');
    await page.waitForURL(/certificate=28/);
    await page.waitForSelector('[data-testid="compare-small"]', { timeout: 30_000 });
    // 传感网应用开发: one school with 5 candidates, flagged as a small sample
    expect(await text('compare-small')).toContain('广州城市职业学院（n=5）');
    await page.click('[data-testid="ranking-table-sort-candidates"]');
    await page.waitForURL(/sort=candidates-desc/);
    await page.selectOption('[data-testid="filter-school_type"]', '高职');
    await page.waitForURL(/school_type=/);
    await ready('funnel');
    await page.selectOption('[data-testid="filter-city"]', '中山市');
    await page.waitForURL(/city=/);
    expect(decodeURIComponent(page.url())).toContain('province=广东省');
    await settled('funnel', 'empty');
    expect(decodeURIComponent(page.url())).toMatch(/certificate=28.*school_type=高职.*sort=candidates-desc/);
  });

  it('side by side: picking schools puts them in the URL and draws them on one chart', async () => {
    await page.goto(`${h.baseUrl}/compare?certificate=26`);
    await tableReady('ranking-table');
    await page.click('[data-testid="ranking-table"] tr:has-text("广州城市职业学院") a:text-is("加入 / 移出")');
    await page.waitForURL(/schools=1/);
    await ready('side');
    expect(await text('side-hint')).toContain('至少再选 1 所');
    const side = await rows('side-table');
    expect(side).toHaveLength(16);
    expect(side.find((r) => r[0] === '智能财税')![1]).toContain('94.0%');
  });

  it('a click on a school opens its page', async () => {
    await page.click('[data-testid="ranking-table"] a:text-is("广州城市职业学院")');
    await page.waitForURL(/\/schools\/1/);
    await ready('benchmark');
  });
});

describe('报告 /report — charts from any page, printed to A4', () => {
  it('takes a chart added on a page (“加入报告”) and renders it from the server with its caption', async () => {
    await page.goto(`${h.baseUrl}/?year=2020`);
    await ready('pass-rate');
    await page.click('[data-testid="export-menu-pass-rate"]');
    await page.click('[data-testid="add-report-pass-rate"]');
    await page.goto(`${h.baseUrl}/report?title=${encodeURIComponent('2020 年考核情况')}`);
    await page.waitForSelector('[data-testid="report-item-0"] img');
    await page.waitForURL(/item=/);
    expect(await text('report-heading')).toBe('2020 年考核情况');
    expect(await text('report-item-0')).toContain('图 1 各证书通过率（2020 年）');
    const img = page.locator('[data-testid="report-item-0"] img');
    expect(await img.getAttribute('src')).toBe('/api/charts/pass_rate_by_certificate.svg?year=2020&width=720&title=');
    await page.waitForFunction(() => {
      const el = document.querySelector('[data-testid="report-item-0"] img') as HTMLImageElement | null;
      return Boolean(el?.complete && el.naturalWidth > 0);
    });
  });

  it('prints without the app’s chrome, never splitting a figure, as a PDF', async () => {
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('header.topbar').evaluate((el) => getComputedStyle(el).display)).toBe('none');
    expect(await page.locator('aside.editor').evaluate((el) => getComputedStyle(el).display)).toBe('none');
    expect(await page.locator('[data-testid="report-item-0"] .chart-block').evaluate((el) => getComputedStyle(el).breakInside)).toBe('avoid');
    expect(await page.locator('[data-testid="report-item-0"]').evaluate((el) => getComputedStyle(el).breakInside)).toBe('avoid');
    const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    await page.emulateMedia({ media: 'screen' });
  });
});

describe('navigation', () => {
  it('has 院校对比, 名额 and 报告 beside the other pages', async () => {
    await page.goto(`${h.baseUrl}/quotas`);
    await page.waitForSelector('nav[aria-label="主导航"] a[aria-current="page"]');
    const labels = await page.locator('nav[aria-label="主导航"] a').allInnerTexts();
    expect(labels).toEqual(expect.arrayContaining(['总览', '院校对比', '名额', '报告']));
    expect(await page.locator('nav[aria-label="主导航"] a[aria-current="page"]').innerText()).toBe('名额');
  });
});
