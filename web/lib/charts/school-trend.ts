/**
 * A school's pass rate across years: one line per certificate that has
 * results in two or more years (a single year is no trend), each point with
 * its sample size in the tooltip, plus the school's pooled rate per year.
 * Pure: shared with the server.
 */
import type { EChartsOption, LineSeriesOption, TooltipComponentFormatterCallbackParams } from 'echarts';
import type { SchoolBenchmarkRow } from '../queries';
import { formatInt, formatInterval, formatPercent } from '../format';
import {
  AXIS_LINE,
  BASE_OPTION,
  FONT_FAMILY,
  PALETTE,
  SPLIT_LINE,
  TEXT,
  TEXT_MUTED,
  TOOLTIP_BASE,
  type ChartTextOptions,
  escapeHtml,
  percentTick,
  titleOption,
  titleSpace,
} from './theme';

export const SCHOOL_POOLED = '本校合计';

export interface TrendData {
  years: number[];
  /** Certificates with results in ≥ 2 years, most candidates first. */
  lines: { certificate: string; points: (SchoolBenchmarkRow | null)[] }[];
  /** The school's pooled rate per year. */
  pooled: { candidates: number; passed: number; rate: number | null }[];
}

export function trendData(rows: readonly SchoolBenchmarkRow[]): TrendData {
  const whole = rows.filter((r) => r.level === null);
  const years = [...new Set(whole.map((r) => r.year))].sort((a, b) => a - b);
  const byCert = new Map<string, SchoolBenchmarkRow[]>();
  for (const r of whole) byCert.set(r.certificate, [...(byCert.get(r.certificate) ?? []), r]);
  const lines = [...byCert.entries()]
    .filter(([, rs]) => new Set(rs.map((r) => r.year)).size >= 2)
    .sort((a, b) => b[1].reduce((s, r) => s + r.candidates, 0) - a[1].reduce((s, r) => s + r.candidates, 0))
    .map(([certificate, rs]) => ({ certificate, points: years.map((y) => rs.find((r) => r.year === y) ?? null) }));
  const pooled = years.map((y) => {
    const rs = whole.filter((r) => r.year === y);
    const candidates = rs.reduce((s, r) => s + r.candidates, 0);
    const passed = rs.reduce((s, r) => s + r.passed, 0);
    return { candidates, passed, rate: candidates > 0 ? passed / candidates : null };
  });
  return { years, lines, pooled };
}

/** A trend needs two years: false means the card shows its empty state. */
export function hasTrend(rows: readonly SchoolBenchmarkRow[]): boolean {
  return trendData(rows).years.length >= 2;
}

export function schoolTrendHeight(opts: ChartTextOptions = {}): number {
  return titleSpace(opts) + 380;
}

export function buildSchoolTrendOption(rows: readonly SchoolBenchmarkRow[], opts: ChartTextOptions = {}): EChartsOption {
  const data = trendData(rows);
  const top = titleSpace(opts);
  const series: LineSeriesOption[] = data.lines.slice(0, 12).map((line, i) => ({
    type: 'line',
    name: line.certificate,
    connectNulls: false,
    symbolSize: 6,
    lineStyle: { width: 1.5, color: PALETTE[i % PALETTE.length] },
    itemStyle: { color: PALETTE[i % PALETTE.length] },
    data: line.points.map((p) => (p ? p.pass_rate : null)),
  }));
  series.unshift({
    type: 'line',
    name: SCHOOL_POOLED,
    symbolSize: 7,
    lineStyle: { width: 2.5, color: TEXT },
    itemStyle: { color: TEXT },
    z: 5,
    data: data.pooled.map((p) => p.rate),
  });
  return {
    ...BASE_OPTION,
    title: titleOption(opts),
    legend: { top: top + 6, left: 8, type: 'scroll', textStyle: { fontFamily: FONT_FAMILY, color: TEXT, fontSize: 12 } },
    grid: { top: top + 48, bottom: 28, left: 12, right: 24, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
    tooltip: {
      ...TOOLTIP_BASE,
      trigger: 'axis',
      formatter: (params: TooltipComponentFormatterCallbackParams) => {
        const list = Array.isArray(params) ? params : [params];
        const i = list[0]?.dataIndex ?? 0;
        const head = `<div style="font-weight:600;margin-bottom:4px">${data.years[i] ?? ''} 年</div>`;
        const pooled = data.pooled[i];
        const lines = [`<div>${SCHOOL_POOLED}：<b>${formatPercent(pooled?.rate)}</b>（${formatInt(pooled?.passed)}/${formatInt(pooled?.candidates)}）</div>`];
        for (const line of data.lines.slice(0, 12)) {
          const p = line.points[i];
          if (p) lines.push(`<div>${escapeHtml(line.certificate)}：${formatPercent(p.pass_rate)}（${formatInt(p.passed)}/${formatInt(p.candidates)}，${formatInterval(p.ci_low, p.ci_high)}）</div>`);
        }
        return head + lines.join('');
      },
    },
    xAxis: { type: 'category', data: data.years.map((y) => `${y} 年`), axisLine: { lineStyle: { color: AXIS_LINE } }, axisTick: { show: false }, axisLabel: { color: TEXT } },
    yAxis: { type: 'value', min: 0, max: 1, axisLabel: { color: TEXT_MUTED, formatter: percentTick }, splitLine: { lineStyle: { color: SPLIT_LINE } } },
    series,
  };
}
