import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, query, type TestApp } from '../helpers/app.js';

interface RateRow { certificate: string; candidates: number; passed: number; pass_rate: number; ci_low: number; ci_high: number; schools: number }

let app: TestApp;
beforeAll(async () => { app = await buildTestApp(); });
afterAll(async () => app.close());

describe('pass_rate_by_certificate — seed 004, exam table (广州城市职业学院 2020)', () => {
  it('has the declared columns and types', async () => {
    const t = await query(app, 'pass_rate_by_certificate', { year: 2020 });
    expect(t.columns).toEqual([
      { name: 'certificate', type: 'VARCHAR' }, { name: 'certificate_id', type: 'INTEGER' },
      { name: 'candidates', type: 'INTEGER' }, { name: 'passed', type: 'INTEGER' },
      { name: 'pass_rate', type: 'DOUBLE' }, { name: 'ci_low', type: 'DOUBLE' }, { name: 'ci_high', type: 'DOUBLE' },
      { name: 'schools', type: 'INTEGER' },
    ]);
    expect(t.truncated).toBe(false);
  });

  it('gives the 16 certificates with the printed counts; the totals equal the 合计 row 1479 / 1185', async () => {
    const { rows } = await query<RateRow>(app, 'pass_rate_by_certificate', { year: 2020, school: '广州城市职业学院' });
    expect(rows).toHaveLength(16);
    const by = Object.fromEntries(rows.map((r) => [r.certificate, [r.candidates, r.passed]]));
    expect(by).toEqual({
      数字媒体交互设计: [100, 100], '3D引擎技术应用': [160, 158], 物流管理: [120, 115], 汽车运用与维修: [40, 38],
      智能财税: [335, 315], 邮轮运营服务: [50, 46], 工业机器人应用编程: [31, 28], 失智老年人照护: [50, 45],
      建筑工程识图: [78, 63], 网络系统建设与运维: [104, 71], 电子商务数据分析: [115, 70], 传感网应用开发: [5, 3],
      老年照护: [30, 18], Web前端开发: [62, 33], 财务数字化应用: [128, 71], '建筑信息模型（BIM）': [71, 11],
    });
    expect(rows.reduce((s, r) => s + r.candidates, 0)).toBe(1479);
    expect(rows.reduce((s, r) => s + r.passed, 0)).toBe(1185);
  });

  it('sorts by rate, highest first, and computes the rate from the counts (WEB 前端开发 33/62, not the printed 56.8%)', async () => {
    const { rows } = await query<RateRow>(app, 'pass_rate_by_certificate', { year: 2020 });
    expect(rows[0]!.certificate).toBe('数字媒体交互设计');
    expect(rows.at(-1)!.certificate).toBe('建筑信息模型（BIM）');
    expect(rows.at(-1)!.pass_rate).toBeCloseTo(11 / 71, 12);
    const web = rows.find((r) => r.certificate === 'Web前端开发')!;
    expect(web.pass_rate).toBeCloseTo(0.532258, 6);
    for (let i = 1; i < rows.length; i++) expect(rows[i - 1]!.pass_rate).toBeGreaterThanOrEqual(rows[i]!.pass_rate);
  });

  it('carries a 95% Wilson interval around each rate (智能财税 315/335 → 91.0%–96.1%; 传感网 3/5 → 23.1%–88.2%)', async () => {
    const { rows } = await query<RateRow>(app, 'pass_rate_by_certificate', { year: 2020 });
    const tax = rows.find((r) => r.certificate === '智能财税')!;
    expect(tax.ci_low).toBeCloseTo(0.9096, 4);
    expect(tax.ci_high).toBeCloseTo(0.9610, 4);
    const sensor = rows.find((r) => r.certificate === '传感网应用开发')!;
    expect(sensor.ci_low).toBeCloseTo(0.2307, 4);
    expect(sensor.ci_high).toBeCloseTo(0.8824, 4);
    for (const r of rows) {
      expect(r.ci_low).toBeLessThanOrEqual(r.pass_rate);
      expect(r.ci_high).toBeGreaterThanOrEqual(r.pass_rate);
    }
  });

  it('splits the level notes of rows 2 and 16 without double counting: level=初级 gives 3D 100/98 and BIM 47/10 only', async () => {
    const { rows } = await query<RateRow>(app, 'pass_rate_by_certificate', { level: '初级' });
    expect(rows.map((r) => [r.certificate, r.candidates, r.passed])).toEqual([
      ['3D引擎技术应用', 100, 98],
      ['建筑信息模型（BIM）', 47, 10],
    ]);
  });

  it('filters by province and city in full or short form, and by school id or alias', async () => {
    const full = await query(app, 'pass_rate_by_certificate', { province: '广东省', city: '广州市' });
    const short = await query(app, 'pass_rate_by_certificate', { province: '广东', city: '广州' });
    const byId = await query(app, 'pass_rate_by_certificate', { school: 1 });
    expect(short.rows).toEqual(full.rows);
    expect(byId.rows).toEqual(full.rows);
    expect(full.rows).toHaveLength(16);
    expect((await query(app, 'pass_rate_by_certificate', { province: '浙江' })).rows).toEqual([]);
    expect((await query(app, 'pass_rate_by_certificate', { year: 2021 })).rows).toEqual([]);
  });
});

describe('pass_rate_by_certificate_level — seed 004, exam table 备注 column', () => {
  it('keeps BIM 初级 10/47 and 中级 1/24, and unsplit certificates with level NULL', async () => {
    const { rows } = await query<{ certificate: string; level: string | null; candidates: number; passed: number }>(app, 'pass_rate_by_certificate_level', { certificate: 'BIM 建筑信息模型' });
    expect(rows.map((r) => [r.level, r.candidates, r.passed])).toEqual([['初级', 47, 10], ['中级', 24, 1]]);
    const tax = await query<{ level: string | null; candidates: number }>(app, 'pass_rate_by_certificate_level', { certificate: '智能财税' });
    expect(tax.rows.map((r) => [r.level, r.candidates])).toEqual([[null, 335]]);
  });
});

describe('school_comparison — seed 004, exam table', () => {
  it('gives one school for 智能财税 with its interval and funnel limits around the pooled rate', async () => {
    const { rows } = await query<Record<string, number | string>>(app, 'school_comparison', { certificate: '智能财税', year: 2020 });
    expect(rows).toHaveLength(1);
    const r = rows[0]!;
    expect([r.school, r.candidates, r.passed]).toEqual(['广州城市职业学院', 335, 315]);
    expect(r.pooled_rate).toBeCloseTo(315 / 335, 12);
    expect(r.funnel_low as number).toBeCloseTo(315 / 335 - 1.959964 * Math.sqrt((315 / 335) * (20 / 335) / 335), 10);
    expect(r.funnel_low_998 as number).toBeLessThan(r.funnel_low as number);
  });
  it('min_candidates removes small samples (传感网应用开发 n=5)', async () => {
    expect((await query(app, 'school_comparison', { certificate: '传感网应用开发' })).rows).toHaveLength(1);
    expect((await query(app, 'school_comparison', { certificate: '传感网应用开发', min_candidates: 30 })).rows).toHaveLength(0);
  });
});
