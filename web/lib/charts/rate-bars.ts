/**
 * Rates side by side as horizontal bars (highest at the top), each with its
 * 95% Wilson interval as an error bar and `rate  n=…` in a right-hand column,
 * so no rate is ever read without its sample size. Optional per row: a
 * benchmark marker (◆, e.g. the province's pooled rate for the same
 * certificate) and a tone — significantly below (red) / above (green) the
 * benchmark — that also colours the bar. Small samples (n < 30) are drawn
 * lighter. A dashed line marks the pooled rate of all rows when asked.
 *
 * Used for schools on one certificate (compare, certificate pages) and for a
 * school's certificates and levels against the province (school page). Pure:
 * the page and the server's SVG/PNG export build the chart from it.
 */
import type { BarSeriesOption, CustomSeriesOption, EChartsOption, ScatterSeriesOption } from 'echarts';
import { formatInt, formatInterval, formatN, formatPercent } from '../format';
import {
  ACCENT,
  ACCENT_LIGHT,
  AXIS_LINE,
  BASE_OPTION,
  DANGER,
  FONT_FAMILY,
  SPLIT_LINE,
  SUCCESS,
  TEXT,
  TEXT_MUTED,
  rowTooltip,
  type ChartTextOptions,
  dot,
  escapeHtml,
  percentTick,
  titleOption,
  titleSpace,
  truncateLabel,
} from './theme';
import { INTERVAL_COLOR, INTERVAL_ICON, POOLED_COLOR, SMALL_SAMPLE, renderIntervalItem } from './pass-rate-by-certificate';

export type RateTone = 'below' | 'above' | 'neutral';

export interface RateItem {
  /** Category shown on the axis (a school, a certificate, `证书 · 初级`). */
  label: string;
  candidates: number;
  passed: number;
  rate: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  /** Significantly below / above the benchmark; neutral otherwise. */
  tone?: RateTone;
  /** A reference rate drawn as ◆ on this row (e.g. the province's pooled rate). */
  benchmark?: number | null;
  /** Sample size behind the benchmark. */
  benchmarkN?: number | null;
  /** Extra tooltip lines (plain text, escaped here). */
  notes?: string[];
}

export interface RateBarsOptions extends ChartTextOptions {
  /** Dashed vertical line, e.g. the pooled rate of the rows (null = none). */
  pooled?: number | null;
  pooledLabel?: string;
  /** Legend name of the ◆ markers. */
  benchmarkName?: string;
  belowName?: string;
  aboveName?: string;
  /** Keep the given order instead of sorting by rate (default: sort). */
  keepOrder?: boolean;
  /** Characters of a category label before it is cut (default 16). */
  labelMax?: number;
}

export const RATE_SERIES = '通过率';
export const RATE_SMALL = `样本较小（n<${SMALL_SAMPLE}）`;
export const RATE_INTERVAL = '95% 区间';
export const BENCHMARK_COLOR = '#111827';

const ROW_HEIGHT = 30;
const LEGEND_SPACE = 40;
const AXIS_SPACE = 28;

/** Highest rate first; equal rates: the larger sample first. */
export function sortRateItems(items: readonly RateItem[]): RateItem[] {
  return [...items].sort((a, b) => (b.rate ?? -1) - (a.rate ?? -1) || b.candidates - a.candidates || a.label.localeCompare(b.label, 'zh-CN'));
}

export function rateBarsHeight(rows: number, opts: ChartTextOptions = {}): number {
  return titleSpace(opts) + LEGEND_SPACE + AXIS_SPACE + Math.max(rows, 3) * ROW_HEIGHT + 10;
}

/** The right-hand label of a row: `94.0%  n=335`. */
export function rateLabel(item: Pick<RateItem, 'rate' | 'candidates'>): string {
  return `${formatPercent(item.rate)}  ${formatN(item.candidates)}`;
}

function seriesOf(item: RateItem): 'below' | 'above' | 'small' | 'rate' {
  if (item.tone === 'below') return 'below';
  if (item.tone === 'above') return 'above';
  return item.candidates < SMALL_SAMPLE ? 'small' : 'rate';
}

function tooltipHtml(item: RateItem, opts: RateBarsOptions): string {
  const color = { below: DANGER, above: SUCCESS, small: ACCENT_LIGHT, rate: ACCENT }[seriesOf(item)];
  const lines = [
    `<div style="font-weight:600;margin-bottom:4px;max-width:320px;white-space:normal">${escapeHtml(item.label)}</div>`,
    `<div>${dot(color)}通过/考证：${formatInt(item.passed)} / ${formatInt(item.candidates)}</div>`,
    `<div>${dot('transparent')}通过率：<b>${formatPercent(item.rate)}</b></div>`,
    `<div>${dot('transparent')}95% 区间：${formatInterval(item.ciLow, item.ciHigh)}</div>`,
  ];
  if (item.benchmark !== undefined && item.benchmark !== null) {
    const n = item.benchmarkN !== undefined && item.benchmarkN !== null ? `（${formatN(item.benchmarkN)}）` : '';
    lines.push(`<div>${dot(BENCHMARK_COLOR)}${escapeHtml(opts.benchmarkName ?? '参照')}：${formatPercent(item.benchmark)}${n}</div>`);
  }
  for (const note of item.notes ?? []) lines.push(`<div style="margin-top:2px">${dot('transparent')}${escapeHtml(note)}</div>`);
  if (item.candidates < SMALL_SAMPLE) lines.push(`<div style="margin-top:4px;color:${TEXT_MUTED}">样本较小（n&lt;${SMALL_SAMPLE}），区间较宽</div>`);
  return lines.join('');
}

