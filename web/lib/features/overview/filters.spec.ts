import { describe, expect, it } from 'vitest';
import type { FilterOptionRow } from '../../queries';
import {
  EMPTY_FILTERS,
  changeFilter,
  filterParts,
  filtersToSearch,
  groupOptions,
  parseFilters,
  pngFileName,
  quotaParams,
  scopeLabels,
  traineesParams,
  visibleOptions,
  type Filters,
  breadcrumb,
  changeCity,
  cityKey,
  cityOptions,
  drillSearch,
  splitCityKey,
} from './filters';

/** filter_options over the default dataset (abridged: 3 of the 11 浙江 cities). */
const ROWS: FilterOptionRow[] = [
  { kind: 'city', value: '杭州市', label: '杭州市', parent: '浙江省', sort_key: '3301' },
  { kind: 'city', value: '宁波市', label: '宁波市', parent: '浙江省', sort_key: '3302' },
  { kind: 'city', value: '丽水市', label: '丽水市', parent: '浙江省', sort_key: '3311' },
  { kind: 'city', value: '广州市', label: '广州市', parent: '广东省', sort_key: '4401' },
  { kind: 'city', value: '中山市', label: '中山市', parent: '广东省', sort_key: '4420' },
  { kind: 'level', value: '中级', label: '中级', parent: null, sort_key: '2' },
  { kind: 'level', value: '初级', label: '初级', parent: null, sort_key: '1' },
  { kind: 'province', value: '广东省', label: '广东省', parent: null, sort_key: '广东省' },
  { kind: 'province', value: '浙江省', label: '浙江省', parent: null, sort_key: '浙江省' },
  { kind: 'school', value: '2', label: '中山火炬职业技术学院', parent: '中山市', sort_key: '广东省中山市中山火炬职业技术学院' },
  { kind: 'school', value: '1', label: '广州城市职业学院', parent: '广州市', sort_key: '广东省广州市广州城市职业学院' },
  { kind: 'year', value: '2021', label: '2021 年', parent: null, sort_key: '7978' },
  { kind: 'year', value: '2020', label: '2020 年', parent: null, sort_key: '7979' },
];
const OPTIONS = groupOptions(ROWS);
const f = (partial: Partial<Filters>): Filters => ({ ...EMPTY_FILTERS, ...partial });
const values = (list: { value: string }[]) => list.map((o) => o.value);

describe('URL ⇄ filters', () => {
  it.each([
    ['', f({})],
    ['year=2020', f({ year: '2020' })],
    ['province=广东省&city=广州市&school=1&level=初级', f({ province: '广东省', city: '广州市', school: '1', level: '初级' })],
    ['year=&foo=bar&city=%20杭州市%20', f({ city: '杭州市' })],
  ])('parseFilters(%s)', (search, expected) => {
    expect(parseFilters(new URLSearchParams(search))).toEqual(expected);
  });

  it.each([
    [f({}), ''],
    [f({ year: '2020' }), 'year=2020'],
    [f({ level: '初级', year: '2020', province: '广东省' }), 'year=2020&province=%E5%B9%BF%E4%B8%9C%E7%9C%81&level=%E5%88%9D%E7%BA%A7'],
  ])('filtersToSearch(%j) → %s', (filters, expected) => {
    expect(filtersToSearch(filters)).toBe(expected);
  });
});

describe('groupOptions sorts each kind by sort_key (zh-CN collation)', () => {
  it.each([
    ['year', ['2021', '2020']], // sort_key = 9999 − year: newest first
    ['level', ['初级', '中级']],
    ['province', ['广东省', '浙江省']],
    ['city', ['杭州市', '宁波市', '丽水市', '广州市', '中山市']],
    // zh-CN collation (pinyin): 广东省广州市… before 广东省中山市…
    ['school', ['1', '2']],
  ] as const)('%s → %j', (kind, expected) => {
    expect(values(OPTIONS[kind])).toEqual(expected);
  });
});

describe('visibleOptions narrows by the place hierarchy', () => {
  it.each([
    ['no place filter', f({}), ['杭州市', '宁波市', '丽水市', '广州市', '中山市'], ['1', '2']],
    ['province 广东省', f({ province: '广东省' }), ['广州市', '中山市'], ['1', '2']],
    ['province 浙江省', f({ province: '浙江省' }), ['杭州市', '宁波市', '丽水市'], []],
    ['city 广州市', f({ province: '广东省', city: '广州市' }), ['广州市', '中山市'], ['1']],
  ])('%s', (_case, filters, cities, schools) => {
    const visible = visibleOptions(OPTIONS, filters);
    expect(values(visible.city)).toEqual(cities);
    expect(values(visible.school)).toEqual(schools);
  });

  it('keeps a URL value without data selectable, marked 无数据', () => {
    expect(visibleOptions(OPTIONS, f({ year: '1999' })).year.at(-1)).toEqual({ value: '1999', label: '1999（无数据）', parent: null });
  });
});

