import { describe, expect, it } from 'vitest';
import { missingNote, yearSpan, yearsNote } from './missing';
import type { OverviewTotalsRow } from '../../queries';

const row = (over: Partial<OverviewTotalsRow>): OverviewTotalsRow => ({
  candidates: null, passed: null, pass_rate: null, ci_low: null, ci_high: null, certificates: 0, schools: 0,
  requested: null, approved: null, teachers_trained: null, exam_years: null, application_years: null, teacher_years: null, quota_years: null,
  ...over,
});

describe('yearSpan', () => {
  it.each([
    ['2020', '2020'],
    ['2020、2021、2022、2023、2024', '2020–2024'],
    ['2020、2021、2022、2024', '2020–2022、2024'],
    ['2021、2019', '2019、2021'],
    [null, null],
  ])('%s → %s', (input, expected) => expect(yearSpan(input)).toBe(expected));
});

describe('missingNote — 浙江省 in the seeds: a quota table, no school reports (issue 14)', () => {
  const zhejiang = row({ quota_years: '2020' });
  it.each([
    ['exam', '没有考核结果数据，只有名额分配表（2020 年）'],
    ['application', '没有试点申报数据，只有名额分配表（2020 年）'],
    ['teacher', '没有师资培训数据，只有名额分配表（2020 年）'],
  ] as const)('%s tile: %s', (source, expected) => expect(missingNote(zhejiang, source)).toBe(expected));

  it('says nothing for a source the scope has, and names the years a figure covers', () => {
    const guangdong = row({ exam_years: '2020', application_years: '2021' });
    expect(missingNote(guangdong, 'exam')).toBeUndefined();
    expect(missingNote(guangdong, 'teacher')).toBe('没有师资培训数据，只有考核结果（2020 年）、试点申报（2021 年）');
    expect(yearsNote(guangdong, 'application')).toBe('2021 年');
  });
});
