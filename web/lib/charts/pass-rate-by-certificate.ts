/**
 * Pass rate per certificate: horizontal bars (highest at the top), each
 * labelled with its rate and sample size, a 95% Wilson interval drawn as an
 * error bar, and small samples (n < 30) drawn lighter. Pure: the page and the
 * server's SVG/PNG export build the chart from the same function.
 */
import type {
  CustomSeriesRenderItem,
  CustomSeriesRenderItemReturn,
  EChartsOption,
} from 'echarts';
import type { PassRateByCertificateRow } from '../queries';
import { formatInt, formatInterval, formatN, formatPercent } from '../format';
import {
  ACCENT,
  ACCENT_LIGHT,
  AXIS_LINE,
  BASE_OPTION,
  FONT_FAMILY,
  SPLIT_LINE,
  TEXT,
  TEXT_MUTED,
  rowTooltip,
  type ChartTextOptions,
  dot,
  escapeHtml,
  titleOption,
  titleSpace,
  truncateLabel,
  distinctLabels,
} from './theme';

/** Below this many candidates a rate is drawn lighter and flagged. */
export const SMALL_SAMPLE = 30;
export const SERIES_RATE = '通过率';
export const SERIES_SMALL = `样本较小（n<${SMALL_SAMPLE}），区间较宽`;
export const SERIES_INTERVAL = '95% 区间';
export const INTERVAL_COLOR = '#334155';
export const POOLED_COLOR = '#64748b';

/** Legend icon of the interval: a whisker |—|. */
export const INTERVAL_ICON = 'path://M0,0H2V4H18V0H20V10H18V6H2V10H0Z';

const ROW_HEIGHT = 30;
const LEGEND_SPACE = 40;
const AXIS_SPACE = 28;
const NAME_MAX = 16;

export interface PassRateChartOptions extends ChartTextOptions {
  /** Draw the pooled rate of all rows as a dashed reference line (default true). */
  pooledLine?: boolean;
}

/** Pixel height the chart needs for `n` certificates (grows with n). */
export function passRateChartHeight(n: number, opts: ChartTextOptions = {}): number {
  return titleSpace(opts) + LEGEND_SPACE + Math.max(n, 3) * ROW_HEIGHT + AXIS_SPACE;
}

/** Highest rate first; ties by larger sample, then name; no rate last. */
export function sortByPassRate(rows: readonly PassRateByCertificateRow[]): PassRateByCertificateRow[] {
  return [...rows].sort((a, b) => {
    const ra = a.pass_rate ?? -1;
    const rb = b.pass_rate ?? -1;
    if (rb !== ra) return rb - ra;
    if (b.candidates !== a.candidates) return b.candidates - a.candidates;
    return a.certificate.localeCompare(b.certificate, 'zh-CN');
  });
}

/** The label printed beside a bar, e.g. `94.0%  n=335`. */
export function passRateLabel(row: Pick<PassRateByCertificateRow, 'pass_rate' | 'candidates'>): string {
  return `${formatPercent(row.pass_rate)}  ${formatN(row.candidates)}`;
}

export function isSmallSample(row: Pick<PassRateByCertificateRow, 'candidates'>): boolean {
  return row.candidates < SMALL_SAMPLE;
}

/** Pooled rate Σpassed / Σcandidates of the rows shown (null when no candidates). */
export function pooledRate(rows: readonly PassRateByCertificateRow[]): number | null {
  let passed = 0;
  let candidates = 0;
  for (const row of rows) {
    passed += row.passed;
    candidates += row.candidates;
  }
  return candidates > 0 ? passed / candidates : null;
}

/**
 * Draws one error bar: a horizontal line from ci_low to ci_high at the
 * certificate's row, with a vertical cap at each end. Data item:
 * `[categoryIndex, ci_low, ci_high]`. Pure (uses only `api`).
 */
export const renderIntervalItem: CustomSeriesRenderItem = (_params, api): CustomSeriesRenderItemReturn => {
  const category = api.value(0);
  const low = api.value(1);
  const high = api.value(2);
  if (typeof low !== 'number' || typeof high !== 'number' || Number.isNaN(low) || Number.isNaN(high)) return null;
  const start = api.coord([low, category]);
  const end = api.coord([high, category]);
  const band = api.size ? api.size([0, 1]) : [0, ROW_HEIGHT];
  const bandHeight = Array.isArray(band) ? (band[1] ?? ROW_HEIGHT) : band;
  const cap = Math.max(4, Math.min(10, bandHeight * 0.32));
  const [x0 = 0, y = 0] = start;
  const [x1 = 0] = end;
  const style = { stroke: INTERVAL_COLOR, lineWidth: 1.5 };
  return {
    type: 'group',
    children: [
      { type: 'line', shape: { x1: x0, y1: y, x2: x1, y2: y }, style },
      { type: 'line', shape: { x1: x0, y1: y - cap / 2, x2: x0, y2: y + cap / 2 }, style },
      { type: 'line', shape: { x1: x1, y1: y - cap / 2, x2: x1, y2: y + cap / 2 }, style },
    ],
  };
};