describe('changeFilter keeps province → city → school consistent', () => {
  it.each([
    ['city brings its province', f({}), 'city', '广州市', f({ province: '广东省', city: '广州市' })],
    ['school brings city and province', f({ year: '2020' }), 'school', '2', f({ year: '2020', province: '广东省', city: '中山市', school: '2' })],
    ['another province drops city and school', f({ province: '广东省', city: '广州市', school: '1' }), 'province', '浙江省', f({ province: '浙江省' })],
    ['clearing the province keeps city and school', f({ province: '广东省', city: '广州市', school: '1' }), 'province', '', f({ city: '广州市', school: '1' })],
    ['another city drops a school elsewhere', f({ province: '广东省', city: '广州市', school: '1' }), 'city', '中山市', f({ province: '广东省', city: '中山市' })],
    ['year changes nothing else', f({ province: '广东省' }), 'year', '2021', f({ province: '广东省', year: '2021' })],
  ] as const)('%s', (_case, before, key, value, after) => {
    expect(changeFilter(before, key, value, OPTIONS)).toEqual(after);
  });
});

describe('block parameters', () => {
  const all = f({ year: '2020', province: '广东省', city: '广州市', school: '1', level: '初级' });
  it('trainees_by_college takes year, province, city', () => {
    expect(traineesParams(all)).toEqual({ year: '2020', province: '广东省', city: '广州市' });
  });
  it('the quota table is provincial: province and year only', () => {
    expect(quotaParams(all)).toEqual({ province: '广东省', year: '2020' });
  });
});

describe('names after what is shown', () => {
  it.each([
    ['通过率_按证书', f({ year: '2020' }), undefined, '通过率_按证书_2020.png'],
    ['通过率_按证书', f({}), undefined, '通过率_按证书_全部.png'],
    ['通过率_按证书', f({ year: '2020', province: '广东省', school: '1', level: '初级' }), undefined, '通过率_按证书_2020_广东省_广州城市职业学院_初级.png'],
    ['培训名额_按城市', f({ province: '浙江省', city: '杭州市', level: '初级' }), ['year', 'province'] as const, '培训名额_按城市_浙江省.png'],
  ])('%s %j → %s', (base, filters, keys, expected) => {
    expect(pngFileName(base, filterParts(filters, OPTIONS, keys))).toBe(expected);
  });

  it('replaces characters a file system refuses', () => {
    expect(pngFileName('a/b', ['x:y', 'z w'])).toBe('a-b_x-y_z-w.png');
  });

  it('scopeLabels reads like the selects', () => {
    expect(scopeLabels(f({ year: '2020', school: '1' }), OPTIONS)).toEqual(['2020 年', '广州城市职业学院']);
    expect(scopeLabels(f({ school: '9' }), null)).toEqual(['学校9']);
  });
});

describe('cities keyed by province (省直辖县级行政区划 under 湖北 and 河南)', () => {
  const shared = '省直辖县级行政区划';
  it('gives the two same-named cities two distinct option values', () => {
    const opts = cityOptions([
      { value: shared, label: shared, parent: '湖北省' },
      { value: shared, label: shared, parent: '河南省' },
    ]);
    expect(opts.map((o) => o.value)).toEqual([`湖北省/${shared}`, `河南省/${shared}`]);
    expect(splitCityKey(opts[1]!.value)).toEqual({ province: '河南省', city: shared });
  });
  it('a city choice writes the readable pair to the URL and drops a school elsewhere', () => {
    const next = changeCity({ ...EMPTY_FILTERS, year: '2022', school: '7' }, `河南省/${shared}`);
    expect(filtersToSearch(next)).toBe(new URLSearchParams({ year: '2022', province: '河南省', city: shared }).toString());
    expect(changeCity({ ...EMPTY_FILTERS, province: '广东省', city: '广州市' }, '')).toEqual({ ...EMPTY_FILTERS, province: '广东省' });
  });
  it('an old URL with a bare city keeps working as a bare key', () => {
    expect(cityKey(null, '杭州市')).toBe('杭州市');
    expect(splitCityKey('杭州市')).toEqual({ province: '', city: '杭州市' });
  });
});

describe('drill-down 全国 → 省 → 市 → 学校 keeps the other filters', () => {
  const f = { ...EMPTY_FILTERS, year: '2021', level: '初级' };
  it.each([
    ['province', '广东省', 'year=2021&province=广东省&level=初级'],
    ['city', '广州市', 'year=2021&city=广州市&level=初级'],
    ['school', '12', 'year=2021&school=12&level=初级'],
  ] as const)('%s %s', (kind, value, expected) => expect(decodeURIComponent(drillSearch(f, kind, value))).toBe(expected));
  it('the breadcrumb links every level above the current one', () => {
    const crumbs = breadcrumb({ ...f, province: '广东省', city: '广州市' });
    expect(crumbs.map((c) => [c.label, c.search === null ? null : decodeURIComponent(c.search)])).toEqual([
      ['全国', 'year=2021&level=初级'],
      ['广东省', 'year=2021&province=广东省&level=初级'],
      ['广州市', null],
    ]);
  });
});
