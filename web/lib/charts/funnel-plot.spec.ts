import { describe, expect, it } from 'vitest';
import { LABEL_OUTLIERS_MAX, POSITION_LABELS, SERIES_95, SERIES_998, SERIES_POOLED, SERIES_SCHOOLS, buildFunnelPlotOption, funnelChartHeight, funnelYMin, limitSeriesName, positionColor, type FunnelPoint } from './funnel-plot';
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

  it('labels the upper curves where they end (95%, 99.8%) and names adjusted limits in the legend', () => {
    expect(option.series[1].endLabel.formatter).toBe('95%');
    expect(option.series[3].endLabel.formatter).toBe('99.8%');
    expect(option.series[0].endLabel).toBeUndefined();
    const tau = buildFunnelPlotOption(SCHOOL_COMPARISON_ROWS, FUNNEL_LIMIT_ROWS.map((l) => ({ ...l, limits: 'tau2' as const }))) as Loose;
    expect(tau.legend.data.map((d: Loose) => d.name)).toEqual([SERIES_SCHOOLS, SERIES_POOLED, '95% 控制限（随机效应 τ² 调整）', '99.8% 控制限（随机效应 τ² 调整）']);
    expect(tau.series[0].name).toBe(limitSeriesName('95', 'tau2'));
  });
});

describe('buildFunnelPlotOption — thousands of schools (made-up points)', () => {
  // 3,000 invented schools: every 100th outside the limits (30 outliers), the rest within.
  const many: FunnelPoint[] = Array.from({ length: 3000 }, (_, i) => ({
    school: `虚构学院${i}`,
    school_id: i + 1,
    candidates: 20 + (i % 400),
    passed: Math.round((20 + (i % 400)) * 0.8),
    position: i % 100 === 0 ? 'below_95' : 'within',
  }));
  const big = buildFunnelPlotOption(many, FUNNEL_LIMIT_ROWS) as Loose;
  const pts = big.series.find((s: Loose) => s.type === 'scatter').data;

  it('names no point until hover: 30 outliers are more than the chart can name, so the outlier table does', () => {
    expect(30).toBeGreaterThan(LABEL_OUTLIERS_MAX);
    expect(pts.filter((p: Loose) => p.label.show)).toHaveLength(0);
    const scatter = big.series.find((s: Loose) => s.type === 'scatter');
    expect(scatter.emphasis.label.show).toBe(true);
    expect(scatter.symbolSize).toBe(6);
    expect(scatter.progressive).toBe(0);
  });

  it('names and rings a searched school, drawn again on top', () => {
    const hit = buildFunnelPlotOption(many, FUNNEL_LIMIT_ROWS, { highlight: [1234] }) as Loose;
    const scatter = hit.series.filter((s: Loose) => s.type === 'scatter');
    expect(scatter).toHaveLength(2);
    const named = scatter[0].data.map((p: Loose, i: number) => [i, p.label.show]).filter(([, show]: [number, boolean]) => show);
    expect(named).toEqual([[1234, true]]);
    expect(scatter[0].data[1234].label.formatter()).toBe('虚构学院1234  79.6% n=54');
    expect(scatter[1].data).toEqual([[54, 43 / 54]]);
    expect(scatter[1].silent).toBe(true);
    // The ring shares the series name, but its tooltip stays empty (only the points have rows).
    expect(hit.tooltip.formatter({ seriesName: SERIES_SCHOOLS, seriesIndex: 6, dataIndex: 0 })).toBe('');
    expect(hit.tooltip.formatter({ seriesName: SERIES_SCHOOLS, seriesIndex: 5, dataIndex: 1234 })).toContain('虚构学院1234');
  });

  it('spreads thousands of mostly small schools on a log n axis from the power of ten under the smallest', () => {
    expect(big.xAxis.type).toBe('log');
    expect(big.xAxis.min).toBe(10); // smallest n = 20
    expect(big.series.find((s: Loose) => s.name === SERIES_POOLED).data[0][0]).toBe(10);
    expect(option.xAxis.type).toBe('value'); // four schools: a plain axis from 0
  });

  it('names a few outliers on the chart when there are few', () => {
    const few = many.slice(0, 1000); // every 100th outside: 10 outliers
    const o = buildFunnelPlotOption(few, FUNNEL_LIMIT_ROWS) as Loose;
    expect(o.series.find((s: Loose) => s.type === 'scatter').data.filter((p: Loose) => p.label.show)).toHaveLength(10);
  });
});