function tooltipHtml(row: PassRateByCertificateRow): string {
  const small = isSmallSample(row)
    ? `<div style="margin-top:4px;color:${TEXT_MUTED}">样本较小（n&lt;${SMALL_SAMPLE}），区间较宽</div>`
    : '';
  return [
    `<div style="font-weight:600;margin-bottom:4px">${escapeHtml(row.certificate)}</div>`,
    `<div>${dot(isSmallSample(row) ? ACCENT_LIGHT : ACCENT)}通过/考证：${formatInt(row.passed)} / ${formatInt(row.candidates)}</div>`,
    `<div>${dot('transparent')}通过率：<b>${formatPercent(row.pass_rate)}</b></div>`,
    `<div>${dot('transparent')}95% 区间：${formatInterval(row.ci_low, row.ci_high)}</div>`,
    row.schools > 1 ? `<div>${dot('transparent')}学校数：${formatInt(row.schools)}</div>` : '',
    small,
  ].join('');
}

export function buildPassRateByCertificateOption(
  rows: readonly PassRateByCertificateRow[],
  opts: PassRateChartOptions = {},
): EChartsOption {
  const sorted = sortByPassRate(rows);
  const names = sorted.map((r) => r.certificate);
  const shortNames = distinctLabels(names, NAME_MAX);
  const labels = sorted.map(passRateLabel);
  const small = sorted.map(isSmallSample);
  const anySmall = small.some(Boolean);
  const pooled = opts.pooledLine === false ? null : pooledRate(sorted);
  const top = titleSpace(opts);

  const legendData: { name: string; icon?: string }[] = [{ name: SERIES_RATE }];
  if (anySmall) legendData.push({ name: SERIES_SMALL });
  legendData.push({ name: SERIES_INTERVAL, icon: INTERVAL_ICON });

  return {
    ...BASE_OPTION,
    title: titleOption(opts),
    legend: {
      top: top + 6,
      left: 8,
      itemWidth: 14,
      itemHeight: 10,
      itemGap: 18,
      data: legendData,
      textStyle: { fontFamily: FONT_FAMILY, color: TEXT, fontSize: 12 },
      selectedMode: false,
    },
    grid: {
      top: top + LEGEND_SPACE,
      bottom: AXIS_SPACE,
      left: 8,
      right: 12,
      outerBoundsMode: 'same',
      outerBoundsContain: 'axisLabel',
    },
    tooltip: rowTooltip(sorted, (row) => tooltipHtml(row)),
    xAxis: {
      type: 'value',
      min: 0,
      max: 1,
      interval: 0.2,
      axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%`, color: TEXT_MUTED },
      splitLine: { lineStyle: { color: SPLIT_LINE } },
      axisLine: { show: false },
    },
    yAxis: [
      {
        type: 'category',
        inverse: true,
        data: names,
        axisTick: { show: false },
        axisLine: { lineStyle: { color: AXIS_LINE } },
        axisLabel: {
          color: TEXT,
          fontSize: 12,
          formatter: (value: string) => shortNames.get(value) ?? truncateLabel(value, NAME_MAX),
        },
      },
      {
        // Right-hand column: every bar's rate and sample size, aligned like a table
        // so the labels never collide with the interval whiskers.
        type: 'category',
        inverse: true,
        position: 'right',
        data: labels,
        axisTick: { show: false },
        axisLine: { show: false },
        axisLabel: {
          fontSize: 12,
          margin: 10,
          color: (_value?: string | number, index?: number) => (index !== undefined && small[index] ? TEXT_MUTED : TEXT),
        },
      },
    ],
    series: [
      {
        type: 'bar',
        name: SERIES_RATE,
        yAxisIndex: 0,
        barMaxWidth: 18,
        itemStyle: { color: ACCENT, borderRadius: [0, 2, 2, 0] },
        emphasis: { disabled: true },
        data: sorted.map((r, i) => (small[i] ? null : r.pass_rate)),
        markLine:
          pooled === null
            ? undefined
            : {
                silent: true,
                symbol: 'none',
                precision: 4,
                lineStyle: { type: 'dashed', color: POOLED_COLOR, width: 1 },
                label: {
                  // The y axis is inverted, so the line's start is the top edge.
                  position: 'start',
                  distance: 4,
                  formatter: `总体 ${formatPercent(pooled)}`,
                  color: POOLED_COLOR,
                  fontSize: 11,
                },
                data: [{ xAxis: pooled, name: '总体通过率' }],
              },
      },
      {
        type: 'bar',
        name: SERIES_SMALL,
        yAxisIndex: 0,
        barMaxWidth: 18,
        barGap: '-100%',
        itemStyle: { color: ACCENT_LIGHT, borderRadius: [0, 2, 2, 0] },
        emphasis: { disabled: true },
        data: sorted.map((r, i) => (small[i] ? r.pass_rate : null)),
      },
      {
        type: 'custom',
        name: SERIES_INTERVAL,
        yAxisIndex: 0,
        renderItem: renderIntervalItem,
        encode: { x: [1, 2], y: 0 },
        itemStyle: { color: INTERVAL_COLOR },
        z: 3,
        silent: true,
        data: sorted.map((r, i) => [i, r.ci_low, r.ci_high]),
      },
    ],
  };
}
