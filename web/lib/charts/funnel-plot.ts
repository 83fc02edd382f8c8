/**
 * Funnel plot: each school's pass rate (y) against its number of candidates
 * (x), with the pooled rate of the schools in scope and its 95% and 99.8%
 * control limits drawn as curves over n — binomial, or adjusted for
 * over-dispersion (φ or τ², the legend says which). A school outside the limits
 * is coloured (red below, green above) and named when there are few (a
 * thousand names overlap into a black block: then names show on hover or
 * search, and the page's outlier table names them); a small sample (n < 30)
 * is drawn hollow, so a college with 5 candidates is read against the wide
 * limits that belong to 5 candidates, not ranked against one with 335.
 * Pure: shared by the page and the server's SVG/PNG export.
 */
import type { EChartsOption, LineSeriesOption, ScatterSeriesOption, TooltipComponentFormatterCallbackParams } from 'echarts';
import type { FunnelLimitRow, FunnelLimits, FunnelPosition, SchoolComparisonRow } from '../queries';
import { formatInt, formatInterval, formatN, formatPercent } from '../format';
import {
  ACCENT,
  AXIS_LINE,
  BASE_OPTION,
  DANGER,
  FONT_FAMILY,
  SPLIT_LINE,
  SUCCESS,
  TEXT,
  TEXT_MUTED,
  TOOLTIP_BASE,
  type ChartTextOptions,
  escapeHtml,
  percentTick,
  titleOption,
  titleSpace,
} from './theme';
import { SMALL_SAMPLE } from './pass-rate-by-certificate';

export const SERIES_SCHOOLS = '院校';
export const SERIES_POOLED = '合并通过率';
export const SERIES_95 = '95% 控制限';
export const SERIES_998 = '99.8% 控制限';
export const LIMIT_95_COLOR = '#60a5fa';
export const LIMIT_998_COLOR = '#1e3a8a';

/** What each position means, for legends, tables and tooltips. */
export const POSITION_LABELS: Record<FunnelPosition, string> = {
  below_998: '低于 99.8% 控制限',
  below_95: '低于 95% 控制限',
  within: '在控制限内',
  above_95: '高于 95% 控制限',
  above_998: '高于 99.8% 控制限',
};

export function isOutside(position: FunnelPosition | null): boolean {
  return position !== null && position !== 'within';
}

export function positionColor(position: FunnelPosition | null): string {
  if (position === 'below_95' || position === 'below_998') return DANGER;
  if (position === 'above_95' || position === 'above_998') return SUCCESS;
  return ACCENT;
}

export function funnelChartHeight(opts: ChartTextOptions = {}): number {
  return titleSpace(opts) + 440;
}

/** Lower bound of the rate axis: a little under the lowest point or limit drawn, in 10% steps. */
export function funnelYMin(schools: readonly FunnelPoint[], limits: readonly FunnelLimitRow[]): number {
  const values = [
    ...schools.map(rateOf),
    ...limits.filter((l) => l.n >= Math.min(5, ...schools.map((s) => s.candidates))).map((l) => l.low_998),
  ].filter((v): v is number => typeof v === 'number');
  if (values.length === 0) return 0;
  return Math.max(0, Math.floor((Math.min(...values) - 0.05) * 10) / 10);
}

/** The columns a funnel point needs: funnel_points' rows, or school_comparison's. */
export type FunnelPoint = Pick<SchoolComparisonRow, 'school' | 'school_id' | 'candidates' | 'passed' | 'position'>;

export interface FunnelOptions extends ChartTextOptions {
  /** Which limits the curves and positions were computed with (named in the legend). */
  limits?: FunnelLimits;
  /** Indexes of points to name and ring (a search hit). */
  highlight?: readonly number[];
}

/** What each kind of limits is called on the page and in the legend. */
export const LIMITS_LABELS: Record<FunnelLimits, string> = {
  plain: '二项分布',
  phi: '乘性过度离散 φ 调整',
  tau2: '随机效应 τ² 调整',
};

