/**
 * Every chart of the product, by id: which named queries feed it (with which
 * parameters), how its rows become an ECharts option (the same builder the
 * page draws with), its title, and what its exported files are called.
 *
 * The page, the card's PNG/SVG/CSV/XLSX exports, the report page and the
 * server's `GET /api/charts/:chart.svg|.png` all go through this one table, so
 * an exported or server-rendered chart is the chart on the page. Pure: no DOM,
 * no Svelte, relative imports only (the server loads it with Node).
 */
import type { EChartsOption, GraphicComponentOption } from 'echarts';
import type {
  ApplicationsByBatchRow,
  CityQuotaRow,
  CityQuotaTotalRow,
  FunnelLimitRow,
  PassRateByCertificateLevelRow,
  PassRateByCertificateRow,
  QueryParams,
  QuotaCategoryProvinceRow,
  QuotaProvinceTotalRow,
  SchoolBenchmarkRow,
  SchoolCertificateRow,
  SchoolComparisonRow,
  SchoolTeacherRow,
  TraineesByCollegeRow,
} from '../queries';
import { TEXT_MUTED, type ChartTextOptions } from './theme';
import { buildPassRateByCertificateOption, passRateChartHeight } from './pass-rate-by-certificate';
import { buildTraineesByCollegeOption, traineesChartHeight } from './trainees-by-college';
import { AREA_N, areaChartRows } from '../features/overview/trainees';
import type { TraineesByAreaRow } from '../features/overview/rows';
import { buildCityQuotasOption, cityQuotaMatrix, cityQuotasChartHeight } from './city-quotas';
import { LIMITS_LABELS, buildFunnelPlotOption, funnelChartHeight, pointsFrom, type FunnelPoint, type FunnelPointWire } from './funnel-plot';
import { buildRateBarsOption, rateBarsHeight } from './rate-bars';
import { benchmarkItems, levelItems, schoolRateItems } from './rate-items';
import { buildGroupedRatesOption, groupRates, groupedRatesHeight } from './grouped-rates';
import { buildSchoolTrendOption, hasTrend, schoolTrendHeight } from './school-trend';
import { applicationsChartHeight, buildApplicationsByBatchOption } from './applications-by-batch';
import { buildTeachersVsRateOption, teachersChartHeight } from './teachers-vs-rate';
import { buildQuotaMapOption, quotaMapHeight } from './quota-map';
import { buildQuotaStatedOption, quotaStatedHeight } from './quota-stated';
import { NATIONAL, categoryCellsAsQuotaRows, provinceTotalsAsPlaces, shortProvince } from '../features/quotas/national';

/** The kinds of funnel limits a chart may be drawn with (queries' `limits` parameter). */
const FUNNEL_LIMITS = ['plain', 'phi', 'tau2'] as const;

/** A chart's parameters as they stand in a page URL (`year=2020&certificate=26`). */
export type ChartParams = Record<string, string>;

/** Every URL parameter a chart may read, in the order scope lines and file names list them. */
export const SCOPE_KEYS = ['year', 'province', 'city', 'school_type', 'certificate', 'school', 'schools', 'level', 'limits'] as const;
export type ScopeKey = (typeof SCOPE_KEYS)[number];

/** Display names of ids in the parameters (school 1 → 广州城市职业学院). */
export interface ScopeNames {
  school?: string;
  certificate?: string;
  schools?: string[];
}

export interface ChartQuery {
  /** Key of the rows in the data handed to `build`. */
  slot: string;
  query: string;
  params: QueryParams;
}

/** Query rows by slot. */
export type ChartData = Record<string, readonly unknown[]>;

export interface BuiltChart {
  option: EChartsOption;
  /** Pixel height the chart needs at any width. */
  height: number;
  /** No data to draw (the option then says so in the middle). */
  empty: boolean;
}

