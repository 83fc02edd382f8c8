/**
 * The overview's filters: read from and written to the URL
 * (`?year=2020&province=广东省…`), options narrowed by the place hierarchy
 * (province → city → school), and the parameters each named query takes.
 * Plain functions; the page and the filter bar only wire them up.
 */
import type { FilterKind, FilterOptionRow, QueryParams } from '../../queries';

export const FILTER_KEYS = ['year', 'province', 'city', 'school', 'level'] as const satisfies readonly FilterKind[];
export type FilterKey = (typeof FILTER_KEYS)[number];

/** Current filter values; '' = no filter. `school` is the school's id. */
export type Filters = Record<FilterKey, string>;

export const FILTER_LABELS: Record<FilterKey, string> = {
  year: '年份',
  province: '省份',
  city: '城市',
  school: '学校',
  level: '等级',
};

/** What an unset filter reads as in a select. */
export const ALL_LABELS: Record<FilterKey, string> = {
  year: '全部年份',
  province: '全部省份',
  city: '全部城市',
  school: '全部学校',
  level: '全部等级',
};

export interface FilterOption {
  value: string;
  label: string;
  parent: string | null;
}

export type FilterOptions = Record<FilterKey, FilterOption[]>;

export const EMPTY_FILTERS: Filters = { year: '', province: '', city: '', school: '', level: '' };

export function parseFilters(search: URLSearchParams): Filters {
  const filters = { ...EMPTY_FILTERS };
  for (const key of FILTER_KEYS) filters[key] = (search.get(key) ?? '').trim();
  return filters;
}

/** The query string of a view, keys in filter-bar order, unset keys left out (no leading `?`). */
export function filtersToSearch(filters: Filters): string {
  const search = new URLSearchParams();
  for (const key of FILTER_KEYS) if (filters[key]) search.set(key, filters[key]);
  return search.toString();
}

export function hasFilters(filters: Filters): boolean {
  return FILTER_KEYS.some((key) => filters[key] !== '');
}

/** Groups the rows of `filter_options` by kind, ordered by `sort_key` in zh-CN (pinyin) collation. */
export function groupOptions(rows: readonly FilterOptionRow[]): FilterOptions {
  const groups: FilterOptions = { year: [], province: [], city: [], school: [], level: [] };
  const sorted = [...rows].sort((a, b) => (a.sort_key ?? a.value).localeCompare(b.sort_key ?? b.value, 'zh-CN'));
  for (const row of sorted) {
    if (!(row.kind in groups)) continue;
    groups[row.kind].push({ value: row.value, label: row.label, parent: row.parent });
  }
  return groups;
}

function cityParent(options: FilterOptions, city: string): string | null {
  return options.city.find((c) => c.value === city)?.parent ?? null;
}

function schoolCity(options: FilterOptions, school: string): string | null {
  return options.school.find((s) => s.value === school)?.parent ?? null;
}

/** Does the school lie in the chosen city / province? */
function schoolWithin(options: FilterOptions, school: string, filters: Pick<Filters, 'province' | 'city'>): boolean {
  const city = schoolCity(options, school);
  if (filters.city) return city === filters.city;
  if (filters.province) return city !== null && cityParent(options, city) === filters.province;
  return true;
}

/**
 * The options each select offers: cities of the chosen province, schools of
 * the chosen city (or province). A value from the URL that has no option
 * (a link to a year without data) stays selectable, marked 无数据.
 */
export function visibleOptions(options: FilterOptions, filters: Filters): FilterOptions {
  const visible: FilterOptions = {
    year: options.year,
    province: options.province,
    city: filters.province ? options.city.filter((c) => c.parent === filters.province) : options.city,
    school: options.school.filter((s) => schoolWithin(options, s.value, filters)),
    level: options.level,
  };
  for (const key of FILTER_KEYS) {
    const value = filters[key];
    if (value && !visible[key].some((o) => o.value === value)) {
      const known = options[key].find((o) => o.value === value);
      visible[key] = [...visible[key], known ?? { value, label: `${value}（无数据）`, parent: null }];
    }
  }
  return visible;
}

/**
 * The filters after one select changed, keeping the hierarchy consistent:
 * a new province drops a city and school outside it; a city brings its
 * province and drops a school elsewhere; a school brings its city and province.
 */
export function changeFilter(filters: Filters, key: FilterKey, value: string, options: FilterOptions): Filters {
  const next: Filters = { ...filters, [key]: value };
  if (key === 'province') {
    if (value && next.city && cityParent(options, next.city) !== value) next.city = '';
    if (next.school && !schoolWithin(options, next.school, next)) next.school = '';
  } else if (key === 'city') {
    if (value) {
      const province = cityParent(options, value);
      if (province) next.province = province;
    }
    if (next.school && !schoolWithin(options, next.school, next)) next.school = '';
  } else if (key === 'school' && value) {
    const city = schoolCity(options, value);
    if (city) {
      next.city = city;
      const province = cityParent(options, city);
      if (province) next.province = province;
    }
  }
  return next;
}

