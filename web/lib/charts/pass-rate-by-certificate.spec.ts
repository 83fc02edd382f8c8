import { describe, expect, it } from 'vitest';
import type { CustomSeriesRenderItemAPI, CustomSeriesRenderItemParams } from 'echarts';
import {
  SERIES_INTERVAL,
  SERIES_RATE,
  SERIES_SMALL,
  buildPassRateByCertificateOption,
  passRateChartHeight,
  passRateLabel,
  renderIntervalItem,
  sortByPassRate,
} from './pass-rate-by-certificate';
import { PASS_RATE_ROWS } from './fixtures/seed';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

const option = buildPassRateByCertificateOption(PASS_RATE_ROWS) as Loose;

describe('buildPassRateByCertificateOption — seed 004, exam table (16 certificates)', () => {
  it('draws two bar series (n≥30, n<30) and one custom error-bar series', () => {
    expect(option.series.map((s: Loose) => [s.type, s.name])).toEqual([
      ['bar', '通过率'],
      ['bar', '样本较小（n<30），区间较宽'],
      ['custom', '95% 区间'],
    ]);
    expect(option.series[1].barGap).toBe('-100%');
  });

  it('puts the highest rate at the top, whatever order the rows come in', () => {
    const shuffled = buildPassRateByCertificateOption([...PASS_RATE_ROWS].reverse()) as Loose;
    for (const o of [option, shuffled]) {
      expect(o.yAxis[0].inverse).toBe(true);
      expect(o.yAxis[0].data[0]).toBe('数字媒体交互设计');
      expect(o.yAxis[0].data[1]).toBe('3D引擎技术应用');
      expect(o.yAxis[0].data[15]).toBe('建筑信息模型（BIM）');
      expect(o.yAxis[0].data).toHaveLength(16);
    }
  });

  it('labels every bar with its rate and sample size', () => {
    const labels: string[] = option.yAxis[1].data;
    expect(labels).toHaveLength(16);
    expect(labels[0]).toBe('100.0%  n=100');
    expect(labels[4]).toBe('94.0%  n=335');
    expect(labels[12]).toBe('60.0%  n=5');
    expect(labels[15]).toBe('15.5%  n=71');
    expect(option.yAxis[1].position).toBe('right');
  });

  it('draws n<30 in the lighter series only, and names it in the legend', () => {
    const i = option.yAxis[0].data.indexOf('传感网应用开发');
    expect(i).toBe(12);
    expect(option.series[0].data[i]).toBeNull();
    expect(option.series[1].data[i]).toBe(0.6);
    expect(option.series[1].data.filter((v: number | null) => v !== null)).toEqual([0.6]);
    expect(option.series[0].data[4]).toBeCloseTo(0.9402985, 6);
    expect(option.legend.data.map((d: Loose) => d.name)).toEqual([SERIES_RATE, SERIES_SMALL, SERIES_INTERVAL]);
    expect(option.yAxis[1].axisLabel.color('60.0%  n=5', 12)).toBe('#6b7280');
    expect(option.yAxis[1].axisLabel.color('94.0%  n=335', 4)).toBe('#1f2937');
  });

  it('leaves the small-sample legend entry out when every n ≥ 30', () => {
    const big = buildPassRateByCertificateOption(PASS_RATE_ROWS.filter((r) => r.candidates >= 30)) as Loose;
    expect(big.legend.data.map((d: Loose) => d.name)).toEqual([SERIES_RATE, SERIES_INTERVAL]);
  });

  it('feeds the Wilson interval to the error bars as [row, ci_low, ci_high]', () => {
    const data = option.series[2].data;
    expect(data).toHaveLength(16);
    expect(data[4]).toEqual([4, 0.9095901623349868, 0.9610234897663794]);
    expect(data[12]).toEqual([12, 0.23072427940911852, 0.8823792268590027]);
    expect(option.series[2].encode).toEqual({ x: [1, 2], y: 0 });
  });

  it('runs the rate axis 0–100% with percentage ticks', () => {
    expect([option.xAxis.min, option.xAxis.max]).toEqual([0, 1]);
    expect([0, 0.4, 1].map(option.xAxis.axisLabel.formatter)).toEqual(['0%', '40%', '100%']);
  });

  it('marks the pooled rate Σpassed/Σcandidates = 1185/1479', () => {
    const line = option.series[0].markLine;
    expect(line.data[0].xAxis).toBeCloseTo(1185 / 1479, 10);
    expect(line.label.formatter).toBe('总体 80.1%');
  });

  it('explains a bar in the tooltip: 通过/考证, 通过率, 95% 区间', () => {
    const html: string = option.tooltip.formatter([{ dataIndex: 4 }]);
    expect(html).toContain('智能财税');
    expect(html).toContain('通过/考证：315 / 335');
    expect(html).toContain('通过率：<b>94.0%</b>');
    expect(html).toContain('95% 区间：91.0%–96.1%');
    expect(html).not.toContain('样本较小');
    expect(option.tooltip.formatter([{ dataIndex: 12 }])).toContain('样本较小（n&lt;30），区间较宽');
  });

  it('is a white, unanimated chart with no title unless asked', () => {
    expect(option.backgroundColor).toBe('#ffffff');
    expect(option.animation).toBe(false);
    expect(option.title.show).toBe(false);
    const titled = buildPassRateByCertificateOption(PASS_RATE_ROWS, { title: '各证书通过率（2020 年）' }) as Loose;
    expect(titled.title).toMatchObject({ show: true, text: '各证书通过率（2020 年）' });
    expect(titled.grid.top).toBe(option.grid.top + 44);
    expect(titled.legend.top).toBe(option.legend.top + 44);
  });
});

