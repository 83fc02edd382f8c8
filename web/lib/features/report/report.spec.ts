import { describe, expect, it } from 'vitest';
import { addToBasket, itemKey, parseItemKey, readBasket, writeBasket } from './basket';
import { caption, cellText, imageUrl, mergeItems, moveItem, parseReport, printableColumns, printColumns, reportSearch, splitConstantColumns, totalRow } from './report';
import { chartDef } from '../../charts/catalogue';

function memory() {
  const m = new Map<string, string>();
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), removeItem: (k: string) => void m.delete(k) };
}

describe('report basket (localStorage)', () => {
  it('adds an item once per chart and parameters', () => {
    const s = memory();
    expect(addToBasket({ chart: 'school_funnel', params: { year: '2020', certificate: '26' } }, s)).toBe(1);
    expect(addToBasket({ chart: 'school_funnel', params: { certificate: '26', year: '2020' } }, s)).toBe(1);
    expect(addToBasket({ chart: 'school_funnel', params: { certificate: '26' } }, s)).toBe(2);
    writeBasket([], s);
    expect(readBasket(s)).toEqual([]);
  });
  it('survives garbage in storage', () => {
    const s = memory();
    s.setItem('xpilot.report.basket.v1', '{not json');
    expect(readBasket(s)).toEqual([]);
  });
  it('item keys: chart?sorted params, and back', () => {
    expect(itemKey({ chart: 'pass_rate_by_certificate', params: { year: '2020', province: '广东省' } })).toBe('pass_rate_by_certificate?province=%E5%B9%BF%E4%B8%9C%E7%9C%81&year=2020');
    expect(parseItemKey('pass_rate_by_certificate?year=2020')).toEqual({ chart: 'pass_rate_by_certificate', params: { year: '2020' } });
    expect(parseItemKey('../etc?x=1')).toBeNull();
  });
});

describe('report state in the URL', () => {
  it('round-trips title, notes, items and the tables switch; unknown charts are dropped', () => {
    const search = new URLSearchParams();
    search.set('title', '2020 年院校对比');
    search.append('item', 'pass_rate_by_certificate?year=2020');
    search.append('item', 'no_such_chart');
    search.append('item', 'quota_map?province=浙江省');
    search.set('tables', '1');
    const state = parseReport(search);
    expect(state.items.map((i) => i.chart)).toEqual(['pass_rate_by_certificate', 'quota_map']);
    expect(parseReport(new URLSearchParams(reportSearch(state)))).toEqual(state);
  });
  it('merges without repeats and moves items', () => {
    const a = { chart: 'a', params: {} };
    const b = { chart: 'b', params: { year: '2020' } };
    expect(mergeItems([a], [b, a])).toEqual([a, b]);
    expect(moveItem([1, 2, 3], 2, 0)).toEqual([3, 1, 2]);
    expect(moveItem([1, 2, 3], 0, -1)).toEqual([1, 2, 3]);
  });
  it('captions number the figures and carry the scope', () => {
    expect(caption(1, { chart: 'school_funnel', params: { year: '2020', certificate: '26' } }, { certificate: '智能财税' })).toBe('图 2　院校通过率漏斗图（2020 年 · 智能财税）');
  });
  it('images are the server’s SVG without its own title block', () => {
    expect(imageUrl({ chart: 'pass_rate_by_certificate', params: { year: '2020' } }, 720)).toBe('/api/charts/pass_rate_by_certificate.svg?year=2020&width=720&title=');
  });
  it.each([
    [0.9402985, { name: 'pass_rate', type: 'DOUBLE' }, '94.0%'],
    [1479, { name: 'candidates', type: 'INTEGER' }, '1,479'],
    [2020, { name: 'year', type: 'INTEGER' }, '2020'],
    [true, { name: 'small_sample', type: 'BOOLEAN' }, '是'],
    [null, { name: 'stated', type: 'INTEGER' }, '—'],
    ['智能财税', { name: 'certificate', type: 'VARCHAR' }, '智能财税'],
  ])('cellText(%j, %o) → %s', (value, column, text) => {
    expect(cellText(value, column)).toBe(text);
  });
  it('prints no id or order columns', () => {
    expect(printableColumns([{ name: 'school' }, { name: 'school_id' }, { name: 'city_order' }, { name: 'rate' }]).map((c) => c.name)).toEqual(['school', 'rate']);
  });
});

