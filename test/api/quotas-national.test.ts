/**
 * Quotas at the national level (issue 13): on the small generated set
 * (广东, 湖北, 河南; 2021–2024, 合计 rows with a few deliberate differences),
 * the province totals and the category × province matrix are aggregated in
 * SQL and agree with the per-province answers the province view shows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildTestApp, query, type TestApp } from '../helpers/app.js';
import { copyGeneratedDb } from '../helpers/generated.js';

let app: TestApp;
let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'xpilot-quotas-national-'));
  app = await buildTestApp({ dbPath: await copyGeneratedDb('small', dir) });
}, 120_000);
afterAll(async () => {
  await app?.close();
  rmSync(dir, { recursive: true, force: true });
});

type Totals = { province: string; quota: number; unsplit: number; share: number; stated: number | null; difference: number | null; cities: number; province_order: number; years: string };
type CityTotals = { city: string; quota: number; stated: number | null };
type Cell = { category: string; province: string; quota: number; programmes: number; category_order: number; province_order: number; years: string };
const sum = (rows: { [k: string]: unknown }[], key: string) => rows.reduce((s, r) => s + Number(r[key] ?? 0), 0);

describe('quota_province_totals — one row per province, from the same rows as the province view', () => {
  it.each([[{}], [{ year: 2022 }]])('%o: each province’s figures equal its city_quota_totals summed', async (params) => {
    const { rows, columns } = await query<Totals>(app, 'quota_province_totals', params);
    expect(columns.map((c) => [c.name, c.type])).toEqual([
      ['province', 'VARCHAR'], ['quota', 'INTEGER'], ['unsplit', 'INTEGER'], ['share', 'DOUBLE'], ['stated', 'INTEGER'],
      ['difference', 'INTEGER'], ['cities', 'INTEGER'], ['province_order', 'INTEGER'], ['years', 'VARCHAR'],
    ]);
    expect(rows.map((r) => r.province)).toEqual(['河南省', '湖北省', '广东省']);
    for (const r of rows) {
      const cities = (await query<CityTotals>(app, 'city_quota_totals', { province: r.province, ...params })).rows;
      expect(r.quota, r.province).toBe(sum(cities, 'quota'));
      expect(r.cities).toBe(cities.length);
      const allStated = cities.every((c) => c.stated !== null);
      expect(r.stated).toBe(allStated ? sum(cities, 'stated') : null);
      if (r.stated !== null) expect(r.difference).toBe(r.quota - r.stated);
      const scopes = (await query<{ province: string; year: number; unsplit_quota: number }>(app, 'quota_scopes')).rows.filter((s) => s.province === r.province && (!('year' in params) || s.year === params.year));
      expect(r.unsplit).toBe(sum(scopes, 'unsplit_quota'));
    }
    expect(sum(rows, 'share')).toBeCloseTo(1, 12);
  });

  it('names the years it sums when no year is chosen', async () => {
    const { rows } = await query<Totals>(app, 'quota_province_totals');
    expect(rows[0]!.years).toBe('2021、2022、2023、2024');
    expect((await query<Totals>(app, 'quota_province_totals', { year: 2023 })).rows[0]!.years).toBe('2023');
  });
});

describe('quota_category_provinces — the national matrix in SQL, not 4,000 rows to the page', () => {
  it('a cell per category × province whose rows add up to each province’s split total', async () => {
    const cells = (await query<Cell>(app, 'quota_category_provinces')).rows;
    const totals = (await query<Totals>(app, 'quota_province_totals')).rows;
    const detail = (await query(app, 'city_quotas')).rows.length;
    expect(cells.length).toBeLessThanOrEqual(3 * new Set(cells.map((c) => c.category)).size);
    expect(cells.length).toBeLessThan(detail / 10);
    for (const t of totals) expect(sum(cells.filter((c) => c.province === t.province), 'quota'), t.province).toBe(t.quota);
    // Largest category first.
    const byCategory = [...new Set(cells.map((c) => c.category))].map((c) => sum(cells.filter((x) => x.category === c), 'quota'));
    expect(byCategory).toEqual([...byCategory].sort((a, b) => b - a));
  });
});
