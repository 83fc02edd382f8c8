import { describe, expect, it } from 'vitest';
import {
  HEAT_COLORS,
  buildCityQuotasOption,
  cityQuotaMatrix,
  cityQuotasChartHeight,
  cityTotalBarLabel,
  cityTotalLabel,
  unsplitProgrammes,
} from './city-quotas';
import { QUOTA_ROWS, QUOTA_TOTAL_ROWS } from './fixtures/seed';
import { PROGRAMME_LABEL_MAX } from './city-quotas';
import { distinctLabels, truncateLabel } from './theme';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

const option = buildCityQuotasOption(QUOTA_ROWS, QUOTA_TOTAL_ROWS) as Loose;
const LONG = '加工制造类、信息技术类相关专业（企业实践+教学实践，企业实践依托校企合作单位，教学实践在培训基地完成）';

describe('buildCityQuotasOption — seed 003, quota annex (浙江省)', () => {
  it('has a heatmap grid and a totals grid below it', () => {
    expect(option.series.map((s: Loose) => s.type)).toEqual(['heatmap', 'bar']);
    expect(option.grid).toHaveLength(2);
    expect(option.grid[1].top).toBeGreaterThan(option.grid[0].top + option.grid[0].height);
    expect(option.grid[0].left).toBe(option.grid[1].left);
    expect(option.series[1]).toMatchObject({ xAxisIndex: 1, yAxisIndex: 1 });
  });

  it('orders programmes as in the document and cities by region code, shared by both grids', () => {
    expect(option.yAxis[0].data).toEqual(['信息技术类（计算机网络技术、数字媒体技术应用）', '旅游服务类', LONG]);
    expect(option.yAxis[0].inverse).toBe(true);
    expect(option.xAxis[0].data).toEqual(['杭州市', '宁波市', '温州市', '舟山市']);
    expect(option.xAxis[1].data).toEqual(option.xAxis[0].data);
    expect(option.xAxis[0].position).toBe('top');
  });

  it('leaves programmes without a city (按需报名) out of the grid', () => {
    expect(option.yAxis[0].data).not.toContain('食品、农产品检测及质量安全');
    expect(option.series[0].data).toHaveLength(9);
  });

  it('prints each cell as [city, programme, quota]', () => {
    expect(option.series[0].data.map((d: Loose) => d.value)).toEqual([
      [0, 0, 6],
      [1, 0, 6],
      [2, 0, 7],
      [0, 1, 7],
      [1, 1, 6],
      [2, 1, 4],
      [0, 2, 2],
      [1, 2, 3],
      [2, 2, 3],
    ]);
    expect(option.series[0].label.show).toBe(true);
    expect(option.series[0].data[2].label.color).toBe('#ffffff');
    expect(option.series[0].data[6].label.color).toBe('#1f2937');
  });

  it('scales the visual map from 0 to the largest cell', () => {
    expect(option.visualMap).toMatchObject({ min: 0, max: 7, dimension: 2, seriesIndex: 0 });
    expect(option.visualMap.inRange.color).toEqual(HEAT_COLORS);
  });

  it('cuts long programme names on the axis, keeps them whole in the tooltip', () => {
    expect(option.yAxis[0].axisLabel.formatter(LONG)).toBe('加工制造类、信息技术类相关专…');
    expect(option.yAxis[0].axisLabel.formatter('旅游服务类')).toBe('旅游服务类');
    const html: string = option.tooltip.formatter({ seriesIndex: 0, dataIndex: 8 });
    expect(html).toContain(LONG);
    expect(html).toContain('企业实践锻炼培养培训 · 浙江机电职业技术学院');
    expect(html).toContain('温州市：<b>3</b> 人');
  });

  it('labels each city total and flags the ones the document states otherwise', () => {
    const bars = option.series[1].data;
    expect(bars.map((b: Loose) => b.value)).toEqual([86, 86, 70, 20]);
    expect(bars.map((b: Loose) => b.label.formatter)).toEqual(['86\n（文件 85）', '86\n（文件 85）', '70\n（文件 69）', '20']);
    expect(bars.map((b: Loose) => b.label.color)).toEqual(['#b45309', '#b45309', '#b45309', '#1f2937']);
    const html: string = option.tooltip.formatter({ seriesIndex: 1, dataIndex: 0 });
    expect(html).toContain('文件所列合计：85');
    expect(html).toContain('与文件不一致（差 +1）');
    expect(html).toContain('占全省（分市名额）：14.6%');
  });

  it('is white, unanimated and untitled unless asked', () => {
    expect(option.backgroundColor).toBe('#ffffff');
    expect(option.animation).toBe(false);
    expect(option.title.show).toBe(false);
    const titled = buildCityQuotasOption(QUOTA_ROWS, QUOTA_TOTAL_ROWS, { title: '各市培训名额（浙江省）' }) as Loose;
    expect(titled.title.text).toBe('各市培训名额（浙江省）');
    expect(titled.grid[0].top).toBe(option.grid[0].top + 44);
  });
});