describe('printed tables say a constant column once', () => {
  it('year 2020 and 广东省 on every row go above the table; an all-empty column is dropped', () => {
    const cols = [{ name: 'year' }, { name: 'certificate' }, { name: 'province' }, { name: 'others_rate' }];
    const rows = [
      { year: 2020, certificate: '智能财税', province: '广东省', others_rate: null },
      { year: 2020, certificate: '物流管理', province: '广东省', others_rate: null },
    ];
    const split = splitConstantColumns(cols, rows);
    expect(split.varying.map((c) => c.name)).toEqual(['certificate']);
    expect(split.constant.map((c) => [c.column.name, c.value])).toEqual([['year', 2020], ['province', '广东省']]);
    expect(splitConstantColumns(cols, rows.slice(0, 1)).varying).toHaveLength(4);
  });
});

describe('totalRow — the printed quota table ends in 合计 (issue 14)', () => {
  const cols = [{ name: 'city' }, { name: 'quota' }, { name: 'stated' }, { name: 'difference' }, { name: 'share' }];
  // 浙江省 seed 003 annex 2, three of the cities.
  const rows = [
    { city: '杭州市', quota: 86, stated: 85, difference: 1, share: 0.5 },
    { city: '宁波市', quota: 66, stated: 65, difference: 1, share: 0.3 },
    { city: '舟山市', quota: 20, stated: null, difference: null, share: 0.2 },
  ];

  it('sums the chart’s additive columns over every row and labels the first other column', () => {
    expect(totalRow(cols, rows, chartDef('quota_stated')!.totals)).toEqual({ city: '合计', quota: 172, stated: null, difference: null, share: 1 });
    expect(totalRow(cols, rows.slice(0, 2), ['quota', 'stated'])).toEqual({ city: '合计', quota: 152, stated: 150 });
  });

  it('every quota chart of the catalogue declares its totals; a chart without them prints none', () => {
    for (const id of ['city_quotas', 'quota_map', 'quota_stated']) expect(chartDef(id)!.totals, id).toContain('quota');
    expect(totalRow(cols, rows, undefined)).toBeNull();
    expect(totalRow(cols, rows.slice(0, 1), ['quota'])).toBeNull();
  });
});

describe('printColumns — tables chosen for A4 (school_comparison, seed 004)', () => {
  const cols = ['school', 'candidates', 'passed', 'pass_rate', 'ci_low', 'ci_high', 'funnel_low', 'funnel_high', 'funnel_low_998', 'funnel_high_998', 'city', 'school_type', 'position', 'rank'].map((name) => ({
    name,
    type: /candidates|passed|rank/.test(name) ? 'INTEGER' : /rate|ci_|funnel/.test(name) ? 'DOUBLE' : 'VARCHAR',
  }));
  it('merges interval ends into one column, leaves out the 99.8% limits, and goes landscape past 7 columns', () => {
    const { columns, landscape } = printColumns(cols, (c) => c.name);
    expect(columns.map((c) => c.label)).toEqual(['school', 'candidates', 'passed', 'pass_rate', '95% 区间', '95% 控制限', 'city', 'school_type', 'position', 'rank']);
    expect(columns[4]!.text({ ci_low: 0.782, ci_high: 0.821 })).toBe('78.2%–82.1%');
    expect(columns[8]!.text({ position: 'within' })).toBe('在控制限内');
    expect(landscape).toBe(true);
  });
  it('a narrow table stays portrait', () => {
    expect(printColumns(cols.slice(0, 6), (c) => c.name)).toMatchObject({ landscape: false });
  });
});
