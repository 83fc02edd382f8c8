import { describe, expect, it } from 'vitest';
import type { CustomSeriesRenderItemAPI, CustomSeriesRenderItemParams } from 'echarts';
import { buildGroupedRatesOption, groupRates, groupedRatesHeight, renderSlot } from './grouped-rates';
import { SIDE_BY_SIDE_ROWS } from './fixtures/views';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;
const option = buildGroupedRatesOption(SIDE_BY_SIDE_ROWS) as Loose;

describe('groupRates / buildGroupedRatesOption — compare fixture, schools 1,102 (2020)', () => {
  it('keeps the schools in the order asked and the certificates in the query order', () => {
    const g = groupRates(SIDE_BY_SIDE_ROWS);
    expect(g.schools.map((s) => s.name)).toEqual(['广州城市职业学院', '测试学院乙']);
    expect(g.certificates.map((c) => c.name)).toEqual(['智能财税', '物流管理', '建筑信息模型（BIM）']);
    expect(g.cells[2]?.[1]).toBeNull();
    expect(g.cells[0]?.[1]).toMatchObject({ passed: 156, candidates: 200 });
  });

  it('draws one custom series per school, legend in the same order', () => {
    expect(option.series.map((s: Loose) => [s.type, s.name])).toEqual([
      ['custom', '广州城市职业学院'],
      ['custom', '测试学院乙'],
    ]);
    expect(option.legend.data).toEqual(['广州城市职业学院', '测试学院乙']);
    expect(option.series[1].itemStyle.color).toBe('#d97706');
    expect(option.yAxis.data).toEqual(['智能财税', '物流管理', '建筑信息模型（BIM）']);
  });

  it('feeds [certificate, rate, ci_low, ci_high, n]; a missing school-certificate pair has no bar', () => {
    expect(option.series[0].data[0]).toEqual([0, 315 / 335, 0.9095901623349868, 0.9610234897663794, 335]);
    expect(option.series[1].data[2]).toEqual([2, null, null, null, null]);
  });

  it('lists every school of a certificate in its tooltip, 无数据 where there is none', () => {
    const html: string = option.tooltip.formatter({ dataIndex: 2 });
    expect(html).toContain('建筑信息模型（BIM）');
    expect(html).toContain('广州城市职业学院：<b>15.5%</b>（11/71');
    expect(html).toContain('测试学院乙：<span style="color:#6b7280">无数据</span>');
  });

  it('grows with certificates × schools', () => {
    expect(groupedRatesHeight(3, 2)).toBe(44 + 28 + 3 * (2 * 16 + 14) + 8);
    expect(groupedRatesHeight(3, 2, { title: 't' })).toBe(groupedRatesHeight(3, 2) + 44);
  });
});

describe('renderSlot (pure: only the api it is given)', () => {
  const api = (values: (number | null)[]) =>
    ({
      value: (dim: number) => values[dim] ?? Number.NaN,
      coord: ([x, y]: [number, number]) => [100 + x * 500, 40 + y * 60],
      size: () => [0, 46],
    }) as unknown as CustomSeriesRenderItemAPI;
  const params = {} as CustomSeriesRenderItemParams;

  it('draws the bar in its slot, the whisker and `rate n=…`', () => {
    const out = renderSlot(1, 2, '#d97706')(params, api([0, 0.78, 0.72, 0.83, 200])) as Loose;
    const [rect, line, , , text] = out.children;
    expect(rect.shape).toMatchObject({ x: 100, width: 390 });
    expect(rect.style.fill).toBe('#d97706');
    expect(rect.shape.y + rect.shape.height / 2).toBeCloseTo(40 - 16 + 16 + 8, 6);
    expect(line.shape).toMatchObject({ x1: 460, x2: 515 });
    expect(text.style.text).toBe('78.0% n=200');
  });

  it('draws nothing for a missing rate', () => {
    expect(renderSlot(0, 2, '#000')(params, api([1, null, null, null, null]))).toBeNull();
  });
});
