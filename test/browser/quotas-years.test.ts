/**
 * Issue 12 item 6 in real Chromium: once 浙江 has quota tables for 2020
 * (seed 003) and 2021 (imported here, with an on-demand programme in a 备注
 * column), /quotas under 全部年份 no longer stops on a duplicate key: the map,
 * the city table and the matrix show the two years added up, and say so.
 * SHOT_DIR, when set, receives a screenshot of the page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { HARNESS_ADMIN_PASSWORD, startHarness, type Harness } from './harness.js';

const CITIES = ['杭州', '宁波', '温州', '嘉兴', '湖州', '绍兴', '金华', '衢州', '舟山', '台州', '丽水'];
const ROWS: [string, string, string, number[] | null, string][] = [
  ['专业带头人领军能力研修', '信息技术类', '浙江工业大学', [6, 6, 5, 3, 2, 3, 3, 2, 1, 5, 2], ''],
  ['“双师型”教师专业技能培训', '交通运输类', '浙江师范大学', [5, 5, 4, 3, 1, 3, 3, 1, 1, 3, 1], ''],
  ['骨干培训专家团队建设', '课程与数字化资源开发', '浙江工业大学', [4, 4, 4, 3, 1, 2, 3, 2, 1, 4, 2], ''],
  ['“双师型”教师专业技能培训', '服装制版师、服装制作与生产管理', '浙江纺织服装职业技术学院', null, '专业教师总量较少，各地按需报名'],
];
const column = (i: number) => ROWS.reduce((n, r) => n + (r[3]?.[i] ?? 0), 0);
const CSV = [
  ['培训项目', '专业类别或专题', '承担院校', '小计', ...CITIES, '备注'].join(','),
  ...ROWS.map(([cat, prog, host, cells, note]) => [cat, prog, host, cells ? cells.reduce((a, b) => a + b, 0) : 30, ...(cells ?? CITIES.map(() => '')), note].join(',')),
  ['合计', '', '', ROWS.reduce((n, r) => n + (r[3] ? r[3].reduce((a, b) => a + b, 0) : 30), 0), ...CITIES.map((_, i) => column(i)), ''].join(','),
].join('\n');

let h: Harness;
let page: Page;
const errors: string[] = [];
beforeAll(async () => {
  h = await startHarness();
  const form = new FormData();
  form.append('province', '浙江省');
  form.append('year', '2021');
  form.append('file', new Blob([CSV], { type: 'text/csv' }), '浙江2021培训名额.csv');
  const res = await fetch(`${h.baseUrl}/api/imports`, { method: 'POST', body: form, headers: { authorization: `Basic ${Buffer.from(`admin:${HARNESS_ADMIN_PASSWORD}`).toString('base64')}` } });
  if (res.status !== 201) throw new Error(`import failed: ${res.status} ${await res.text()}`);
  page = await h.newPage(1280, 900);
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
});
afterAll(async () => h?.stop());

const ready = (id: string) => page.waitForSelector(`[data-testid="chart-${id}"][data-state="ready"]`, { timeout: 30_000 });
const text = async (testid: string) => (await page.locator(`[data-testid="${testid}"]`).first().innerText()).replace(/\s+/g, ' ');
const rows = async (testid: string) =>
  page.locator(`[data-testid="${testid}"] tbody tr`).evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('th,td')].map((c) => (c.textContent ?? '').replace(/\s+/g, ' ').trim())));

describe('名额 /quotas?province=浙江省 with 2020 (seed 003) and 2021 (imported)', () => {
  it('全部年份: the map, the city table and the matrix load; each city once, 2020 + 2021 added up and named', async () => {
    await page.goto(`${h.baseUrl}/quotas?province=${encodeURIComponent('浙江省')}`);
    await ready('quota-map');
    await ready('quota-matrix');
    const totals = await rows('quota-totals-table');
    expect(totals).toHaveLength(11);
    // 杭州: 86 (2020, 文件 85) + 15 (2021, 文件 15) = 101 vs 100.
    expect(totals[0]!.slice(0, 4)).toEqual(['杭州市', '101', '100', '+1']);
    expect(totals.find((r) => r[0] === '舟山市')!.slice(1, 4)).toEqual(['23', '23', '一致']);
    expect(await text('quota-years-summed')).toContain('全部年份 = 2020、2021 年之和');
    // 650 (2020) + 98 split + 30 on demand (2021).
    expect(await text('kpi-overall')).toContain('778');
    // The two on-demand programmes of 2020 and the one of 2021 (the same programme: added up, 60).
    const matrix = await rows('quota-matrix-table');
    expect(matrix.find((r) => r[0]!.startsWith('服装制版师'))!.at(-1)).toBe('60');
    expect(await page.locator('text=加载中').count()).toBe(0);
    expect(errors.filter((e) => /each_key_duplicate|duplicate/i.test(e))).toEqual([]);
    if (process.env.SHOT_DIR) {
      mkdirSync(process.env.SHOT_DIR, { recursive: true });
      await page.screenshot({ path: join(process.env.SHOT_DIR, 'quotas-two-years.png'), fullPage: true });
    }
  });

  it('2021 alone: the imported table as printed, and no years note', async () => {
    await page.goto(`${h.baseUrl}/quotas?province=${encodeURIComponent('浙江省')}&year=2021`);
    await ready('quota-stated');
    const totals = await rows('quota-totals-table');
    expect(totals[0]!.slice(0, 4)).toEqual(['杭州市', '15', '15', '一致']);
    expect(await text('kpi-overall')).toContain('128');
    expect(await page.locator('[data-testid="quota-years-summed"]').count()).toBe(0);
  });
});

describe('导入 /import — a corrected 2021 file overlapping the one imported above', () => {
  it('lists the findings in Chinese with the suggested action (no raw codes), names the overlapping import, and commits only after a choice', async () => {
    const p = await h.newPage(1280, 900);
    await p.goto(`${h.baseUrl}/import`);
    await p.locator('[data-testid="import-history-row"]').first().waitFor();
    const corrected = CSV.replace('浙江工业大学,38,6,6,5', '浙江工业大学,38,7,5,5').replace('合计,,,128,15,15,', '合计,,,128,16,14,');
    await p.setInputFiles('[data-testid="import-file"]', { name: '浙江2021培训名额（更正）.csv', mimeType: 'text/csv', buffer: Buffer.from(corrected, 'utf8') });
    await p.locator('[data-testid="import-summary"]').waitFor();
    // Province (from the city columns) and year (from the file name) are read from the file.
    await p.locator('[data-testid="import-overlap"]').waitFor({ timeout: 30_000 });
    expect(await p.locator('[data-testid="import-overlap-item"]').first().innerText()).toMatch(/导入 #6“浙江2021培训名额\.csv”.*：34 行重叠/);
    const onDemand = p.locator('[data-testid="import-finding"][data-code="quota_not_split"]').first();
    expect(await onDemand.innerText()).toContain('未按设区市分配（专业教师总量较少，各地按需报名），按小计 30 记为一行');
    expect(await onDemand.innerText()).toContain('建议：无需处理');
    const shown = await p.locator('[data-testid="import-findings"]').innerText();
    expect(shown).not.toMatch(/quota_not_split|overlaps_import/);
    const account = p.locator('[data-testid="import-account"]');
    await account.locator('[data-testid="sign-in-password"]').fill(HARNESS_ADMIN_PASSWORD);
    await account.locator('[data-testid="sign-in-submit"]').click();
    await p.locator('[data-testid="account"][data-user="admin"]').waitFor();
    const commit = p.locator('[data-testid="import-commit"]');
    await expect.poll(async () => p.locator('.commit-bar').innerText()).toContain('请在上方选择“替换”或“保留两者”');
    expect(await commit.isDisabled()).toBe(true);
    await p.locator('[data-testid="import-overlap-keep"]').check();
    expect(await commit.isDisabled()).toBe(true);
    await p.locator('[data-testid="import-overlap-replace"]').check();
    await expect.poll(async () => commit.isDisabled()).toBe(false);
    await commit.click();
    expect(await p.locator('[data-testid="import-done"]').innerText()).toContain('替换了重叠的导入 #6');
  });
});