describe('passRateChartHeight grows with the number of certificates', () => {
  it.each([
    [0, 158],
    [3, 158],
    [16, 548],
    [40, 1268],
  ])('%i certificates → %i px', (n, px) => {
    expect(passRateChartHeight(n)).toBe(px);
  });
  it('adds the title block for exports', () => {
    expect(passRateChartHeight(16, { title: '各证书通过率' })).toBe(592);
  });
});

describe('sortByPassRate / passRateLabel', () => {
  it('breaks equal rates by the larger sample (老年照护 30 before 传感网应用开发 5)', () => {
    const names = sortByPassRate(PASS_RATE_ROWS).map((r) => r.certificate);
    expect(names.indexOf('老年照护')).toBeLessThan(names.indexOf('传感网应用开发'));
  });
  it.each([
    [{ pass_rate: 0.9402985074626866, candidates: 335 }, '94.0%  n=335'],
    [{ pass_rate: 1, candidates: 100 }, '100.0%  n=100'],
    [{ pass_rate: null, candidates: 0 }, '—  n=0'],
    [{ pass_rate: 0.8012170385395537, candidates: 1479 }, '80.1%  n=1,479'],
  ])('passRateLabel(%o) → %s', (row, label) => {
    expect(passRateLabel(row)).toBe(label);
  });
});

describe('renderIntervalItem (pure: only the api it is given)', () => {
  const api = (values: (number | null)[]) =>
    ({
      value: (dim: number) => values[dim] ?? Number.NaN,
      coord: ([x, y]: [number, number]) => [100 + x * 1000, 50 + y * 30],
      size: () => [0, 30],
    }) as unknown as CustomSeriesRenderItemAPI;
  const params = {} as CustomSeriesRenderItemParams;

  it('draws a line from ci_low to ci_high with a cap at each end', () => {
    const out = renderIntervalItem(params, api([4, 0.9, 0.96])) as Loose;
    expect(out.type).toBe('group');
    expect(out.children.map((c: Loose) => c.shape)).toEqual([
      { x1: 1000, y1: 170, x2: 1060, y2: 170 },
      { x1: 1000, y1: 165.2, x2: 1000, y2: 174.8 },
      { x1: 1060, y1: 165.2, x2: 1060, y2: 174.8 },
    ]);
  });

  it('draws nothing when the interval is missing', () => {
    expect(renderIntervalItem(params, api([2, null, null]))).toBeNull();
  });
});

describe('font family', () => {
  it('carries no double quote (ECharts writes it into a double-quoted SVG style attribute)', () => {
    expect(option.textStyle.fontFamily).toBe("'PingFang SC', 'Noto Sans CJK SC', 'Noto Sans SC', 'Microsoft YaHei', sans-serif");
    expect(JSON.stringify(option)).not.toContain('\\"PingFang');
  });
});