/** Up to this many schools every point is named; beyond, names appear on hover, search, or for a few outliers. */
export const LABEL_ALL_MAX = 8;
/** From this many schools the n axis is logarithmic. */
export const LOG_AXIS_FROM = 60;
/** Outliers are named on the chart only when there are at most this many; otherwise the outlier table names them. */
export const LABEL_OUTLIERS_MAX = 12;

export function limitSeriesName(level: '95' | '99.8', limits: FunnelLimits = 'plain'): string {
  return limits === 'plain' ? `${level}% 控制限` : `${level}% 控制限（${LIMITS_LABELS[limits]}）`;
}

/** funnel_points' `band` (−2 … 2) as a position. */
export const BAND_POSITIONS: Record<number, FunnelPosition> = { [-2]: 'below_998', [-1]: 'below_95', 0: 'within', 1: 'above_95', 2: 'above_998' };

/** A row of funnel_points (band) or of school_comparison (position, school): either draws. */
export interface FunnelPointWire {
  candidates: number;
  passed: number;
  band?: number | null;
  position?: FunnelPosition | null;
  school?: string;
  school_id?: number | null;
}

/**
 * The points of the chart: funnel_points' rows with funnel_names' rows joined by
 * index (both queries keep one order); without names a point is unnamed (the
 * page fetches the names on the first hover or search).
 */
export function pointsFrom(rows: readonly FunnelPointWire[], names: readonly Pick<FunnelPoint, 'school' | 'school_id'>[] = []): FunnelPoint[] {
  const named = names.length === rows.length;
  return rows.map((r, i) => ({
    school: (named ? names[i]!.school : r.school) ?? '',
    school_id: (named ? names[i]!.school_id : r.school_id) ?? null,
    candidates: r.candidates,
    passed: r.passed,
    position: r.position ?? (typeof r.band === 'number' ? (BAND_POSITIONS[r.band] ?? null) : null),
  }));
}

const rateOf = (p: FunnelPoint): number | null => (p.candidates > 0 ? p.passed / p.candidates : null);

/** Wilson 95% interval, for the tooltip of a point that carries only counts. */
function wilson(x: number, n: number): [number, number] | null {
  if (n <= 0) return null;
  const z = 1.959964;
  const p = x / n;
  const mid = p + (z * z) / (2 * n);
  const half = z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n));
  const d = 1 + (z * z) / n;
  return [Math.max(0, (mid - half) / d), Math.min(1, (mid + half) / d)];
}

function tooltipHtml(row: FunnelPoint): string {
  const pos = row.position ? POSITION_LABELS[row.position] : '';
  const ci = wilson(row.passed, row.candidates);
  const small = row.candidates < SMALL_SAMPLE ? `<div style="color:${TEXT_MUTED};margin-top:4px">样本较小（n&lt;${SMALL_SAMPLE}），控制限很宽</div>` : '';
  return [
    `<div style="font-weight:600;margin-bottom:4px">${row.school ? escapeHtml(row.school) : '院校名称加载中…'}</div>`,
    `<div>通过/考证：${formatInt(row.passed)} / ${formatInt(row.candidates)}</div>`,
    `<div>通过率：<b>${formatPercent(rateOf(row))}</b>（95% 区间 ${ci ? formatInterval(ci[0], ci[1]) : '—'}）</div>`,
    pos ? `<div style="color:${positionColor(row.position)};margin-top:2px">${pos}</div>` : '',
    small,
  ].join('');
}