export function buildRateBarsOption(items: readonly RateItem[], opts: RateBarsOptions = {}): EChartsOption {
  const rows = opts.keepOrder ? [...items] : sortRateItems(items);
  const top = titleSpace(opts);
  const kinds = rows.map(seriesOf);
  const present = new Set(kinds);
  const hasBenchmark = rows.some((r) => r.benchmark !== undefined && r.benchmark !== null);
  const belowName = opts.belowName ?? '显著低于参照';
  const aboveName = opts.aboveName ?? '显著高于参照';

  const bar = (name: string, kind: string, color: string): BarSeriesOption => ({
    type: 'bar',
    name,
    yAxisIndex: 0,
    barMaxWidth: 18,
    barGap: '-100%',
    itemStyle: { color, borderRadius: [0, 2, 2, 0] },
    emphasis: { disabled: true },
    data: rows.map((r, i) => (kinds[i] === kind ? r.rate : null)),
  });
  const bars: BarSeriesOption[] = [bar(RATE_SERIES, 'rate', ACCENT)];
  if (present.has('small')) bars.push(bar(RATE_SMALL, 'small', ACCENT_LIGHT));
  if (present.has('below')) bars.push(bar(belowName, 'below', DANGER));
  if (present.has('above')) bars.push(bar(aboveName, 'above', SUCCESS));
  const pooled = opts.pooled ?? null;
  if (pooled !== null) {
    bars[0]!.markLine = {
      silent: true,
      symbol: 'none',
      precision: 4,
      lineStyle: { type: 'dashed', color: POOLED_COLOR, width: 1 },
      label: { position: 'start', distance: 4, formatter: `${opts.pooledLabel ?? '合并'} ${formatPercent(pooled)}`, color: POOLED_COLOR, fontSize: 11 },
      data: [{ xAxis: pooled, name: opts.pooledLabel ?? '合并通过率' }],
    };
  }
  const interval: CustomSeriesOption = {
    type: 'custom',
    name: RATE_INTERVAL,
    yAxisIndex: 0,
    renderItem: renderIntervalItem,
    encode: { x: [1, 2], y: 0 },
    itemStyle: { color: INTERVAL_COLOR },
    z: 3,
    silent: true,
    data: rows.map((r, i) => [i, r.ciLow, r.ciHigh]),
  };
  const series: (BarSeriesOption | CustomSeriesOption | ScatterSeriesOption)[] = [...bars, interval];
  if (hasBenchmark) {
    series.push({
      type: 'scatter',
      name: opts.benchmarkName ?? '参照',
      yAxisIndex: 0,
      symbol: 'diamond',
      symbolSize: 11,
      z: 4,
      itemStyle: { color: BENCHMARK_COLOR, borderColor: '#ffffff', borderWidth: 1 },
      data: rows.map((r, i) => (r.benchmark === undefined || r.benchmark === null ? null : [r.benchmark, i])),
    });
  }

  const legendData: { name: string; icon?: string }[] = bars.map((b) => ({ name: b.name as string }));
  legendData.push({ name: RATE_INTERVAL, icon: INTERVAL_ICON });
  if (hasBenchmark) legendData.push({ name: opts.benchmarkName ?? '参照', icon: 'diamond' });
  const labelMax = opts.labelMax ?? 16;

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
    grid: { top: top + LEGEND_SPACE, bottom: AXIS_SPACE, left: 8, right: 12, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
    tooltip: rowTooltip(rows, (row) => tooltipHtml(row, opts)),
    xAxis: {
      type: 'value',
      min: 0,
      max: 1,
      interval: 0.2,
      axisLabel: { formatter: percentTick, color: TEXT_MUTED },
      splitLine: { lineStyle: { color: SPLIT_LINE } },
      axisLine: { show: false },
    },
    yAxis: [
      {
        type: 'category',
        inverse: true,
        data: rows.map((r) => r.label),
        axisTick: { show: false },
        axisLine: { lineStyle: { color: AXIS_LINE } },
        axisLabel: { color: TEXT, fontSize: 12, formatter: (value: string) => truncateLabel(value, labelMax) },
      },
      {
        type: 'category',
        inverse: true,
        position: 'right',
        data: rows.map(rateLabel),
        axisTick: { show: false },
        axisLine: { show: false },
        axisLabel: {
          fontSize: 12,
          margin: 10,
          color: (_value?: string | number, index?: number) => {
            const kind = index === undefined ? 'rate' : kinds[index];
            return kind === 'below' ? DANGER : kind === 'above' ? SUCCESS : kind === 'small' ? TEXT_MUTED : TEXT;
          },
        },
      },
    ],
    series,
  };
}
