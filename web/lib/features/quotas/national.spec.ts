import { describe, expect, it } from 'vitest';
import { NATIONAL, categoryCellsAsQuotaRows, isNational, provinceTotalsAsPlaces, shortProvince } from './national';
import { CHARTS } from '../../charts/catalogue';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

import { CELLS, TOTALS } from '../../charts/fixtures/national';

describe('the national quota view — provinces in the place of cities', () => {
  it('province totals become place totals by full name; a province with only on-demand quota is not a map area', () => {
    const places = provinceTotalsAsPlaces(TOTALS);
    expect(places.map((p) => [p.city, p.quota, p.stated, p.city_order])).toEqual([
      ['河南省', 1200, 1198, 410000],
      ['湖北省', 900, 900, 420000],
      ['广西壮族自治区', 900, null, 450000],
    ]);
  });

  it('category cells become matrix rows, in category then province order', () => {
    const rows = categoryCellsAsQuotaRows(CELLS);
    expect(rows.map((r) => [r.programme, r.city, r.quota])).toEqual(CELLS.map((c) => [c.category, c.province, c.quota]));
  });

  it.each([
    ['广西壮族自治区', '广西'],
    ['新疆维吾尔自治区', '新疆'],
    ['宁夏回族自治区', '宁夏'],
    ['西藏自治区', '西藏'],
    ['香港特别行政区', '香港'],
    ['北京市', '北京'],
    ['河南省', '河南'],
  ])('shortProvince(%s) = %s', (full, short) => expect(shortProvince(full)).toBe(short));

  it('全国 is the national view', () => {
    expect(isNational(NATIONAL)).toBe(true);
    expect(isNational('河南省')).toBe(false);
  });
});

describe('national quota charts of the catalogue', () => {
  it('the map is drawn on the 全国 map with a value per province, short labels, and 占全国 in the tooltip', () => {
    const def = CHARTS.quota_national_map!;
    expect(def.mapOf!({})).toBe('全国');
    const option = def.build({ totals: TOTALS }, {}, {}).option as Loose;
    expect(option.series[0].map).toBe('xpilot:全国');
    expect(option.series[0].data.map((d: Loose) => [d.name, d.value])).toEqual([['河南省', 1200], ['湖北省', 900], ['广西壮族自治区', 900]]);
    expect(option.series[0].data[2].label.formatter()).toBe('广西\n900');
    expect(option.series[0].label.show).toBe(false);
    expect(option.tooltip.formatter({ name: '河南省' })).toContain('占全国（分市名额）：40.0%');
  });

  it('the matrix has a row per category and a column per province (short names), each province’s bar its total', () => {
    const option = CHARTS.quota_national_matrix!.build({ cells: CELLS, totals: TOTALS }, {}, {}).option as Loose;
    expect(option.yAxis[0].data).toEqual(['国家级培训', '专项培训']);
    expect(option.xAxis[0].data).toEqual(['河南', '湖北', '广西']);
    expect(option.series[1].data.map((d: Loose) => d?.value)).toEqual([1200, 900, 900]);
  });

  it('reads only the year: province=全国 belongs to the page', () => {
    for (const id of ['quota_national_map', 'quota_national_matrix', 'quota_national_stated']) {
      expect(CHARTS[id]!.accepts, id).toEqual(['year']);
      expect(CHARTS[id]!.page({ year: '2021' }), id).toBe(`/quotas?province=${encodeURIComponent('全国')}&year=2021`);
    }
  });
});