export interface ChartDef {
  id: string;
  title: string;
  /** Start of every exported file name, e.g. 通过率_按证书 → 通过率_按证书_2020.png. */
  fileBase: string;
  /** URL parameters the chart reads; any other is refused by the server. */
  accepts: readonly ScopeKey[];
  /** Parameters without which it cannot be drawn. */
  required?: readonly ScopeKey[];
  /** Default export width in CSS pixels (the server's `width`). */
  width: number;
  /** The page that shows the chart, with these parameters. */
  page(p: ChartParams): string;
  queries(p: ChartParams): ChartQuery[];
  /** The slot whose rows are "the data behind the chart" (CSV/XLSX). */
  dataSlot: string;
  /** Columns of the data slot that add up: the printed table ends in a 合计 row of them. */
  totals?: readonly string[];
  /** Province whose map must be registered before drawing (quota map). */
  mapOf?(p: ChartParams): string | null;
  build(data: ChartData, p: ChartParams, text: ChartTextOptions): BuiltChart;
}

const pick = (p: ChartParams, keys: readonly string[], extra: QueryParams = {}): QueryParams => {
  const out: QueryParams = {};
  for (const k of keys) if (p[k]) out[k] = p[k];
  return { ...out, ...extra };
};
const rows = <T>(data: ChartData, slot: string) => (data[slot] ?? []) as readonly T[];

/** A note in the middle of an empty chart, so a server-rendered empty chart says why. */
const EMPTY_GRAPHIC: GraphicComponentOption = {
  type: 'text',
  left: 'center',
  top: 'middle',
  style: { text: '当前筛选条件下没有数据', fill: TEXT_MUTED, fontSize: 14 },
  silent: true,
  z: 100,
};

function built(option: EChartsOption, height: number, empty: boolean, _text: ChartTextOptions): BuiltChart {
  return { option: empty ? { ...option, graphic: [EMPTY_GRAPHIC] } : option, height, empty };
}

/** The national matrix and totals with provinces by their short names (31 columns must fit). */
function nationalMatrix(data: ChartData) {
  const short = <T extends { city: string | null }>(r: T): T => ({ ...r, city: r.city === null ? null : shortProvince(r.city) });
  return {
    cells: categoryCellsAsQuotaRows(rows<QuotaCategoryProvinceRow>(data, 'cells')).map(short),
    totals: provinceTotalsAsPlaces(rows<QuotaProvinceTotalRow>(data, 'totals')).map(short),
  };
}

/** The city totals' additive columns (shares add up to 100%). */
const QUOTA_TOTALS = ['quota', 'stated', 'difference', 'share'] as const;

const COMPARE_KEYS = ['certificate', 'year', 'province', 'city', 'school_type', 'level', 'limits'] as const;
const comparePage = (p: ChartParams) => `/compare${queryText(pick(p, COMPARE_KEYS))}`;
const schoolPage = (p: ChartParams) => `/schools/${encodeURIComponent(p.school ?? '')}${queryText(pick(p, ['year']))}`;

/** `?a=1&b=2`, or '' when empty. */
export function queryText(params: QueryParams): string {
  const s = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && String(v).trim() !== '') s.set(k, String(v));
  const text = s.toString();
  return text ? `?${text}` : '';
}

