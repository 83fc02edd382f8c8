/**
 * The funnel plot and the school benchmark with several schools. The seeds hold
 * exam results of one school only, so this file loads a MADE-UP fixture
 * (test/fixtures/compare_schools.sql: two invented 广东省 schools and an invented
 * 中山火炬 row on 智能财税 2020) into its own in-memory database, next to the
 * seed 004 row 广州城市职业学院 315/335.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, query, type TestApp } from '../helpers/app.js';

let app: TestApp;
beforeAll(async () => {
  app = await buildTestApp();
  await app.db.query(readFileSync(new URL('../fixtures/compare_schools.sql', import.meta.url), 'utf8'));
});
afterAll(async () => app.close());

type Row = Record<string, unknown>;
const P = 558 / 660;
const se = (n: number) => Math.sqrt((P * (1 - P)) / n);

describe('school_comparison — seed 004 exam row + fixture (智能财税 2020, pooled 558/660)', () => {
  it('ranks the four schools and places each in its funnel band', async () => {
    const { rows } = await query<Row>(app, 'school_comparison', { certificate: '智能财税', year: 2020 });
    expect(rows.map((r) => [r.rank, r.school, r.passed, r.candidates, r.position, r.small_sample])).toEqual([
      [1, '广州城市职业学院', 315, 335, 'above_998', false],
      [2, '测试学院乙', 156, 200, 'below_95', false],
      [3, '中山火炬职业技术学院', 84, 120, 'below_998', false],
      [4, '测试学院甲', 3, 5, 'within', true],
    ]);
    for (const r of rows) {
      const n = r.candidates as number;
      expect(r.pooled_rate as number).toBeCloseTo(P, 12);
      expect(r.funnel_low as number).toBeCloseTo(P - 1.959964 * se(n), 10);
      expect(r.funnel_low_998 as number).toBeCloseTo(P - 3.090232 * se(n), 10);
    }
  });
  it('school_type and city narrow the schools and the pooled rate with them', async () => {
    const { rows } = await query<Row>(app, 'school_comparison', { certificate: '智能财税', school_type: '高职' });
    expect(rows.map((r) => r.school)).toEqual(['广州城市职业学院', '中山火炬职业技术学院', '测试学院甲']);
    expect(rows[0]!.pooled_rate as number).toBeCloseTo(402 / 460, 12);
    const gz = await query<Row>(app, 'school_comparison', { certificate: '智能财税', city: '广州' });
    expect(gz.rows.map((r) => r.school)).toEqual(['广州城市职业学院', '测试学院甲']);
  });
  it('funnel_limits agrees with the limits of each school at its n', async () => {
    const limits = await query<Row>(app, 'funnel_limits', { certificate: '智能财税', year: 2020 });
    expect(limits.rows.at(-1)!.n).toBe(400);
    const at5 = limits.rows.find((r) => r.n === 5)!;
    expect(at5.low_95 as number).toBeCloseTo(P - 1.959964 * se(5), 10);
  });
});

describe('school_benchmark — difference to the other 广东省 schools with a Newcombe interval', () => {
  it('广州城市职业学院 315/335 vs the others 243/325: significantly above', async () => {
    const { rows } = await query<Row>(app, 'school_benchmark', { school: 1, year: 2020 });
    const tax = rows.find((r) => r.certificate === '智能财税')!;
    expect([tax.province_candidates, tax.province_passed, tax.province_schools, tax.others_candidates, tax.others_passed]).toEqual([660, 558, 4, 325, 243]);
    expect(tax.diff as number).toBeCloseTo(315 / 335 - 243 / 325, 12);
    expect(tax.diff_low as number).toBeGreaterThan(0);
    expect(tax.verdict).toBe('above');
    // 物流管理 115/120 vs 测试学院乙 30/40 is compared too; the other 14 certificates have no other school in the province
    expect(rows.find((r) => r.certificate === '物流管理')!.verdict).toBe('above');
    expect(rows.filter((r) => r.verdict === 'no_comparison')).toHaveLength(14);
  });
  it('中山火炬职业技术学院 84/120 vs 474/540: significantly below; 测试学院甲 3/5: no significant difference', async () => {
    const zs = (await query<Row>(app, 'school_benchmark', { school: 2 })).rows;
    expect(zs.map((r) => [r.certificate, r.verdict])).toEqual([['智能财税', 'below']]);
    expect(zs[0]!.diff_high as number).toBeLessThan(0);
    const small = (await query<Row>(app, 'school_benchmark', { school: 101 })).rows;
    expect(small.map((r) => r.verdict)).toEqual(['no_difference']);
    expect(small[0]!.diff_low as number).toBeLessThan(0);
    expect(small[0]!.diff_high as number).toBeGreaterThan(0);
  });
});

describe('school_certificates — side by side with the fixture', () => {
  it('orders certificates by the number of chosen schools, schools as asked', async () => {
    const { rows } = await query<Row>(app, 'school_certificates', { schools: '102,1', year: 2020 });
    const tax = rows.filter((r) => r.certificate === '智能财税');
    expect(tax.map((r) => [r.school, r.school_order, r.certificate_order])).toEqual([
      ['测试学院乙', 1, 1],
      ['广州城市职业学院', 2, 1],
    ]);
    expect(rows.filter((r) => r.certificate === '物流管理').map((r) => r.school)).toEqual(['测试学院乙', '广州城市职业学院']);
  });
});

describe('school_comparison sorted and paged on the server (issue 13) — seed 004 + fixture', () => {
  it('sort=candidates-desc / rate-asc / school-desc order the whole answer before a page is cut', async () => {
    const by = async (sort: string) => (await query<Row>(app, 'school_comparison', { certificate: '智能财税', year: 2020, sort })).rows.map((r) => r.candidates);
    expect(await by('candidates-desc')).toEqual([335, 200, 120, 5]);
    expect(await by('candidates-asc')).toEqual([5, 120, 200, 335]);
    expect(await by('rate-asc')).toEqual([5, 120, 200, 335]); // 60%, 70%, 78%, 94%
    expect(await by('position-asc')).toEqual([120, 200, 5, 335]); // below 99.8%, below 95%, within, above 99.8%
    expect(await by('unknown-desc')).toEqual([335, 200, 120, 5]); // the default: rate, high to low
    const page = await app.inject({ url: '/api/queries/school_comparison?certificate=26&year=2020&sort=candidates-desc&limit=2&offset=2' });
    const body = page.json() as { rows: Row[]; total: number };
    expect([body.total, body.rows.map((r) => r.candidates)]).toEqual([4, [120, 5]]);
  });
  it('outside=true with sort=z-desc: the schools outside the 95% limits, the farthest first', async () => {
    const { rows } = await query<Row>(app, 'school_comparison', { certificate: '智能财税', year: 2020, outside: 'true', sort: 'z-desc' });
    expect(rows.map((r) => r.school)).toEqual(['广州城市职业学院', '中山火炬职业技术学院', '测试学院乙']);
    const z = rows.map((r) => Math.abs(r.z_score as number));
    expect(z[0]!).toBeGreaterThan(z[1]!);
    expect(z[1]!).toBeGreaterThan(z[2]!);
    expect(z[0]!).toBeCloseTo((315 / 335 - P) / se(335), 10);
  });
});

describe('filter_options?kinds= — without the school list', () => {
  it('answers only the kinds asked for', async () => {
    const all = await query<Row>(app, 'filter_options');
    const some = await query<Row>(app, 'filter_options', { kinds: 'year,province,city,level' });
    expect(new Set(some.rows.map((r) => r.kind))).toEqual(new Set(['year', 'province', 'city', 'level']));
    expect(some.rows).toEqual(all.rows.filter((r) => r.kind !== 'school'));
  });
});