/** Parameters of the blocks: each named query takes only the filters it declares. */
export function overviewParams(filters: Filters): QueryParams {
  return { year: filters.year, province: filters.province, city: filters.city, school: filters.school, level: filters.level };
}

export function traineesParams(filters: Filters): QueryParams {
  return { year: filters.year, province: filters.province, city: filters.city };
}

/** The quota table is provincial: it takes province and year only. */
export function quotaParams(filters: Filters): QueryParams {
  return { province: filters.province, year: filters.year };
}

/** Display labels of the set filters among `keys` (school id → its name), in filter-bar order. */
export function filterParts(filters: Filters, options: FilterOptions | null, keys: readonly FilterKey[] = FILTER_KEYS): string[] {
  const parts: string[] = [];
  for (const key of FILTER_KEYS) {
    if (!keys.includes(key) || !filters[key]) continue;
    if (key === 'school') parts.push(options?.school.find((s) => s.value === filters.school)?.label ?? `学校${filters.school}`);
    else parts.push(filters[key]);
  }
  return parts;
}

/** The set filters as people read them (`2020 年 · 广东省 · 广州城市职业学院`), for the page's scope line. */
export function scopeLabels(filters: Filters, options: FilterOptions | null): string[] {
  return FILTER_KEYS.filter((key) => filters[key]).map(
    (key) => options?.[key].find((o) => o.value === filters[key])?.label ?? (key === 'school' ? `学校${filters[key]}` : filters[key]),
  );
}

/**
 * A PNG file name after what the chart shows: `通过率_按证书_2020.png`, with `全部` when no filter applies.
 * @example pngFileName('通过率_按证书', ['2020', '广东省']) // '通过率_按证书_2020_广东省.png'
 */
export function pngFileName(base: string, parts: readonly string[]): string {
  const safe = [base, ...(parts.length ? parts : ['全部'])].map((p) => p.replace(/[\\/:*?"<>|\s]+/g, '-'));
  return `${safe.join('_')}.png`;
}

/**
 * A city option's value in a select: the province with the city, because a
 * city-level name (省直辖县级行政区划) repeats under several provinces. The URL
 * keeps the two readable parameters (`?province=河南省&city=省直辖县级行政区划`).
 * @example cityKey('河南省', '省直辖县级行政区划') // '河南省/省直辖县级行政区划'
 */
export function cityKey(province: string | null | undefined, city: string): string {
  return province ? `${province}/${city}` : city;
}

/** The province and city of a `cityKey` value (a bare city name has no province). */
export function splitCityKey(key: string): { province: string; city: string } {
  const at = key.indexOf('/');
  return at < 0 ? { province: '', city: key } : { province: key.slice(0, at), city: key.slice(at + 1) };
}

/** City options keyed by province + city, so two provinces' 省直辖县级行政区划 are two options. */
export function cityOptions(options: readonly FilterOption[]): FilterOption[] {
  return options.map((o) => ({ ...o, value: cityKey(o.parent, o.value) }));
}

/** The filters after a city select (value from `cityOptions`) changed: the province comes with it. */
export function changeCity(filters: Filters, key: string): Filters {
  if (!key) return { ...filters, city: '', school: '' };
  const { province, city } = splitCityKey(key);
  const next = { ...filters, city, province: province || filters.province };
  if (next.city !== filters.city || next.province !== filters.province) next.school = '';
  return next;
}

/** The levels of the drill-down, 全国 → 省 → 市 → 学校, each a link that keeps the other filters. */
export interface Crumb {
  label: string;
  /** The query string of the view (no leading `?`); null for the level shown now. */
  search: string | null;
}

export function breadcrumb(filters: Filters, schoolLabel?: string): Crumb[] {
  const keep = { ...filters };
  const crumbs: Crumb[] = [{ label: '全国', search: filtersToSearch({ ...keep, province: '', city: '', school: '' }) }];
  if (filters.province) crumbs.push({ label: filters.province, search: filtersToSearch({ ...keep, city: '', school: '' }) });
  if (filters.city) crumbs.push({ label: filters.city, search: filtersToSearch({ ...keep, school: '' }) });
  if (filters.school) crumbs.push({ label: schoolLabel ?? `学校${filters.school}`, search: filtersToSearch(keep) });
  crumbs[crumbs.length - 1]!.search = null;
  return crumbs;
}

/**
 * Where a drill-down link goes: one level down, every other filter kept.
 * @example drillSearch({ ...EMPTY_FILTERS, year: '2020' }, 'province', '广东省') // 'year=2020&province=%E5%B9%BF%E4%B8%9C%E7%9C%81'
 */
export function drillSearch(filters: Filters, kind: 'province' | 'city' | 'school', value: string): string {
  if (kind === 'province') return filtersToSearch({ ...filters, province: value, city: '', school: '' });
  if (kind === 'city') return filtersToSearch({ ...filters, city: value, school: '' });
  return filtersToSearch({ ...filters, school: value });
}