export const CHARTS: Record<string, ChartDef> = {
  pass_rate_by_certificate: {
    id: 'pass_rate_by_certificate',
    title: '各证书通过率',
    fileBase: '通过率_按证书',
    accepts: ['year', 'province', 'city', 'school', 'level'],
    width: 960,
    page: (p) => `/${queryText(pick(p, ['year', 'province', 'city', 'school', 'level']))}`,
    queries: (p) => [{ slot: 'rows', query: 'pass_rate_by_certificate', params: pick(p, ['year', 'province', 'city', 'school', 'level']) }],
    dataSlot: 'rows',
    build(data, _p, text) {
      const r = rows<PassRateByCertificateRow>(data, 'rows');
      return built(buildPassRateByCertificateOption(r, text), passRateChartHeight(r.length, text), r.length === 0, text);
    },
  },
  trainees_by_college: {
    id: 'trainees_by_college',
    title: '各院校培训与考证人数',
    fileBase: '培训人数_按院校',
    accepts: ['year', 'province', 'city'],
    width: 960,
    page: (p) => `/${queryText(pick(p, ['year', 'province', 'city']))}`,
    // Top and bottom 10 of the level below the filters, 其他 summed in SQL: never 9,000 bars (issue 13).
    queries: (p) => [{ slot: 'rows', query: 'trainees_by_area', params: pick(p, ['year', 'province', 'city'], { n: AREA_N }) }],
    dataSlot: 'rows',
    build(data, _p, text) {
      const given = rows<TraineesByCollegeRow | TraineesByAreaRow>(data, 'rows');
      // Area rows (the query above) or rows already shaped for the chart (the page passes those).
      const r = given.length > 0 && 'area' in given[0]! ? areaChartRows(given as TraineesByAreaRow[]) : (given as TraineesByCollegeRow[]);
      return built(buildTraineesByCollegeOption(r, text), traineesChartHeight(r.length, text), r.length === 0, text);
    },
  },
  city_quotas: {
    id: 'city_quotas',
    title: '各市培训名额',
    fileBase: '培训名额_按城市',
    accepts: ['province', 'year'],
    width: 1100,
    page: (p) => `/quotas${queryText(pick(p, ['province', 'year']))}`,
    queries: (p) => [
      { slot: 'quotas', query: 'city_quotas', params: pick(p, ['province', 'year']) },
      { slot: 'totals', query: 'city_quota_totals', params: pick(p, ['province', 'year']) },
    ],
    dataSlot: 'quotas',
    totals: ['quota'],
    build(data, _p, text) {
      const q = rows<CityQuotaRow>(data, 'quotas');
      const t = rows<CityQuotaTotalRow>(data, 'totals');
      const programmes = cityQuotaMatrix(q, t).programmes.length;
      return built(buildCityQuotasOption(q, t, text), cityQuotasChartHeight(programmes, text), programmes === 0, text);
    },
  },
  quota_map: {
    id: 'quota_map',
    title: '各市培训名额地图',
    fileBase: '培训名额_地图',
    accepts: ['province', 'year'],
    required: ['province'],
    width: 900,
    page: (p) => `/quotas${queryText(pick(p, ['province', 'year']))}`,
    queries: (p) => [{ slot: 'totals', query: 'city_quota_totals', params: pick(p, ['province', 'year']) }],
    dataSlot: 'totals',
    totals: QUOTA_TOTALS,
    mapOf: (p) => p.province ?? null,
    build(data, p, text) {
      const t = rows<CityQuotaTotalRow>(data, 'totals');
      return built(buildQuotaMapOption(t, mapName(p.province ?? ''), text), quotaMapHeight(text), t.length === 0, text);
    },
  },
  quota_national_map: {
    id: 'quota_national_map',
    title: '各省培训名额地图',
    fileBase: '培训名额_全国地图',
    accepts: ['year'],
    width: 900,
    page: (p) => `/quotas${queryText({ province: NATIONAL, ...pick(p, ['year']) })}`,
    queries: (p) => [{ slot: 'totals', query: 'quota_province_totals', params: pick(p, ['year']) }],
    dataSlot: 'totals',
    totals: ['quota', 'unsplit', 'stated', 'difference', 'share', 'cities'],
    mapOf: () => NATIONAL,
    build(data, _p, text) {
      const t = provinceTotalsAsPlaces(rows<QuotaProvinceTotalRow>(data, 'totals'));
      return built(buildQuotaMapOption(t, mapName(NATIONAL), text, { national: true, labelName: shortProvince }), quotaMapHeight(text), t.length === 0, text);
    },
  },
  quota_national_matrix: {
    id: 'quota_national_matrix',
    title: '各省各类培训名额',
    fileBase: '培训名额_按省份',
    accepts: ['year'],
    width: 1100,
    page: (p) => `/quotas${queryText({ province: NATIONAL, ...pick(p, ['year']) })}`,
    queries: (p) => [
      { slot: 'cells', query: 'quota_category_provinces', params: pick(p, ['year']) },
      { slot: 'totals', query: 'quota_province_totals', params: pick(p, ['year']) },
    ],
    dataSlot: 'cells',
    totals: ['quota', 'programmes'],
    build(data, _p, text) {
      const { cells, totals } = nationalMatrix(data);
      const rowsCount = cityQuotaMatrix(cells, totals).programmes.length;
      return built(buildCityQuotasOption(cells, totals, text), cityQuotasChartHeight(rowsCount, text), rowsCount === 0, text);
    },
  },
  quota_national_stated: {
    id: 'quota_national_stated',
    title: '各省名额合计：逐项相加与文件所列',
    fileBase: '名额合计_核对_全国',
    accepts: ['year'],
    width: 1100,
    page: (p) => `/quotas${queryText({ province: NATIONAL, ...pick(p, ['year']) })}`,
    queries: (p) => [{ slot: 'totals', query: 'quota_province_totals', params: pick(p, ['year']) }],
    dataSlot: 'totals',
    totals: ['quota', 'unsplit', 'stated', 'difference', 'share', 'cities'],
    build(data, _p, text) {
      const t = nationalMatrix(data).totals;
      return built(buildQuotaStatedOption(t, text), quotaStatedHeight(text), t.length === 0, text);
    },
  },
  quota_stated: {
    id: 'quota_stated',
    title: '各市名额合计：逐项相加与文件所列',
    fileBase: '名额合计_核对',
    accepts: ['province', 'year'],
    width: 960,
    page: (p) => `/quotas${queryText(pick(p, ['province', 'year']))}`,
    queries: (p) => [{ slot: 'totals', query: 'city_quota_totals', params: pick(p, ['province', 'year']) }],
    dataSlot: 'totals',
    totals: QUOTA_TOTALS,
    build(data, _p, text) {
      const t = rows<CityQuotaTotalRow>(data, 'totals');
      return built(buildQuotaStatedOption(t, text), quotaStatedHeight(text), t.length === 0, text);
    },
  },
  school_funnel: {
    id: 'school_funnel',
    title: '院校通过率漏斗图',
    fileBase: '漏斗图_院校通过率',
    accepts: COMPARE_KEYS,
    width: 960,
    page: comparePage,
    queries: (p) => [
      // The slim points, not school_comparison: a country's 5,000+ schools stay a few hundred KB.
      { slot: 'schools', query: 'funnel_points', params: pick(p, COMPARE_KEYS) },
      { slot: 'names', query: 'funnel_names', params: pick(p, COMPARE_KEYS) },
      { slot: 'limits', query: 'funnel_limits', params: pick(p, COMPARE_KEYS) },
    ],
    dataSlot: 'schools',
    build(data, p, text) {
      const s = pointsFrom(rows<FunnelPointWire>(data, 'schools'), rows<FunnelPoint>(data, 'names'));
      const limits = FUNNEL_LIMITS.find((l) => l === p.limits);
      return built(buildFunnelPlotOption(s, rows<FunnelLimitRow>(data, 'limits'), { ...text, ...(limits ? { limits } : {}) }), funnelChartHeight(text), s.length === 0, text);
    },
  },
  school_ranking: {
    id: 'school_ranking',
    title: '各院校通过率',
    fileBase: '通过率_按院校',
    accepts: COMPARE_KEYS,
    width: 960,
    page: comparePage,
    queries: (p) => [{ slot: 'schools', query: 'school_comparison', params: pick(p, COMPARE_KEYS) }],
    dataSlot: 'schools',
    build(data, _p, text) {
      const s = rows<SchoolComparisonRow>(data, 'schools');
      const option = buildRateBarsOption(schoolRateItems(s), {
        ...text,
        pooled: s[0]?.pooled_rate ?? null,
        pooledLabel: '合并',
        belowName: '低于 95% 控制限',
        aboveName: '高于 95% 控制限',
      });
      return built(option, rateBarsHeight(s.length, text), s.length === 0, text);
    },
  },
  school_side_by_side: {
    id: 'school_side_by_side',
    title: '院校并列对比（按证书）',
    fileBase: '院校对比_按证书',
    accepts: ['schools', 'year', 'level'],
    required: ['schools'],
    width: 960,
    page: (p) => `/compare${queryText(pick(p, ['schools', 'year', 'level']))}`,
    queries: (p) => [{ slot: 'rows', query: 'school_certificates', params: pick(p, ['schools', 'year', 'level']) }],
    dataSlot: 'rows',
    build(data, _p, text) {
      const r = rows<SchoolCertificateRow>(data, 'rows');
      const g = groupRates(r);
      return built(buildGroupedRatesOption(r, text), groupedRatesHeight(g.certificates.length, g.schools.length, text), r.length === 0, text);
    },
  },
  school_benchmark: {
    id: 'school_benchmark',
    title: '各证书通过率与全省对比',
    fileBase: '通过率_与全省对比',
    accepts: ['school', 'year'],
    required: ['school'],
    width: 960,
    page: schoolPage,
    queries: (p) => [{ slot: 'rows', query: 'school_benchmark', params: pick(p, ['school', 'year']) }],
    dataSlot: 'rows',
    build(data, _p, text) {
      const r = rows<SchoolBenchmarkRow>(data, 'rows');
      const option = buildRateBarsOption(benchmarkItems(r), {
        ...text,
        benchmarkName: '全省合并通过率（同证书同年份）',
        belowName: '显著低于省内其他院校',
        aboveName: '显著高于省内其他院校',
      });
      return built(option, rateBarsHeight(r.length, text), r.length === 0, text);
    },
  },
  school_levels: {
    id: 'school_levels',
    title: '分等级通过率',
    fileBase: '通过率_按等级',
    accepts: ['school', 'year'],
    required: ['school'],
    width: 960,
    page: schoolPage,
    queries: (p) => [{ slot: 'rows', query: 'school_benchmark', params: pick(p, ['school', 'year'], { by_level: 'true' }) }],
    dataSlot: 'rows',
    build(data, _p, text) {
      const r = rows<SchoolBenchmarkRow>(data, 'rows').filter((x) => x.level !== null);
      const option = buildRateBarsOption(benchmarkItems(r), {
        ...text,
        keepOrder: true,
        benchmarkName: '全省合并通过率（同等级）',
        belowName: '显著低于省内其他院校',
        aboveName: '显著高于省内其他院校',
        labelMax: 20,
      });
      return built(option, rateBarsHeight(r.length, text), r.length === 0, text);
    },
  },
  school_trend: {
    id: 'school_trend',
    title: '通过率逐年变化',
    fileBase: '通过率_逐年',
    accepts: ['school'],
    required: ['school'],
    width: 960,
    page: (p) => `/schools/${encodeURIComponent(p.school ?? '')}`,
    queries: (p) => [{ slot: 'rows', query: 'school_benchmark', params: pick(p, ['school']) }],
    dataSlot: 'rows',
    build(data, _p, text) {
      const r = rows<SchoolBenchmarkRow>(data, 'rows');
      return built(buildSchoolTrendOption(r, text), schoolTrendHeight(text), !hasTrend(r), text);
    },
  },
  school_applications: {
    id: 'school_applications',
    title: '试点申报：申请与批准培训人数（按批次）',
    fileBase: '试点申报_按批次',
    accepts: ['school', 'year'],
    required: ['school'],
    width: 960,
    page: schoolPage,
    queries: (p) => [{ slot: 'rows', query: 'applications_by_batch', params: pick(p, ['school', 'year']) }],
    dataSlot: 'rows',
    build(data, _p, text) {
      const r = rows<ApplicationsByBatchRow>(data, 'rows');
      return built(buildApplicationsByBatchOption(r, text), applicationsChartHeight(text), r.length === 0, text);
    },
  },
  school_teachers: {
    id: 'school_teachers',
    title: '师资培训与通过率（按证书）',
    fileBase: '师资培训_与通过率',
    accepts: ['school', 'year'],
    required: ['school'],
    width: 960,
    page: schoolPage,
    queries: (p) => [{ slot: 'rows', query: 'school_teachers', params: pick(p, ['school', 'year']) }],
    dataSlot: 'rows',
    build(data, _p, text) {
      const r = rows<SchoolTeacherRow>(data, 'rows');
      return built(buildTeachersVsRateOption(r, text), teachersChartHeight(r.length, text), r.length === 0, text);
    },
  },
  certificate_levels: {
    id: 'certificate_levels',
    title: '分等级通过率',
    fileBase: '通过率_证书分等级',
    accepts: ['certificate', 'year', 'province', 'city', 'school'],
    required: ['certificate'],
    width: 960,
    page: (p) => `/certificates/${encodeURIComponent(p.certificate ?? '')}${queryText(pick(p, ['year', 'province']))}`,
    queries: (p) => [{ slot: 'rows', query: 'pass_rate_by_certificate_level', params: pick(p, ['certificate', 'year', 'province', 'city', 'school']) }],
    dataSlot: 'rows',
    build(data, _p, text) {
      const r = rows<PassRateByCertificateLevelRow>(data, 'rows');
      const option = buildRateBarsOption(levelItems(r), { ...text, keepOrder: true });
      return built(option, rateBarsHeight(r.length, text), r.length === 0, text);
    },
  },
};

