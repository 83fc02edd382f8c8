/** Specs of the smaller builders of the school and quota pages. */
import { describe, expect, it } from 'vitest';
import { APPROVED, REQUESTED, batchLabels, buildApplicationsByBatchOption } from './applications-by-batch';
import { TEACHERS, buildTeachersVsRateOption, sortTeacherRows } from './teachers-vs-rate';
import { SCHOOL_POOLED, buildSchoolTrendOption, hasTrend, trendData } from './school-trend';
import { COMPUTED, STATED, buildQuotaStatedOption, signed } from './quota-stated';
import { APPLICATION_ROWS, BENCHMARK_ROWS, TEACHER_ROWS } from './fixtures/views';
import { QUOTA_TOTAL_ROWS } from './fixtures/seed';
import type { SchoolBenchmarkRow } from '../queries';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

describe('buildApplicationsByBatchOption — seed 001 applications (沿用批次 610/610, 第一次 869/872, 第二次 180/180)', () => {
  const option = buildApplicationsByBatchOption(APPLICATION_ROWS) as Loose;
  it('pairs requested and approved per batch, labelled', () => {
    expect(option.series.map((s: Loose) => s.name)).toEqual([REQUESTED, APPROVED]);
    expect(option.series[0].data.map((d: Loose) => d.value)).toEqual([610, 869, 180]);
    expect(option.series[1].data.map((d: Loose) => d.value)).toEqual([610, 872, 180]);
    expect(option.xAxis.data).toEqual(['沿用批次\n11 个试点', '第一次\n12 个试点', '第二次\n2 个试点']);
  });
  it('marks the batch where approved > requested (row 23: 104 > 101) in the warning colour', () => {
    expect(option.series[1].data.map((d: Loose) => d.label.color)).toEqual(['#1f2937', '#b45309', '#1f2937']);
    expect(option.tooltip.formatter([{ dataIndex: 1 }])).toContain('1 个试点批准人数大于申请人数');
  });
  it('adds year and school to the batch only when they vary', () => {
    expect(batchLabels(APPLICATION_ROWS)).toEqual(['沿用批次', '第一次', '第二次']);
    expect(batchLabels([...APPLICATION_ROWS, { ...APPLICATION_ROWS[0]!, year: 2022 }])[3]).toBe('2022 沿用批次');
  });
});

describe('buildTeachersVsRateOption — seed 004 teachers beside the exam table', () => {
  const option = buildTeachersVsRateOption(TEACHER_ROWS) as Loose;
  it('orders by pass rate, certificates without exams last', () => {
    expect(sortTeacherRows(TEACHER_ROWS).map((r) => r.certificate)).toEqual(['智能财税', '老年照护', '传感网应用开发', '建筑信息模型（BIM）', '家务管理']);
  });
  it('puts pass rate (left) and teachers trained (right) on the same rows; no assessors series when none is reported', () => {
    expect(option.grid).toHaveLength(2);
    expect(option.series.map((s: Loose) => s.name)).toEqual(['通过率', '95% 区间', TEACHERS]);
    expect(option.series[2].data).toEqual([9, null, 8, 14, 3]);
    expect(option.yAxis[1].data).toEqual(['94.0% n=335', '60.0% n=30', '60.0% n=5', '15.5% n=71', '无考核']);
  });
});

describe('school trend', () => {
  const twoYears: SchoolBenchmarkRow[] = [
    ...BENCHMARK_ROWS,
    ...BENCHMARK_ROWS.map((r) => ({ ...r, year: 2021, passed: Math.max(0, r.passed - 1) })),
  ];
  it('needs two years: seed data (2020 only) has no trend', () => {
    expect(hasTrend(BENCHMARK_ROWS)).toBe(false);
    expect(hasTrend(twoYears)).toBe(true);
  });
  it('draws the school’s pooled rate per year and one line per certificate with ≥ 2 years', () => {
    const d = trendData(twoYears);
    expect(d.years).toEqual([2020, 2021]);
    expect(d.lines.map((l) => l.certificate)).toEqual(['智能财税', '物流管理', '建筑信息模型（BIM）', '传感网应用开发']);
    const option = buildSchoolTrendOption(twoYears) as Loose;
    expect(option.series[0].name).toBe(SCHOOL_POOLED);
    expect(option.xAxis.data).toEqual(['2020 年', '2021 年']);
  });
});

describe('buildQuotaStatedOption — seed 003 annex 2 city totals vs the 合计 row', () => {
  const option = buildQuotaStatedOption(QUOTA_TOTAL_ROWS) as Loose;
  it('pairs computed and stated per city', () => {
    expect(option.series.map((s: Loose) => s.name)).toEqual([COMPUTED, STATED]);
    expect(option.series[0].data.map((d: Loose) => d.value)).toEqual([86, 86, 70, 20]);
    expect(option.series[1].data).toEqual([85, 85, 69, 20]);
  });
  it('labels the difference where they disagree', () => {
    expect(option.series[0].data.map((d: Loose) => d.label.formatter)).toEqual(['86\n差 +1', '86\n差 +1', '70\n差 +1', '20']);
    expect(option.tooltip.formatter([{ dataIndex: 0 }])).toContain('差异：+1');
  });
  it.each([
    [1, '+1'],
    [-2, '-2'],
    [0, '0'],
    [null, '—'],
  ])('signed(%s) → %s', (n, text) => expect(signed(n)).toBe(text));
});
