import { describe, expect, it } from 'vitest';
import { TRAINEE_SERIES, buildTraineesByCollegeOption, traineesChartHeight } from './trainees-by-college';
import { TRAINEE_ROWS } from './fixtures/seed';
import type { TraineesByCollegeRow } from '../queries';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

const option = buildTraineesByCollegeOption(TRAINEE_ROWS) as Loose;

describe('buildTraineesByCollegeOption — seed 001 (applications) + seed 004 (exams, teachers)', () => {
  it('groups five bar series per school, in legend order', () => {
    expect(option.series.map((s: Loose) => [s.type, s.name])).toEqual([
      ['bar', '申请培训人数'],
      ['bar', '批准培训人数'],
      ['bar', '考证人数'],
      ['bar', '通过人数'],
      ['bar', '培训教师人数'],
    ]);
    expect(option.legend.data).toEqual(['申请培训人数', '批准培训人数', '考证人数', '通过人数', '培训教师人数']);
    expect(option.legend.top).toBe(6);
  });

  it('puts one category per school, in the query order', () => {
    expect(option.xAxis.data).toEqual(['中山火炬职业技术学院', '广州城市职业学院']);
    expect(option.xAxis.axisLabel.formatter('广州城市职业学院')).toBe('广州城市职业学院\n{city|广州市}');
  });

  it.each([
    ['申请培训人数', [1659, null]],
    ['批准培训人数', [1662, null]],
    ['考证人数', [null, 1479]],
    ['通过人数', [null, 1185]],
    ['培训教师人数', [null, 91]],
  ])('%s → %j (null = no bar, never 0)', (name, data) => {
    expect(option.series.find((s: Loose) => s.name === name).data).toEqual(data);
  });

  it('says 无数据 in the tooltip for a missing figure', () => {
    const html: string = option.tooltip.formatter([{ dataIndex: 1 }]);
    expect(html).toContain('广州城市职业学院');
    expect(html).toContain('申请培训人数：<span style="color:#6b7280">无数据</span>');
    expect(html).toContain('考证人数：<b>1,479</b>');
    expect(html).toContain('培训教师人数：<b>91</b>');
  });

  it('prints values on the bars for a handful of schools, not for many', () => {
    expect(option.series[0].label.show).toBe(true);
    expect(option.series[0].label.formatter({ value: 1659 })).toBe('1,659');
    expect(option.series[0].label.formatter({ value: null })).toBe('');
    const many: TraineesByCollegeRow[] = Array.from({ length: 7 }, (_, i) => ({ ...TRAINEE_ROWS[1]!, school: `学院${i}`, school_id: i }));
    expect((buildTraineesByCollegeOption(many) as Loose).series[0].label.show).toBe(false);
  });

  it('keeps the series colours of TRAINEE_SERIES', () => {
    expect(option.series.map((s: Loose) => s.itemStyle.color)).toEqual(TRAINEE_SERIES.map((s) => s.color));
  });

  it('shows a title only when asked', () => {
    expect(option.title.show).toBe(false);
    const titled = buildTraineesByCollegeOption(TRAINEE_ROWS, { title: '各院校培训人数', subtitle: '2020 年' }) as Loose;
    expect(titled.title).toMatchObject({ show: true, text: '各院校培训人数', subtext: '2020 年' });
    expect(titled.legend.top).toBe(6 + 62);
  });

  it.each([
    [2, 360],
    [9, 420],
  ])('height for %i schools → %i px', (n, px) => {
    expect(traineesChartHeight(n)).toBe(px);
  });
});