export type ChartId = keyof typeof CHARTS;

export function chartDef(id: string): ChartDef | undefined {
  return Object.prototype.hasOwnProperty.call(CHARTS, id) ? CHARTS[id] : undefined;
}

/** Name under which a province's map is registered with ECharts. */
export function mapName(province: string): string {
  return `xpilot:${province}`;
}

/** Only the parameters a chart reads, from a page's (e.g. the URL's) parameters; empty values dropped. */
export function chartParams(def: ChartDef, source: Record<string, string | number | null | undefined>): ChartParams {
  const out: ChartParams = {};
  for (const k of def.accepts) {
    const v = source[k];
    if (v !== undefined && v !== null && String(v).trim() !== '') out[k] = String(v).trim();
  }
  return out;
}

/** The parameters as readers see them, e.g. ['2020 年', '广东省', '智能财税']. */
export function scopeParts(p: ChartParams, names: ScopeNames = {}): string[] {
  const parts: string[] = [];
  for (const key of SCOPE_KEYS) {
    const v = p[key];
    if (!v) continue;
    if (key === 'year') parts.push(`${v} 年`);
    else if (key === 'school') parts.push(names.school ?? `学校 ${v}`);
    else if (key === 'certificate') parts.push(names.certificate ?? `证书 ${v}`);
    else if (key === 'schools') parts.push(names.schools?.length ? names.schools.join('、') : `学校 ${v}`);
    else if (key === 'limits') parts.push(`控制限：${LIMITS_LABELS[v as keyof typeof LIMITS_LABELS] ?? v}`);
    else parts.push(v);
  }
  return parts;
}

