import { describe, expect, it } from 'vitest';
import { POSITION_LABELS, SERIES_95, SERIES_998, SERIES_POOLED, SERIES_SCHOOLS, buildFunnelPlotOption, funnelChartHeight, funnelYMin, positionColor } from './funnel-plot';
import { FUNNEL_LIMIT_ROWS, SCHOOL_COMPARISON_ROWS } from './fixtures/views';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;
const option = buildFunnelPlotOption(SCHOOL_COMPARISON_ROWS, FUNNEL_LIMIT_ROWS) as Loose;

describe('buildFunnelPlotOption — compare fixture (智能财税 2020, four schools, pooled 558/660)', () => {
  it('draws the 95% and 99.8% limits as curves over n, the pooled rate, then the schools', () => {
    expect(option.series.map((s: Loose) => [s.type, s.name])).toEqual([
      ['line', SERIES_95],
      ['line', SERIES_95],
      ['line', SERIES_998],
      ['line', SERIES_998],
      ['line', SERIES_POOLED],
      ['scatter', SERIES_SCHOOLS],
    ]);
    expect(option.series[0].data).toEqual(FUNNEL_LIMIT_ROWS.map((l) => [l.n, l.low_95]));
    expect(option.series[3].data.at(-1)).toEqual([400, FUNNEL_LIMIT_ROWS.at(-1)!.high_998]);
    expect(option.series[2].lineStyle.type).toBe('dotted');
    expect(option.series[0].lineStyle.type).toBe('dashed');
    expect(option.series[4].data).toEqual([[0, 558 / 660], [400, 558 / 660]]);
    expect(option.series[4].endLabel.formatter).toBe('合并 84.5%');
  });

  it('places each school at (n, rate), coloured by its side of the limits, hollow when n < 30', () => {
    const points = option.series[5].data;
    expect(points.map((p: Loose) => p.value)).toEqual([[335, 315 / 335], [200, 0.78], [120, 0.7], [5, 0.6]]);
    expect(points.map((p: Loose) => p.itemStyle.color)).toEqual(['#15803d', '#dc2626', '#dc2626', '#ffffff']);
    expect(points[3].itemStyle.borderColor).toBe('#2563eb');
  });

  it('names the schools on the chart with rate and n, outside-the-limit ones in colour and bold', () => {
    const labels = option.series[5].data.map((p: Loose) => p.label);
    expect(labels.map((l: Loose) => l.formatter())).toEqual([
      '广州城市职业学院  94.0% n=335',
      '测试学院乙  78.0% n=200',
      '中山火炬职业技术学院  70.0% n=120',
      '测试学院甲  60.0% n=5',
    ]);
    expect(labels.map((l: Loose) => l.fontWeight)).toEqual([600, 600, 600, 400]);
  });

  it('explains a point in the tooltip: counts, interval, the limits at its n and where it lies', () => {
    const html: string = option.tooltip.formatter({ seriesName: SERIES_SCHOOLS, dataIndex: 2 });
    expect(html).toContain('中山火炬职业技术学院');
    expect(html).toContain('通过/考证：84 / 120');
    expect(html).toContain(POSITION_LABELS.below_998);
    expect(option.tooltip.formatter({ seriesName: SERIES_95, dataIndex: 0 })).toBe('');
    expect(option.tooltip.formatter({ seriesName: SERIES_SCHOOLS, dataIndex: 3 })).toContain('样本较小');
  });

  it('starts the rate axis under the lowest point or limit in 10% steps, ends at 100%', () => {
    expect(option.yAxis.max).toBe(1);
    expect(option.yAxis.min).toBe(funnelYMin(SCHOOL_COMPARISON_ROWS, FUNNEL_LIMIT_ROWS));
    expect(funnelYMin(SCHOOL_COMPARISON_ROWS.slice(0, 1), [])).toBe(0.8);
    expect(funnelYMin([], [])).toBe(0);
  });

  it('has no curves without limits, and a title block only when asked', () => {
    const bare = buildFunnelPlotOption(SCHOOL_COMPARISON_ROWS, []) as Loose;
    expect(bare.series.map((s: Loose) => s.name)).toEqual([SERIES_POOLED, SERIES_SCHOOLS]);
    expect(option.title.show).toBe(false);
    const titled = buildFunnelPlotOption(SCHOOL_COMPARISON_ROWS, FUNNEL_LIMIT_ROWS, { title: '院校通过率漏斗图', subtitle: '2020 年 · 智能财税' }) as Loose;
    expect(titled.title.text).toBe('院校通过率漏斗图');
    expect(titled.grid.top).toBe(option.grid.top + 62);
    expect(funnelChartHeight({ title: 'x', subtitle: 'y' })).toBe(funnelChartHeight() + 62);
  });

  it.each([
    ['below_998', '#dc2626'],
    ['below_95', '#dc2626'],
    ['within', '#2563eb'],
    ['above_95', '#15803d'],
    [null, '#2563eb'],
  ] as const)('positionColor(%s) → %s', (position, color) => {
    expect(positionColor(position)).toBe(color);
  });
});
