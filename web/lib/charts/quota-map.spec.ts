import { describe, expect, it } from 'vitest';
import { buildQuotaMapOption, cityMapLabel, quotaMapHeight } from './quota-map';
import { QUOTA_TOTAL_ROWS } from './fixtures/seed';
import { HEAT_COLORS } from './city-quotas';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;
const option = buildQuotaMapOption(QUOTA_TOTAL_ROWS, 'xpilot:浙江省') as Loose;

describe('buildQuotaMapOption — seed 003 annex 2 city totals (浙江省)', () => {
  it('is one map series on the registered map, a value per city by its full name', () => {
    expect(option.series).toHaveLength(1);
    expect(option.series[0]).toMatchObject({ type: 'map', map: 'xpilot:浙江省', roam: false });
    expect(option.series[0].data.map((d: Loose) => [d.name, d.value])).toEqual([
      ['杭州市', 86],
      ['宁波市', 86],
      ['温州市', 70],
      ['舟山市', 20],
    ]);
  });

  it('colours by quota from 0 to the largest city, in the heatmap colours', () => {
    expect(option.visualMap).toMatchObject({ type: 'continuous', min: 0, max: 86, seriesIndex: 0 });
    expect(option.visualMap.inRange.color).toEqual(HEAT_COLORS);
  });

  it('labels each city with its figure and the document’s total where it differs', () => {
    expect(option.series[0].data.map((d: Loose) => d.label.formatter())).toEqual(['杭州市\n86（文件 85）', '宁波市\n86（文件 85）', '温州市\n70（文件 69）', '舟山市\n20']);
    // dark areas get white text, light ones dark text
    expect(option.series[0].data[0].label.color).toBe('#ffffff');
    expect(option.series[0].data[3].label.color).toBe('#1f2937');
  });

  it('explains a city in the tooltip; a city without data says so', () => {
    const html: string = option.tooltip.formatter({ name: '杭州市' });
    expect(html).toContain('名额合计：<b>86</b>');
    expect(html).toContain('文件所列合计：85');
    expect(html).toContain('与文件不一致（差 +1）');
    expect(option.tooltip.formatter({ name: '丽水市' })).toContain('无名额数据');
  });

  it.each([
    [{ city: '杭州市', quota: 86, stated: 85 }, '杭州市\n86（文件 85）'],
    [{ city: '舟山市', quota: 20, stated: 20 }, '舟山市\n20'],
    [{ city: '某市', quota: 3, stated: null }, '某市\n3'],
  ])('cityMapLabel(%o) → %j', (row, label) => {
    expect(cityMapLabel(row)).toBe(label);
  });

  it('is 520 px tall plus the title block', () => {
    expect(quotaMapHeight()).toBe(520);
    expect(quotaMapHeight({ title: 'x' })).toBe(564);
  });
});