/** The export's title block: the chart's title and its scope (`2020 年 · 广东省`). */
export function exportText(def: ChartDef, p: ChartParams, names: ScopeNames = {}, source = '1+X 证书试点数据'): Required<ChartTextOptions> {
  const scope = scopeParts(p, names);
  return { title: def.title, subtitle: `${scope.length ? scope.join(' · ') : '全部数据'}　来源：${source}` };
}

/**
 * A file name after what the chart shows: `通过率_按证书_2020.png`, `全部` when no parameter applies.
 * @example chartFileName(CHARTS.pass_rate_by_certificate, { year: '2020' }, {}, 'png') // '通过率_按证书_2020.png'
 */
export function chartFileName(def: ChartDef, p: ChartParams, names: ScopeNames, ext: string, suffix = '', base = def.fileBase): string {
  const parts: string[] = [];
  for (const key of SCOPE_KEYS) {
    const v = p[key];
    if (!v) continue;
    if (key === 'school') parts.push(names.school ?? `学校${v}`);
    else if (key === 'certificate') parts.push(names.certificate ?? `证书${v}`);
    else if (key === 'schools') parts.push(names.schools?.length ? names.schools.join('-') : `学校${v.replace(/,/g, '-')}`);
    else parts.push(v);
  }
  const safe = [base, ...(parts.length ? parts : ['全部'])].map((s) => s.replace(/[\\/:*?"<>|\s]+/g, '-'));
  return `${safe.join('_')}${suffix}.${ext}`;
}

/**
 * The file name of the data behind a chart (CSV, XLSX): the chart's title and the view's filters, without extension.
 * @example dataFileName(CHARTS.pass_rate_by_certificate, { year: '2020', province: '广东省' }, {}) // '各证书通过率_2020_广东省'
 */
export function dataFileName(def: ChartDef, p: ChartParams, names: ScopeNames): string {
  return chartFileName(def, p, names, 'x', '', def.title).replace(/\.x$/, '');
}

/** Builds the chart for the page (no title: the card carries it) or an export (with its title block). */
export function buildChart(id: string, data: ChartData, p: ChartParams, text: ChartTextOptions = {}): BuiltChart {
  const def = chartDef(id);
  if (!def) throw new Error(`unknown chart ${id}`);
  return def.build(data, p, text);
}