describe('city quota helpers', () => {
  it('cityQuotaMatrix: max over the cells', () => {
    expect(cityQuotaMatrix(QUOTA_ROWS, QUOTA_TOTAL_ROWS).max).toBe(7);
    expect(cityQuotaMatrix([], []).max).toBe(1);
  });

  it('unsplitProgrammes: the rows with no city, with their total and note', () => {
    expect(unsplitProgrammes(QUOTA_ROWS).map((r) => [r.programme, r.quota, r.note])).toEqual([
      ['食品、农产品检测及质量安全', 30, '专业教师总量较少，各地按需报名。'],
    ]);
  });

  it.each([
    [{ quota: 86, stated: 85 }, '86（文件 85）'],
    [{ quota: 20, stated: 20 }, '20'],
    [{ quota: 37, stated: null }, '37'],
    [{ quota: 1204, stated: 1200 }, '1,204（文件 1,200）'],
  ])('cityTotalLabel(%o) → %s', (row, label) => {
    expect(cityTotalLabel(row)).toBe(label);
  });

  it.each([
    [{ quota: 86, stated: 85 }, '86\n（文件 85）'],
    [{ quota: 20, stated: 20 }, '20'],
  ])('cityTotalBarLabel(%o) → %j (two lines, for narrow columns)', (row, label) => {
    expect(cityTotalBarLabel(row)).toBe(label);
  });

  it.each([
    [0, 272],
    [3, 324],
    [19, 740],
  ])('cityQuotasChartHeight(%i) → %i px', (n, px) => {
    expect(cityQuotasChartHeight(n)).toBe(px);
  });
});

describe('heatmap row labels can be told apart (issue 14)', () => {
  it('two rows of the same programme in different categories keep their distinguishing end', () => {
    const a = '信息技术类（计算机应用、软件技术、电子与信息技术）（中职）';
    const b = '信息技术类（计算机应用、软件技术、电子与信息技术）（高职）';
    const labels = distinctLabels([a, b, '旅游服务类'], PROGRAMME_LABEL_MAX);
    expect(labels.get('旅游服务类')).toBe('旅游服务类');
    expect(labels.get(a)).not.toBe(labels.get(b));
    expect(labels.get(a)).toMatch(/中职/);
    expect(labels.get(b)).toMatch(/高职/);
    expect(truncateLabel(a, PROGRAMME_LABEL_MAX)).toBe(truncateLabel(b, PROGRAMME_LABEL_MAX));
  });
  it('names that differ before the cut keep the plain cut', () => {
    const labels = distinctLabels(['加工制造类（机电数控技术、工业机器人技术应用）', '交通运输类（轨道交通、汽车运用与维修）'], 14);
    expect([...labels.values()]).toEqual(['加工制造类（机电数控技术、工…', '交通运输类（轨道交通、汽车运…']);
  });
});
