import { describe, expect, it } from 'vitest';
import { RATE_INTERVAL, RATE_SERIES, RATE_SMALL, buildRateBarsOption, rateBarsHeight, rateLabel, sortRateItems } from './rate-bars';
import { benchmarkItems, levelItems, schoolRateItems, verdictText } from './rate-items';
import { BENCHMARK_ROWS, LEVEL_ROWS, SCHOOL_COMPARISON_ROWS } from './fixtures/views';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

describe('buildRateBarsOption — schools on 智能财税 (compare fixture)', () => {
  const option = buildRateBarsOption(schoolRateItems(SCHOOL_COMPARISON_ROWS), { pooled: 558 / 660, pooledLabel: '合并', belowName: '低于 95% 控制限', aboveName: '高于 95% 控制限' }) as Loose;

  it('draws a bar series per tone present, the intervals, no benchmark markers', () => {
    expect(option.series.map((s: Loose) => [s.type, s.name])).toEqual([
      ['bar', RATE_SERIES],
      ['bar', RATE_SMALL],
      ['bar', '低于 95% 控制限'],
      ['bar', '高于 95% 控制限'],
      ['custom', RATE_INTERVAL],
    ]);
  });

  it('puts each school in exactly one series: above green, below red, n<30 light', () => {
    const names = option.yAxis[0].data;
    expect(names).toEqual(['广州城市职业学院', '测试学院乙', '中山火炬职业技术学院', '测试学院甲']);
    const filled = (i: number) => option.series.slice(0, 4).map((s: Loose) => s.data[i] !== null);
    expect(filled(0)).toEqual([false, false, false, true]);
    expect(filled(1)).toEqual([false, false, true, false]);
    expect(filled(3)).toEqual([false, true, false, false]);
  });

  it('prints rate and n on the right, coloured like the bar', () => {
    expect(option.yAxis[1].data).toEqual(['94.0%  n=335', '78.0%  n=200', '70.0%  n=120', '60.0%  n=5']);
    expect([0, 1, 3].map((i) => option.yAxis[1].axisLabel.color('', i))).toEqual(['#15803d', '#dc2626', '#6b7280']);
  });

  it('marks the pooled rate', () => {
    expect(option.series[0].markLine.data[0].xAxis).toBeCloseTo(558 / 660, 12);
    expect(option.series[0].markLine.label.formatter).toBe('合并 84.5%');
  });
});

describe('buildRateBarsOption — a school against the province (school_benchmark)', () => {
  const items = benchmarkItems(BENCHMARK_ROWS);
  const option = buildRateBarsOption(items, { benchmarkName: '全省合并通过率', belowName: '显著低于', aboveName: '显著高于' }) as Loose;

  it('draws the province’s pooled rate as a ◆ on every row', () => {
    const markers = option.series.find((s: Loose) => s.type === 'scatter');
    expect(markers.name).toBe('全省合并通过率');
    expect(markers.symbol).toBe('diamond');
    const i = option.yAxis[0].data.indexOf('智能财税');
    expect(markers.data[i]).toEqual([558 / 660, i]);
    expect(option.legend.data.at(-1)).toEqual({ name: '全省合并通过率', icon: 'diamond' });
  });

  it('colours 智能财税 (significantly above the other schools) green and says why in the tooltip', () => {
    const i = option.yAxis[0].data.indexOf('智能财税');
    expect(option.series.find((s: Loose) => s.name === '显著高于').data[i]).toBeCloseTo(315 / 335, 12);
    const html: string = option.tooltip.formatter([{ dataIndex: i }]);
    expect(html).toContain('全省合并通过率：84.5%（n=660）');
    expect(html).toContain('省内其他院校：74.8%（n=325）');
    expect(html).toContain('显著高于省内其他院校：差 +19.3 个百分点');
  });

  it('says when there is nothing to compare with', () => {
    const bim = items.find((x) => x.label === '建筑信息模型（BIM）')!;
    expect(bim.tone).toBe('neutral');
    expect(bim.notes).toContain('省内没有其他院校的同证书数据，无法比较');
  });

  it('labels levels `证书 · 等级` (seed 004 notes column)', () => {
    expect(benchmarkItems(LEVEL_ROWS).map((x) => x.label)).toEqual(['3D引擎技术应用 · 中级', '3D引擎技术应用 · 初级', '建筑信息模型（BIM） · 初级', '建筑信息模型（BIM） · 中级']);
  });
});

describe('rate-bar helpers', () => {
  it('sortRateItems: highest first, equal rates by larger n', () => {
    const rows = sortRateItems([
      { label: 'a', candidates: 5, passed: 3, rate: 0.6, ciLow: null, ciHigh: null },
      { label: 'b', candidates: 30, passed: 18, rate: 0.6, ciLow: null, ciHigh: null },
      { label: 'c', candidates: 10, passed: 9, rate: 0.9, ciLow: null, ciHigh: null },
    ]);
    expect(rows.map((r) => r.label)).toEqual(['c', 'b', 'a']);
  });
  it('levelItems: an unsplit result reads 未分等级', () => {
    expect(levelItems([{ certificate: '智能财税', certificate_id: 26, level: null, candidates: 335, passed: 315, pass_rate: 0.94, ci_low: 0.9, ci_high: 0.96 }]).map((x) => x.label)).toEqual(['未分等级']);
  });
  it.each([
    [{ verdict: 'below', diff: -0.178, diff_low: -0.27, diff_high: -0.09, others_candidates: 540 }, '显著低于省内其他院校：差 −17.8 个百分点（95% 区间 −27.0 个百分点 至 −9.0 个百分点）'],
    [{ verdict: 'no_difference', diff: -0.245, diff_low: -0.55, diff_high: 0.14, others_candidates: 655 }, '与省内其他院校差异不显著：差 −24.5 个百分点（95% 区间 −55.0 个百分点 至 +14.0 个百分点）'],
    [{ verdict: 'no_comparison', diff: null, diff_low: null, diff_high: null, others_candidates: null }, '省内没有其他院校的同证书数据，无法比较'],
  ] as const)('verdictText(%o)', (row, text) => {
    expect(verdictText(row)).toBe(text);
  });
  it('rateLabel / rateBarsHeight', () => {
    expect(rateLabel({ rate: 0.155, candidates: 71 })).toBe('15.5%  n=71');
    expect(rateBarsHeight(1)).toBe(rateBarsHeight(3));
    expect(rateBarsHeight(16, { title: 't', subtitle: 's' })).toBe(rateBarsHeight(16) + 62);
  });
});
