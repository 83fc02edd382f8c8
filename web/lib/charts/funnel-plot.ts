/**
 * Funnel plot: each school's pass rate (y) against its number of candidates
 * (x), with the pooled rate of the schools in scope and its 95% and 99.8%
 * control limits drawn as curves over n. A school outside the limits is named
 * on the chart and coloured (red below, green above); a small sample (n < 30)
 * is drawn hollow, so a college with 5 candidates is read against the wide
 * limits that belong to 5 candidates, not ranked against one with 335.
 * Pure: shared by the page and the server's SVG/PNG export.
 */
import type { EChartsOption, LineSeriesOption, ScatterSeriesOption, TooltipComponentFormatterCallbackParams } from 'echarts';
import type { FunnelLimitRow, FunnelPosition, SchoolComparisonRow } from '../queries';
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
export function funnelYMin(schools: readonly SchoolComparisonRow[], limits: readonly FunnelLimitRow[]): number {
  const values = [
    ...schools.map((s) => s.pass_rate),
    ...limits.filter((l) => l.n >= Math.min(5, ...schools.map((s) => s.candidates))).map((l) => l.low_998),
  ].filter((v): v is number => typeof v === 'number');
  if (values.length === 0) return 0;
  return Math.max(0, Math.floor((Math.min(...values) - 0.05) * 10) / 10);
}

function tooltipHtml(row: SchoolComparisonRow): string {
  const pos = row.position ? POSITION_LABELS[row.position] : '';
  const small = row.candidates < SMALL_SAMPLE ? `<div style="color:${TEXT_MUTED};margin-top:4px">样本较小（n&lt;${SMALL_SAMPLE}），控制限很宽</div>` : '';
  return [
    `<div style="font-weight:600;margin-bottom:4px">${escapeHtml(row.school)}</div>`,
    `<div>通过/考证：${formatInt(row.passed)} / ${formatInt(row.candidates)}</div>`,
    `<div>通过率：<b>${formatPercent(row.pass_rate)}</b>（95% 区间 ${formatInterval(row.ci_low, row.ci_high)}）</div>`,
    `<div>该 n 的控制限：95% ${formatInterval(row.funnel_low, row.funnel_high)}；99.8% ${formatInterval(row.funnel_low_998, row.funnel_high_998)}</div>`,
    pos ? `<div style="color:${positionColor(row.position)};margin-top:2px">${pos}</div>` : '',
    small,
  ].join('');
}

export function buildFunnelPlotOption(
  schools: readonly SchoolComparisonRow[],
  limits: readonly FunnelLimitRow[],
  opts: ChartTextOptions = {},
): EChartsOption {
  const top = titleSpace(opts);
  const pooled = limits[0]?.pooled_rate ?? schools[0]?.pooled_rate ?? null;
  const yMin = funnelYMin(schools, limits);
  const maxN = Math.max(10, ...limits.map((l) => l.n), ...schools.map((s) => s.candidates));
  const labelAll = schools.length <= 8;

  const curve = (name: string, key: keyof FunnelLimitRow, color: string, type: 'dashed' | 'dotted' | 'solid', width = 1.2): LineSeriesOption => ({
    type: 'line',
    name,
    showSymbol: false,
    smooth: false,
    silent: true,
    z: 1,
    lineStyle: { color, type, width },
    itemStyle: { color },
    data: limits.filter((l) => l[key] !== null).map((l) => [l.n, l[key] as number]),
  });
  const lines: LineSeriesOption[] = limits.length
    ? [
        { ...curve(SERIES_95, 'low_95', LIMIT_95_COLOR, 'dashed') },
        { ...curve(SERIES_95, 'high_95', LIMIT_95_COLOR, 'dashed') },
        { ...curve(SERIES_998, 'low_998', LIMIT_998_COLOR, 'dotted', 1.4) },
        { ...curve(SERIES_998, 'high_998', LIMIT_998_COLOR, 'dotted', 1.4) },
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
        [0, pooled],
        [maxN, pooled],
      ],
      endLabel: { show: true, formatter: `合并 ${formatPercent(pooled)}`, color: '#64748b', fontSize: 11 },
    });
  }

  const points: ScatterSeriesOption = {
    type: 'scatter',
    name: SERIES_SCHOOLS,
    z: 5,
    itemStyle: { color: ACCENT },
    data: schools.map((s) => {
      const color = positionColor(s.position);
      const small = s.candidates < SMALL_SAMPLE;
      const named = labelAll || isOutside(s.position);
      return {
        value: [s.candidates, s.pass_rate ?? 0],
        symbolSize: 11,
        itemStyle: small ? { color: '#ffffff', borderColor: color, borderWidth: 2 } : { color, borderColor: '#ffffff', borderWidth: 1 },
        label: {
          show: named,
          // Near the right edge the name goes left, clear of the plot's edge and the pooled rate's label.
          position: s.candidates > maxN * 0.7 ? 'left' : 'right',
          distance: 6,
          fontSize: 11,
          color: isOutside(s.position) ? color : TEXT,
          fontWeight: isOutside(s.position) ? 600 : 400,
          // A function, not a template string: ECharts would read `{b}` in a school's name as a placeholder.
          formatter: () => `${s.school}  ${formatPercent(s.pass_rate)} ${formatN(s.candidates)}`,
        },
      };
    }),
    labelLayout: { hideOverlap: true },
  };

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
        ...(limits.length ? [{ name: SERIES_95 }, { name: SERIES_998 }] : []),
      ],
    },
    grid: { top: top + 48, bottom: 44, left: 12, right: 120, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
    tooltip: {
      ...TOOLTIP_BASE,
      trigger: 'item',
      formatter: (params: TooltipComponentFormatterCallbackParams) => {
        const p = Array.isArray(params) ? params[0] : params;
        if (!p || p.seriesName !== SERIES_SCHOOLS) return '';
        const row = schools[p.dataIndex];
        return row ? tooltipHtml(row) : '';
      },
    },
    xAxis: {
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
    series: [...lines, points],
  };
}
