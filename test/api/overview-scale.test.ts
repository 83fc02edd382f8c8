/**
 * The overview's queries for thousands of schools, on the small generated set
 * (广东, 湖北, 河南 — 湖北 and 河南 both have a city named 省直辖县级行政区划):
 * drill-down totals with top/bottom N and 其他 summed in SQL, filter options
 * searched rather than listed whole, and the shared city name told apart by
 * its province.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildTestApp, query, type TestApp } from '../helpers/app.js';
import { copyGeneratedDb } from '../helpers/generated.js';

const SHARED = '省直辖县级行政区划';
let app: TestApp;
let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'xpilot-overview-scale-'));
  app = await buildTestApp({ dbPath: await copyGeneratedDb('small', dir) });
}, 120_000);
afterAll(async () => {
  await app?.close();
  rmSync(dir, { recursive: true, force: true });
});

type AreaRow = { area: string; area_value: string | null; area_kind: string; grp: string; members: number; areas: number; approved: number | null; candidates: number | null; passed: number | null; area_rank: number | null; area_count: number };
type SchoolRow = { school: string; school_id: number; city: string; approved: number | null; candidates: number | null; passed: number | null };

const sum = (rows: { [k: string]: unknown }[], key: string) => rows.reduce((s, r) => s + Number(r[key] ?? 0), 0);

describe('trainees_by_area — top N, bottom N and 其他 summed in SQL', () => {
  it('nationally groups by province: every school counted once, 其他 holds the middle', async () => {
    const schools = (await query<SchoolRow>(app, 'trainees_by_college')).rows;
    const { rows } = await query<AreaRow>(app, 'trainees_by_area', { n: 1 });
    expect(rows.map((r) => [r.area_kind, r.grp])).toEqual([['province', 'top'], ['other', 'other'], ['province', 'bottom']]);
    expect(rows[1]!.area).toBe('其他 1 个省份');
    expect(sum(rows, 'members')).toBe(schools.length);
    expect(sum(rows, 'candidates')).toBe(sum(schools, 'candidates'));
    expect(sum(rows, 'approved')).toBe(sum(schools, 'approved'));
    expect(rows[0]!.area_count).toBe(3);
  });

  it('within a province groups by city, ranked by approved + candidates, never more than 2N+1 rows', async () => {
    const schools = (await query<SchoolRow & { city: string }>(app, 'trainees_by_college', { province: '广东' })).rows;
    const byCity = new Map<string, number>();
    for (const s of schools) byCity.set(s.city, (byCity.get(s.city) ?? 0) + (s.approved ?? 0) + (s.candidates ?? 0));
    const expected = [...byCity].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    const { rows } = await query<AreaRow>(app, 'trainees_by_area', { province: '广东', n: 2 });
    expect(rows.length).toBeLessThanOrEqual(5);
    expect(rows.slice(0, 2).map((r) => r.area)).toEqual(expected.slice(0, 2).map(([c]) => c));
    expect(rows.at(-1)!.area).toBe(expected.at(-1)![0]);
    expect(rows.every((r) => r.area_kind === 'city' || r.grp === 'other')).toBe(true);
    expect(sum(rows, 'candidates')).toBe(sum(schools, 'candidates'));
  });

  it('within a city lists its schools by id, so a bar drills down to the school', async () => {
    const { rows } = await query<AreaRow>(app, 'trainees_by_area', { province: '湖北', city: SHARED, n: 25 });
    const schools = (await query<SchoolRow>(app, 'trainees_by_college', { province: '湖北', city: SHARED })).rows;
    expect(schools.length).toBeGreaterThan(0);
    expect(rows.filter((r) => r.grp !== 'other').map((r) => Number(r.area_value)).sort()).toEqual(schools.map((s) => s.school_id).sort());
  });
});

describe(`${SHARED}: one city-level name under 湖北 and 河南`, () => {
  it('resolves within the province given beside it, and the two provinces give different schools', async () => {
    const hubei = (await query<SchoolRow>(app, 'trainees_by_college', { province: '湖北省', city: SHARED })).rows;
    const henan = (await query<SchoolRow>(app, 'trainees_by_college', { province: '河南省', city: SHARED })).rows;
    expect(hubei.length).toBeGreaterThan(0);
    expect(henan.length).toBeGreaterThan(0);
    expect(hubei.map((s) => s.school_id).filter((id) => henan.some((h) => h.school_id === id))).toEqual([]);
  });

  it('answers 400 naming the provinces when no province is given (never a mix of both)', async () => {
    const res = await app.inject({ method: 'GET', url: `/api/queries/trainees_by_college?city=${encodeURIComponent(SHARED)}` });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message_zh).toContain('请同时选择省份');
    expect(res.json().error.message_zh).toMatch(/湖北省.*河南省|河南省.*湖北省/);
  });

  it('the filter options list it once per province, with the province as its parent', async () => {
    const rows = (await query<{ kind: string; value: string; parent: string }>(app, 'filter_options')).rows.filter((r) => r.kind === 'city' && r.value === SHARED);
    expect(rows.map((r) => r.parent).sort()).toEqual(['河南省', '湖北省']);
  });
});

describe('filter_facets and filter_search — options searched, never downloaded whole', () => {
  it('facets give years, provinces, levels and only the chosen province’s cities (no schools unless chosen)', async () => {
    const { rows } = await query<{ kind: string; value: string; parent: string | null }>(app, 'filter_facets', { province: '河南' });
    const kinds = new Set(rows.map((r) => r.kind));
    expect(kinds.has('school')).toBe(false);
    expect(rows.filter((r) => r.kind === 'province').map((r) => r.value).sort()).toEqual(['广东省', '河南省', '湖北省']);
    const cities = rows.filter((r) => r.kind === 'city');
    expect(cities.length).toBeGreaterThan(0);
    expect(cities.every((c) => c.parent === '河南省')).toBe(true);
    expect(cities.some((c) => c.value === SHARED)).toBe(true);
  });

  it('an old link naming a unique city alone finds its province’s cities', async () => {
    const { rows } = await query<{ kind: string; parent: string | null }>(app, 'filter_facets', { city: '广州市' });
    const cities = rows.filter((r) => r.kind === 'city');
    expect(cities.length).toBeGreaterThan(1);
    expect(new Set(cities.map((c) => c.parent))).toEqual(new Set(['广东省']));
  });

  it('search puts names starting with the text first, pages in SQL, and narrows by province', async () => {
    const all = (await query<{ label: string }>(app, 'filter_search', {})).rows;
    const first = all[0]!.label.slice(0, 2);
    const res = await app.inject({ method: 'GET', url: `/api/queries/filter_search?q=${encodeURIComponent(first)}&limit=5` });
    const body = res.json() as { rows: { label: string; province: string }[]; total: number };
    expect(body.rows.length).toBeLessThanOrEqual(5);
    expect(body.total).toBe(all.filter((s) => s.label.includes(first)).length);
    expect(body.rows[0]!.label.startsWith(first)).toBe(true);
    const hubei = (await query<{ province: string }>(app, 'filter_search', { province: '湖北', limit: 20 })).rows;
    expect(hubei.length).toBeGreaterThan(0);
    expect(hubei.every((r) => r.province === '湖北省')).toBe(true);
  });
});

describe('pass_rate_top_bottom — confidently highest and lowest certificates, the rest pooled in SQL', () => {
  type Rate = { certificate: string; certificate_id: number | null; candidates: number; passed: number; pass_rate: number; ci_low: number; ci_high: number; grp: string; certificates: number; certificate_count: number };
  it('keeps every candidate, ranks by the interval bounds and pools 其他 with its own rate', async () => {
    const all = (await query<Rate>(app, 'pass_rate_by_certificate', { province: '广东' })).rows;
    const { rows } = await query<Rate>(app, 'pass_rate_top_bottom', { province: '广东', n: 3 });
    expect(rows.length).toBe(7);
    expect(sum(rows, 'candidates')).toBe(sum(all, 'candidates'));
    expect(sum(rows, 'passed')).toBe(sum(all, 'passed'));
    expect(sum(rows, 'certificates')).toBe(all.length);
    const byLow = [...all].sort((a, b) => b.ci_low - a.ci_low || b.candidates - a.candidates);
    expect(new Set(rows.filter((r) => r.grp === 'top').map((r) => r.certificate_id))).toEqual(new Set(byLow.slice(0, 3).map((r) => r.certificate_id)));
    const other = rows.find((r) => r.grp === 'other')!;
    expect(other.certificate).toBe(`其他 ${all.length - 6} 个证书`);
    expect(other.certificate_id).toBeNull();
    expect(other.pass_rate).toBeCloseTo(other.passed / other.candidates, 12);
    expect(other.ci_low).toBeLessThan(other.pass_rate);
    expect(rows.map((r) => r.pass_rate)).toEqual([...rows.map((r) => r.pass_rate)].sort((a, b) => b - a));
  });
});
