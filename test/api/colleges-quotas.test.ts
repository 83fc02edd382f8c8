import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, query, type TestApp } from '../helpers/app.js';

let app: TestApp;
beforeAll(async () => { app = await buildTestApp(); });
afterAll(async () => app.close());

describe('trainees_by_college — seed 001 applications table and seed 004 exam + teacher tables', () => {
  it('gives 中山火炬 requested 1659 / approved 1662 and 广州城市 1479 candidates, 1185 passed, 91 teachers', async () => {
    const t = await query(app, 'trainees_by_college');
    expect(t.columns.map((c) => c.name)).toEqual(['school', 'school_id', 'city', 'requested', 'approved', 'candidates', 'passed', 'teachers_trained']);
    expect(t.rows).toEqual([
      { school: '中山火炬职业技术学院', school_id: 2, city: '中山市', requested: 1659, approved: 1662, candidates: null, passed: null, teachers_trained: null },
      { school: '广州城市职业学院', school_id: 1, city: '广州市', requested: null, approved: null, candidates: 1479, passed: 1185, teachers_trained: 91 },
    ]);
  });
  it('narrows by year and city', async () => {
    expect((await query(app, 'trainees_by_college', { year: 2021 })).rows.map((r) => r.school)).toEqual(['中山火炬职业技术学院']);
    expect((await query(app, 'trainees_by_college', { city: '广州' })).rows.map((r) => r.school)).toEqual(['广州城市职业学院']);
  });
});

describe('applications_by_batch — seed 001, 2021年“1+X”证书试点申报明细表', () => {
  it('gives the requested and approved totals per batch (narrative: 第一批次 872, 沿用批次 610)', async () => {
    const { rows } = await query(app, 'applications_by_batch', { school: '中山火炬职业技术学院' });
    expect(rows.map((r) => [r.batch, r.pilots, r.requested, r.approved, r.approved_over_requested])).toEqual([
      ['沿用批次', 11, 610, 610, 0],
      ['第一次', 12, 869, 872, 1],
      ['第二次', 2, 180, 180, 0],
    ]);
  });
});

describe('city_quotas — seed 003, annex 2 (中职学校骨干教师培训项目实施计划表)', () => {
  it('has one row per programme × city (19 × 11) plus the two on-demand programmes with their totals', async () => {
    const { rows } = await query<{ programme: string; city: string | null; quota: number; note: string | null }>(app, 'city_quotas', { province: '浙江', year: 2020 });
    expect(rows).toHaveLength(19 * 11 + 2);
    const onDemand = rows.filter((r) => r.city === null);
    expect(onDemand.map((r) => [r.programme, r.quota])).toEqual([
      ['食品、农产品检测及质量安全', 30],
      ['服装制版师、服装制作与生产管理', 30],
    ]);
    expect(onDemand.every((r) => r.note?.includes('按需报名'))).toBe(true);
    expect(rows.reduce((s, r) => s + r.quota, 0)).toBe(650);
  });
  it('filters by programme (专题) or by 培训项目', async () => {
    const first = await query<{ city: string; quota: number }>(app, 'city_quotas', { programme: '信息技术类（计算机网络技术、数字媒体技术应用）' });
    expect(first.rows.map((r) => r.quota)).toEqual([6, 6, 7, 3, 2, 3, 3, 2, 1, 5, 2]);
    const category = await query<{ quota: number }>(app, 'city_quotas', { programme: '专业带头人领军能力研修' });
    expect(category.rows.reduce((s, r) => s + r.quota, 0)).toBe(180);
  });
});

describe('city_quota_totals — seed 003, annex 2 columns and its 合计 row', () => {
  it('sums each city and shows the stated 合计 beside it: 10 of 11 cities are 1 more than printed', async () => {
    const { rows } = await query<{ city: string; quota: number; stated: number; difference: number; share: number }>(app, 'city_quota_totals', { province: '浙江省' });
    expect(rows.map((r) => [r.city, r.quota, r.stated, r.difference])).toEqual([
      ['杭州市', 86, 85, 1], ['宁波市', 86, 85, 1], ['温州市', 70, 69, 1], ['嘉兴市', 52, 51, 1], ['湖州市', 37, 36, 1],
      ['绍兴市', 51, 50, 1], ['金华市', 59, 58, 1], ['衢州市', 31, 30, 1], ['舟山市', 20, 20, 0], ['台州市', 65, 64, 1], ['丽水市', 33, 32, 1],
    ]);
    expect(rows.reduce((s, r) => s + r.quota, 0)).toBe(590);
    expect(rows.reduce((s, r) => s + r.share, 0)).toBeCloseTo(1, 12);
  });
});

describe('overview_totals — seeds 001 and 004', () => {
  it('gives the headline figures with a pooled rate of 80.1% (1185/1479, printed 80.12%)', async () => {
    const { rows } = await query(app, 'overview_totals');
    expect(rows[0]).toMatchObject({ candidates: 1479, passed: 1185, certificates: 16, schools: 1, requested: 1659, approved: 1662, teachers_trained: 91 });
    expect(rows[0]!.pass_rate as number).toBeCloseTo(0.8012, 4);
  });
});