export function buildFunnelPlotOption(
  schools: readonly FunnelPoint[],
  limits: readonly FunnelLimitRow[],
  opts: FunnelOptions = {},
): EChartsOption {
  const top = titleSpace(opts);
  const method: FunnelLimits = opts.limits ?? limits[0]?.limits ?? 'plain';
  const pooled = limits[0]?.pooled_rate ?? pooledOf(schools);
  const yMin = funnelYMin(schools, limits);
  const maxN = Math.max(10, ...limits.map((l) => l.n), ...schools.map((s) => s.candidates));
  const labelAll = schools.length <= LABEL_ALL_MAX;
  const logX = schools.length > LOG_AXIS_FROM;
  // The log axis starts at the power of ten under the smallest school (n ≥ 1).
  const minN = Math.pow(10, Math.floor(Math.log10(Math.max(1, Math.min(...schools.map((s) => s.candidates).filter((n) => n > 0), maxN)))));
  const outsideCount = schools.reduce((a, s) => a + (isOutside(s.position) ? 1 : 0), 0);
  const labelOutliers = outsideCount <= LABEL_OUTLIERS_MAX;
  const highlight = new Set(opts.highlight ?? []);
  const name95 = limitSeriesName('95', method);
  const name998 = limitSeriesName('99.8', method);

  const curve = (name: string, key: keyof FunnelLimitRow, color: string, type: 'dashed' | 'dotted' | 'solid', end: string | null, width = 1.2): LineSeriesOption => ({
    type: 'line',
    name,
    showSymbol: false,
    smooth: false,
    silent: true,
    z: 1,
    lineStyle: { color, type, width },
    itemStyle: { color },
    data: limits.filter((l) => l[key] !== null).map((l) => [l.n, l[key] as number]),
    // The upper curves say which limit they are where they end, so the plot reads without the legend.
    ...(end ? { endLabel: { show: true, formatter: end, color, fontSize: 11 } } : {}),
  });
  const lines: LineSeriesOption[] = limits.length
    ? [
        curve(name95, 'low_95', LIMIT_95_COLOR, 'dashed', null),
        curve(name95, 'high_95', LIMIT_95_COLOR, 'dashed', '95%'),
        curve(name998, 'low_998', LIMIT_998_COLOR, 'dotted', null, 1.4),
        curve(name998, 'high_998', LIMIT_998_COLOR, 'dotted', '99.8%', 1.4),
      ]
    : [];
  if (pooled !== null) {
    lines.push({
      type: 'line',
      name: SERIES_POOLED,
      showSymbol: false,
      silent: true,
      z: 1,
      lineStyle: { color: '#64748b', width: 1.2 },
      itemStyle: { color: '#64748b' },
      data: [
        [logX ? minN : 0, pooled],
        [maxN, pooled],
      ],
      endLabel: { show: true, formatter: `合并 ${formatPercent(pooled)}`, color: '#64748b', fontSize: 11 },
    });
  }

  const labelFor = (s: FunnelPoint, show: boolean, strong: boolean) => {
    const color = positionColor(s.position);
    return {
      show,
      // Near the right edge the name goes left, clear of the plot's edge and the limits' labels.
      position: (logX ? Math.log(Math.max(1, s.candidates) / minN) / Math.log(maxN / minN) > 0.8 : s.candidates > maxN * 0.7) ? ('left' as const) : ('right' as const),
      distance: 6,
      fontSize: 11,
      color: isOutside(s.position) ? color : TEXT,
      fontWeight: strong ? 600 : 400,
      ...(strong && !labelAll ? { backgroundColor: 'rgba(255,255,255,0.9)', padding: [2, 4] as [number, number], borderRadius: 3 } : {}),
      // A function, not a template string: ECharts would read `{b}` in a school's name as a placeholder.
      formatter: () => `${s.school}  ${formatPercent(rateOf(s))} ${formatN(s.candidates)}`,
    };
  };

  const points: ScatterSeriesOption = {
    type: 'scatter',
    name: SERIES_SCHOOLS,
    z: 5,
    itemStyle: { color: ACCENT },
    symbolSize: schools.length > 500 ? 6 : schools.length > 60 ? 8 : 11,
    // All at once: ECharts would otherwise draw 3,000+ points over several frames, and an export or a
    // screenshot taken in between shows only the small schools (the points come sorted by n).
    progressive: 0,
    // Names stay hidden until hover (or a search, or when there are few): thousands of labels are a black block.
    emphasis: { focus: 'none', scale: 1.6, label: { show: true } },
    data: schools.map((s, i) => {
      const color = positionColor(s.position);
      const small = s.candidates < SMALL_SAMPLE;
      const hit = highlight.has(i);
      const named = hit || labelAll || (labelOutliers && isOutside(s.position));
      return {
        value: [s.candidates, rateOf(s) ?? 0],
        ...(hit ? { symbolSize: 14, z: 10 } : {}),
        itemStyle: hit
          ? { color, borderColor: '#111827', borderWidth: 2.5 }
          : small
            ? { color: '#ffffff', borderColor: color, borderWidth: schools.length > 500 ? 1 : 2 }
            : { color, borderColor: '#ffffff', borderWidth: schools.length > 500 ? 0.5 : 1 },
        label: labelFor(s, named, hit || isOutside(s.position)),
      };
    }),
    labelLayout: { hideOverlap: true },
  };
  // A searched school is drawn again on top, so it is never hidden under its neighbours.
  const ring: ScatterSeriesOption | null = highlight.size
    ? {
        type: 'scatter',
        name: SERIES_SCHOOLS,
        z: 8,
        silent: true,
        symbol: 'circle',
        symbolSize: 22,
        itemStyle: { color: 'rgba(0,0,0,0)', borderColor: '#f59e0b', borderWidth: 3 },
        data: [...highlight].filter((i) => schools[i]).map((i) => [schools[i]!.candidates, rateOf(schools[i]!) ?? 0]),
      }
    : null;

  return {
    ...BASE_OPTION,
    title: titleOption(opts),
    legend: {
      top: top + 6,
      left: 8,
      itemWidth: 18,
      itemHeight: 10,
      itemGap: 18,
      selectedMode: false,
      textStyle: { fontFamily: FONT_FAMILY, color: TEXT, fontSize: 12 },
      data: [
        { name: SERIES_SCHOOLS, icon: 'circle' },
        ...(pooled !== null ? [{ name: SERIES_POOLED }] : []),
        ...(limits.length ? [{ name: name95 }, { name: name998 }] : []),
      ],
    },
    grid: { top: top + 48, bottom: 44, left: 12, right: 120, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
    tooltip: {
      ...TOOLTIP_BASE,
      trigger: 'item',
      formatter: (params: TooltipComponentFormatterCallbackParams) => {
        const p = Array.isArray(params) ? params[0] : params;
        // The ring drawn over a searched school shares the name; only the points series has rows.
        if (!p || p.seriesName !== SERIES_SCHOOLS || (p.seriesIndex !== undefined && p.seriesIndex !== lines.length)) return '';
        const row = schools[p.dataIndex];
        return row ? tooltipHtml(row) : '';
      },
    },
    xAxis: logX
      ? {
          // Thousands of schools are mostly small: on a log scale they spread out instead of piling up at the left edge.
          type: 'log',
          name: '考证人数 n（对数刻度）',
          nameLocation: 'middle',
          nameGap: 28,
          nameTextStyle: { color: TEXT_MUTED, fontSize: 12 },
          min: minN,
          max: maxN,
          logBase: 10,
          axisLabel: { color: TEXT_MUTED, formatter: (v: number) => formatInt(v) },
          splitLine: { lineStyle: { color: SPLIT_LINE } },
          axisLine: { lineStyle: { color: AXIS_LINE } },
        }
      : {
          type: 'value',
          name: '考证人数 n',
          nameLocation: 'middle',
          nameGap: 28,
          nameTextStyle: { color: TEXT_MUTED, fontSize: 12 },
          min: 0,
          // funnel_limits ends its grid on a round number: the axis ends with the curves.
          max: maxN,
          axisLabel: { color: TEXT_MUTED, formatter: (v: number) => formatInt(v) },
          splitLine: { lineStyle: { color: SPLIT_LINE } },
          axisLine: { lineStyle: { color: AXIS_LINE } },
        },
    yAxis: {
      type: 'value',
      name: '通过率',
      nameTextStyle: { color: TEXT_MUTED, fontSize: 12, align: 'left' },
      min: yMin,
      max: 1,
      axisLabel: { color: TEXT_MUTED, formatter: percentTick },
      splitLine: { lineStyle: { color: SPLIT_LINE } },
    },
    series: [...lines, points, ...(ring ? [ring] : [])],
  };
}

function pooledOf(schools: readonly FunnelPoint[]): number | null {
  const n = schools.reduce((a, s) => a + s.candidates, 0);
  return n > 0 ? schools.reduce((a, s) => a + s.passed, 0) / n : null;
}
