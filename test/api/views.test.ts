/**
 * The named queries behind the compare, school, certificate and quota pages,
 * checked against the seed documents (no fixtures here: every figure below is
 * printed in /work/shared/seeds).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, query, type TestApp } from '../helpers/app.js';

let app: TestApp;
beforeAll(async () => { app = await buildTestApp(); });
afterAll(async () => app.close());

type Row = Record<string, unknown>;
const cols = async (name: string, params: Record<string, string | number> = {}) => (await query(app, name, params)).columns.map((c) => `${c.name}:${c.type}`);
const get = (url: string) => app.inject({ method: 'GET', url: encodeURI(url) });

describe('school_comparison (new filters) — seed 004, exam table', () => {
  it('keeps the old columns first and adds place, type, funnel position, small-sample flag and rank', async () => {
    expect(await cols('school_comparison', { certificate: '智能财税' })).toEqual([
      'school:VARCHAR', 'school_id:INTEGER', 'candidates:INTEGER', 'passed:INTEGER', 'pass_rate:DOUBLE', 'ci_low:DOUBLE', 'ci_high:DOUBLE',
      'pooled_rate:DOUBLE', 'funnel_low:DOUBLE', 'funnel_high:DOUBLE', 'funnel_low_998:DOUBLE', 'funnel_high_998:DOUBLE',
      'province:VARCHAR', 'city:VARCHAR', 'school_type:VARCHAR', 'position:VARCHAR', 'small_sample:BOOLEAN', 'rank:INTEGER',
      // issue 13: the over-dispersion estimates and which limits the row's funnel_* columns are
      'z_score:DOUBLE', 'limits:VARCHAR', 'phi:DOUBLE', 'phi_applied:BOOLEAN', 'tau2:DOUBLE',
    ]);
  });
  it('filters by city, school type and level (智能财税 315/335 at 广州城市职业学院, a 高职 in 广州市)', async () => {
    const { rows } = await query<Row>(app, 'school_comparison', { certificate: '智能财税', city: '广州', school_type: '高职' });
    expect(rows.map((r) => [r.school, r.candidates, r.passed, r.city, r.school_type, r.position, r.small_sample, r.rank])).toEqual([
      ['广州城市职业学院', 335, 315, '广州市', '高职', 'within', false, 1],
    ]);
    expect((await query(app, 'school_comparison', { certificate: '智能财税', school_type: '普通本科' })).rows).toEqual([]);
    expect((await query(app, 'school_comparison', { certificate: '智能财税', city: '中山市' })).rows).toEqual([]);
    const level = await query<Row>(app, 'school_comparison', { certificate: '3D 引擎技术应用', level: '初级' });
    expect(level.rows.map((r) => [r.candidates, r.passed])).toEqual([[100, 98]]);
  });
  it('flags 传感网应用开发 3/5 as a small sample', async () => {
    const { rows } = await query<Row>(app, 'school_comparison', { certificate: '传感网应用开发' });
    expect(rows.map((r) => [r.candidates, r.passed, r.small_sample])).toEqual([[5, 3, true]]);
  });
});

describe('funnel_limits — seed 004, exam table (智能财税, pooled 315/335)', () => {
  it('draws the limits over n = 1 … 400 (1.15 × 335 = 385.25, rounded up to a half step) around the pooled rate', async () => {
    const t = await query<Row>(app, 'funnel_limits', { certificate: '智能财税', year: 2020 });
    expect(t.columns.map((c) => c.name)).toEqual(['n', 'pooled_rate', 'low_95', 'high_95', 'low_998', 'high_998', 'limits']);
    expect(t.rows.every((r) => r.limits === 'plain')).toBe(true);
    const ns = t.rows.map((r) => r.n as number);
    expect(ns[0]).toBe(1);
    expect(ns.at(-1)).toBe(400);
    expect(ns.length).toBeGreaterThan(60);
    expect(ns.length).toBeLessThanOrEqual(150);
    for (let i = 1; i < ns.length; i++) expect(ns[i]).toBeGreaterThan(ns[i - 1]!);
    const p = 315 / 335;
    for (const r of t.rows) {
      expect(r.pooled_rate as number).toBeCloseTo(p, 12);
      const se = Math.sqrt((p * (1 - p)) / (r.n as number));
      expect(r.low_95 as number).toBeCloseTo(Math.max(0, p - 1.959964 * se), 10);
      expect(r.high_998 as number).toBeCloseTo(Math.min(1, p + 3.090232 * se), 10);
      expect(r.low_998 as number).toBeLessThanOrEqual(r.low_95 as number);
    }
  });
  it('is empty when no school has results (智能财税 in 2021)', async () => {
    expect((await query(app, 'funnel_limits', { certificate: '智能财税', year: 2021 })).rows).toEqual([]);
  });
});

describe('school_certificates — seed 004, exam table; seed 001 has no exam results', () => {
  it('gives 广州城市职业学院 16 certificates, 中山火炬 none, schools by id or name', async () => {
    const byId = await query<Row>(app, 'school_certificates', { schools: '1,2' });
    const byName = await query<Row>(app, 'school_certificates', { schools: '广州城市职业学院,中山火炬职业技术学院' });
    expect(byName.rows).toEqual(byId.rows);
    expect(byId.rows).toHaveLength(16);
    expect(new Set(byId.rows.map((r) => r.school))).toEqual(new Set(['广州城市职业学院']));
    const tax = byId.rows.find((r) => r.certificate === '智能财税')!;
    expect([tax.candidates, tax.passed, tax.certificate_order, tax.school_order]).toEqual([335, 315, 1, 1]);
  });
  it('answers 400 naming the parameter for an unknown school', async () => {
    const res = await get('/api/queries/school_certificates?schools=1,不存在的学校');
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'invalid_params', param: 'schools' });
    expect(res.json().error.message).toContain('不存在的学校');
  });
});

describe('school_benchmark — seed 004, exam table (广州城市职业学院 is the only 广东省 school with results)', () => {
  it('gives each certificate with the provincial pooled rate; no other school → no comparison', async () => {
    const { rows } = await query<Row>(app, 'school_benchmark', { school: 1 });
    expect(rows).toHaveLength(16);
    const tax = rows.find((r) => r.certificate === '智能财税')!;
    expect([tax.year, tax.candidates, tax.passed, tax.province, tax.province_candidates, tax.province_passed, tax.province_schools]).toEqual([
      2020, 335, 315, '广东省', 335, 315, 1,
    ]);
    expect(tax.province_rate as number).toBeCloseTo(315 / 335, 12);
    expect([tax.others_candidates, tax.diff, tax.diff_low, tax.diff_high, tax.verdict]).toEqual([null, null, null, null, 'no_comparison']);
    expect(rows.reduce((s, r) => s + (r.candidates as number), 0)).toBe(1479);
  });
  it('by_level splits BIM into 初级 10/47 and 中级 1/24 and 3D into 98/100 and 60/60', async () => {
    const { rows } = await query<Row>(app, 'school_benchmark', { school: '广州城市职业学院', by_level: 'true' });
    expect(rows).toHaveLength(18);
    const pick = (c: string) => rows.filter((r) => r.certificate === c).map((r) => [r.level, r.passed, r.candidates]);
    expect(pick('建筑信息模型（BIM）')).toEqual([['初级', 10, 47], ['中级', 1, 24]]);
    expect(pick('3D引擎技术应用')).toEqual([['中级', 60, 60], ['初级', 98, 100]]);
  });
});

describe('school_profile — seed 004 (exam, teachers) and seed 001 (applications)', () => {
  it('广州城市职业学院: 1479 / 1185, 16 certificates, 91 teachers trained', async () => {
    const { rows } = await query<Row>(app, 'school_profile', { school: 1 });
    expect(rows[0]).toMatchObject({ school: '广州城市职业学院', school_type: '高职', province: '广东省', city: '广州市', years: '2020', latest_exam_year: 2020, candidates: 1479, passed: 1185, certificates: 16, teachers_trained: 91, pilots: 0 });
    expect(rows[0]!.pass_rate as number).toBeCloseTo(1185 / 1479, 12);
  });
  it('中山火炬职业技术学院: 25 pilots, 1659 requested, 1662 approved, no exam results', async () => {
    const { rows } = await query<Row>(app, 'school_profile', { school: '中山火炬职业技术学院' });
    expect(rows[0]).toMatchObject({ years: '2021', candidates: null, pilots: 25, requested: 1659, approved: 1662, latest_exam_year: null });
  });
});

describe('applications_by_batch on the school page — seed 001, applications table', () => {
  it('沿用批次 610/610, 第一次 869/872, 第二次 180/180', async () => {
    const { rows } = await query<Row>(app, 'applications_by_batch', { school: 2 });
    expect(rows.map((r) => [r.batch, r.pilots, r.requested, r.approved])).toEqual([
      ['沿用批次', 11, 610, 610],
      ['第一次', 12, 869, 872],
      ['第二次', 2, 180, 180],
    ]);
  });
});

describe('school_teachers — seed 004, teachers table beside the exam table', () => {
  it('puts teachers trained beside each pass rate (智能财税 9 teachers, 315/335); 91 teachers in all', async () => {
    const t = await query<Row>(app, 'school_teachers', { school: 1, year: 2020 });
    expect(t.columns.map((c) => c.name)).toEqual(['year', 'certificate', 'certificate_id', 'teachers_trained', 'assessors', 'candidates', 'passed', 'pass_rate', 'ci_low', 'ci_high']);
    expect(t.rows).toHaveLength(21);
    const tax = t.rows.find((r) => r.certificate === '智能财税')!;
    expect([tax.teachers_trained, tax.candidates, tax.passed]).toEqual([9, 335, 315]);
    expect(t.rows.reduce((s, r) => s + ((r.teachers_trained as number) ?? 0), 0)).toBe(91);
    // 财务智能数字化应用 (teachers) and 财务数字化应用 (exam) are one certificate.
    const finance = t.rows.find((r) => r.certificate === '财务数字化应用')!;
    expect([finance.teachers_trained, finance.candidates]).toEqual([3, 128]);
    // teachers but no exam, exam but no teachers
    expect(t.rows.find((r) => r.certificate === '家务管理')).toMatchObject({ teachers_trained: 3, candidates: null });
    expect(t.rows.find((r) => r.certificate === '老年照护')).toMatchObject({ teachers_trained: null, candidates: 30 });
  });
});

describe('school_findings — findings recorded on the imports of seeds 004 and 001', () => {
  it('广州城市职业学院 (004): the WEB 前端开发 rate, the two duplicate 序号, and five spellings merged by the alias registry', async () => {
    const { rows } = await query<Row>(app, 'school_findings', { school: 1 });
    expect(rows.map((r) => r.code).sort()).toEqual([...Array<string>(5).fill('certificate_merged'), 'duplicate_sequence', 'duplicate_sequence', 'stated_rate_mismatch']);
    expect(rows.every((r) => r.file_name === '004_44f871648b25caa1.txt')).toBe(true);
  });
  it('中山火炬职业技术学院 (001): missing level, truncated name, approved > requested, narrative count', async () => {
    const { rows } = await query<Row>(app, 'school_findings', { school: 2 });
    expect(rows.map((r) => r.code).sort()).toEqual(['approved_exceeds_requested', 'missing_level', 'narrative_total_mismatch', 'truncated_name']);
  });
});

describe('certificate pages — seed 002 annex 1, seed 003 annex 1, seed 000, seed 004 exam', () => {
  it('certificate_profile: 智能财税 is 第二批, evaluated by 中联集团教育科技有限公司, 1 school 315/335', async () => {
    const { rows } = await query<Row>(app, 'certificate_profile', { certificate: '智能财税' });
    expect(rows[0]).toMatchObject({ certificate: '智能财税', batch: '第二批', organisation: '中联集团教育科技有限公司', schools: 1, candidates: 335, passed: 315, teachers_trained: 9, programmes: 1, offers: 1 });
  });
  it('certificate_offers: 动画制作 4800 元 (seed 000), 中级 45 / 高级 80 online hours; 智能财税 ≤3200 元, 80 学时 (seed 003)', async () => {
    const anim = await query<Row>(app, 'certificate_offers', { certificate: '动画制作' });
    expect(anim.rows.map((r) => [r.level, r.fee_per_person, r.fee_is_cap, r.hours_online, r.provider])).toEqual([
      ['中级', 4800, false, 45, '中国动漫集团有限公司'],
      ['高级', 4800, false, 80, '中国动漫集团有限公司'],
    ]);
    const tax = await query<Row>(app, 'certificate_offers', { certificate: '智能财税' });
    expect(tax.rows.map((r) => [r.fee_per_person, r.fee_is_cap, r.hours_total, r.provider, r.organiser])).toEqual([
      [3200, true, 80, '浙江经贸职业技术学院', '中联集团教育科技有限公司'],
    ]);
  });
  it('certificate_programmes: 智能财税 hosted by 浙江经贸职业技术学院 (school 7) with 中联集团教育科技有限公司', async () => {
    const { rows } = await query<Row>(app, 'certificate_programmes', { certificate: 26 });
    expect(rows.map((r) => [r.province, r.year, r.host, r.host_school_id, r.partner_organisation, r.hours])).toEqual([
      ['浙江省', 2020, '浙江经贸职业技术学院', 7, '中联集团教育科技有限公司', 80],
    ]);
  });
  it('certificate_pilots: 工业机器人应用编程 at 中山火炬 — 沿用批次 60/60 and 第二次 110/110 (seed 001 rows 8, 25)', async () => {
    const { rows } = await query<Row>(app, 'certificate_pilots', { certificate: '工业机器人应用编程' });
    expect(rows.map((r) => [r.school, r.batch, r.level, r.requested, r.approved])).toEqual([
      ['中山火炬职业技术学院', '沿用批次', '中级', 60, 60],
      ['中山火炬职业技术学院', '第二次', '中级', 110, 110],
    ]);
  });
  it('certificate_options: all 45 registered certificates, those with results first (智能财税, n=335)', async () => {
    const { rows } = await query<Row>(app, 'certificate_options');
    expect(rows).toHaveLength(45);
    expect(rows[0]).toMatchObject({ certificate: '智能财税', schools: 1, candidates: 335 });
    expect(rows.filter((r) => (r.schools as number) > 0)).toHaveLength(16);
  });
  it('schools_list: the two reporting colleges; filtered to a certificate', async () => {
    const all = await query<Row>(app, 'schools_list');
    expect(all.rows.map((r) => [r.school, r.candidates, r.has_applications, r.has_teachers])).toEqual([
      ['广州城市职业学院', 1479, false, true],
      ['中山火炬职业技术学院', null, true, false],
    ]);
    expect((await query<Row>(app, 'schools_list', { certificate: '智能财税' })).rows.map((r) => r.school)).toEqual(['广州城市职业学院']);
  });
});

describe('quota_programme_totals — seed 003 annex 2 小计/合计 and the body text', () => {
  it('every programme matches its 小计, the 7 categories match the text (180/150/90/80/60/40/50), 650 in all', async () => {
    const { rows } = await query<Row>(app, 'quota_programme_totals', { province: '浙江省', year: 2020 });
    const programmes = rows.filter((r) => r.kind === 'programme');
    expect(programmes).toHaveLength(21);
    expect(programmes.every((r) => r.difference === 0)).toBe(true);
    expect(rows.filter((r) => r.kind === 'category').map((r) => [r.computed, r.stated])).toEqual([
      [180, 180], [150, 150], [90, 90], [80, 80], [60, 60], [40, 40], [50, 50],
    ]);
    expect(rows.filter((r) => r.kind === 'overall').map((r) => [r.computed, r.stated, r.difference])).toEqual([[650, 650, 0]]);
  });
});
