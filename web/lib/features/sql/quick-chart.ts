/**
 * The console's quick chart: an ECharts option built from a query result and
 * a few choices (chart type, category/x column, value/y column, and for a
 * heatmap the cell value). Pure: no DOM, no stores; the same table and
 * choices always give the same option.
 *
 * Rows that share a category are summed (a bar per category, not per row);
 * long results are cut to what a chart can show, and the option says so in
 * its subtitle.
 */
import type { EChartsOption } from 'echarts';
import type { Cell, DecodedColumn, DecodedTable } from '../../arrow';
import { ACCENT, AXIS_LINE, BASE_OPTION, SPLIT_LINE, TEXT_MUTED, TOOLTIP_BASE, titleOption, titleSpace, truncateLabel } from '../../charts/theme';
import { escapeHtml } from '../../charts/escape';

export type QuickChartType = 'bar' | 'line' | 'pie' | 'scatter' | 'heatmap';

export const CHART_TYPES: { type: QuickChartType; label: string }[] = [
  { type: 'bar', label: '柱状图' },
  { type: 'line', label: '折线图' },
  { type: 'pie', label: '饼图' },
  { type: 'scatter', label: '散点图' },
  { type: 'heatmap', label: '热力图' },
];

export interface QuickChartConfig {
  type: QuickChartType;
  /** Category (bar, line, pie, heatmap x) or x value (scatter). */
  x: string;
  /** Value (bar, line, pie), y value (scatter) or the heatmap's row category. */
  y: string;
  /** Heatmap only: the value of each cell. */
  value?: string;
  /** Shown in the exported picture. */
  title?: string;
}

export const LIMITS = { bar: 100, line: 2000, pie: 11, scatter: 10_000, heatmapX: 60, heatmapY: 60 } as const;

const PALETTE = [ACCENT, '#16a34a', '#f59e0b', '#dc2626', '#7c3aed', '#0891b2', '#db2777', '#65a30d', '#ea580c', '#475569', '#0d9488', '#a3a3a3'];

function column(table: DecodedTable, name: string | undefined): DecodedColumn | undefined {
  return name === undefined ? undefined : table.columns.find((c) => c.name === name);
}

const label = (v: Cell): string => (v === null ? '（空）' : String(v));

/**
 * A value short enough for a chart label: whole numbers grouped, others to
 * three significant digits.
 * @example compactNumber(1479) // '1,479'
 * @example compactNumber(0.532258064516129) // '0.532'
 */
export function compactNumber(v: number): string {
  if (!Number.isFinite(v)) return '';
  if (Number.isInteger(v)) return v.toLocaleString('zh-CN');
  return Number(v.toPrecision(3)).toLocaleString('zh-CN', { maximumFractionDigits: 6 });
}

/** First-seen categories of `x` with the sum of `y` per category. */
export function sumByCategory(x: readonly Cell[], y: readonly Cell[]): { categories: string[]; sums: number[] } {
  const index = new Map<string, number>();
  const sums: number[] = [];
  for (let i = 0; i < x.length; i++) {
    const v = y[i];
    const k = label(x[i] ?? null);
    let at = index.get(k);
    if (at === undefined) {
      at = sums.length;
      index.set(k, at);
      sums.push(0);
    }
    if (typeof v === 'number') sums[at]! += v;
  }
  return { categories: [...index.keys()], sums };
}

/**
 * Sensible first choices: a text column as category and the first numeric
 * column as value; for two numeric columns and no text, a scatter.
 */
export function defaultChartConfig(table: DecodedTable): QuickChartConfig | null {
  const numeric = table.columns.filter((c) => c.kind === 'number');
  const text = table.columns.filter((c) => c.kind !== 'number');
  if (numeric.length === 0) return null;
  if (text.length === 0) {
    if (numeric.length >= 2) return { type: 'scatter', x: numeric[0]!.name, y: numeric[1]!.name };
    return { type: 'bar', x: numeric[0]!.name, y: numeric[0]!.name };
  }
  return { type: 'bar', x: text[0]!.name, y: numeric.find((c) => c !== text[0])!.name, value: numeric[0]!.name };
}

/** Why a choice cannot be drawn (in Chinese), or null. */
export function chartProblem(table: DecodedTable, cfg: QuickChartConfig): string | null {
  if (table.numRows === 0) return '结果为空，无法作图。';
  const x = column(table, cfg.x);
  const y = column(table, cfg.y);
  if (!x || !y) return '请选择作图的列。';
  if (cfg.type === 'scatter') {
    if (x.kind !== 'number' || y.kind !== 'number') return '散点图的横轴和纵轴都需要数值列。';
    return null;
  }
  if (cfg.type === 'heatmap') {
    const v = column(table, cfg.value);
    if (!v) return '热力图还需要选择“数值”列。';
    if (v.kind !== 'number') return '热力图的“数值”需要数值列。';
    return null;
  }
  if (y.kind !== 'number') return '“数值”需要数值列（如人数、通过率）。';
  return null;
}

function subtitleFor(cut: string[]): string | undefined {
  return cut.length ? cut.join('；') : undefined;
}

export function buildQuickChartOption(table: DecodedTable, cfg: QuickChartConfig): EChartsOption {
  const x = column(table, cfg.x)!;
  const y = column(table, cfg.y)!;
  const cut: string[] = [];
  const text = { title: cfg.title, subtitle: undefined as string | undefined };
  const base = { ...BASE_OPTION, color: PALETTE };

  if (cfg.type === 'scatter') {
    const n = Math.min(table.numRows, LIMITS.scatter);
    if (table.numRows > n) cut.push(`仅绘制前 ${LIMITS.scatter.toLocaleString('zh-CN')} 个点`);
    const data: [number, number][] = [];
    for (let i = 0; i < n; i++) {
      const a = x.values[i];
      const b = y.values[i];
      if (typeof a === 'number' && typeof b === 'number') data.push([a, b]);
    }
    text.subtitle = subtitleFor(cut);
    const top = 24 + titleSpace(text);
    return {
      ...base,
      title: titleOption(text),
      tooltip: { ...TOOLTIP_BASE, trigger: 'item', formatter: (p: unknown) => { const v = (p as { value: [number, number] }).value; return `${escapeHtml(cfg.x)}：${compactNumber(v[0])}<br/>${escapeHtml(cfg.y)}：${compactNumber(v[1])}`; } },
      grid: { left: 64, right: 32, top, bottom: 48, containLabel: true },
      xAxis: { type: 'value', name: cfg.x, nameLocation: 'middle', nameGap: 28, scale: true, axisLine: { lineStyle: { color: AXIS_LINE } }, splitLine: { lineStyle: { color: SPLIT_LINE } } },
      yAxis: { type: 'value', name: cfg.y, scale: true, axisLine: { lineStyle: { color: AXIS_LINE } }, splitLine: { lineStyle: { color: SPLIT_LINE } } },
      series: [{ type: 'scatter', name: cfg.y, data, symbolSize: data.length > 2000 ? 4 : 8, itemStyle: { opacity: 0.75 } }],
    };
  }

  if (cfg.type === 'heatmap') {
    const v = column(table, cfg.value)!;
    const xs = new Map<string, number>();
    const ys = new Map<string, number>();
    const cells = new Map<string, number>();
    for (let i = 0; i < table.numRows; i++) {
      const a = label(x.values[i] ?? null);
      const b = label(y.values[i] ?? null);
      if (!xs.has(a)) { if (xs.size >= LIMITS.heatmapX) continue; xs.set(a, xs.size); }
      if (!ys.has(b)) { if (ys.size >= LIMITS.heatmapY) continue; ys.set(b, ys.size); }
      const value = v.values[i];
      if (typeof value !== 'number') continue;
      const key = `${xs.get(a)}|${ys.get(b)}`;
      cells.set(key, (cells.get(key) ?? 0) + value);
    }
    const data = [...cells].map(([k, value]) => [...k.split('|').map(Number), value] as [number, number, number]);
    const values = data.map((d) => d[2]);
    if (xs.size >= LIMITS.heatmapX || ys.size >= LIMITS.heatmapY) cut.push(`每个方向最多 ${LIMITS.heatmapX} 类`);
    text.subtitle = subtitleFor(cut);
    const top = 24 + titleSpace(text);
    return {
      ...base,
      title: titleOption(text),
      tooltip: { ...TOOLTIP_BASE, trigger: 'item', formatter: (p: unknown) => { const d = (p as { value: [number, number, number] }).value; return `${escapeHtml([...xs.keys()][d[0]])} × ${escapeHtml([...ys.keys()][d[1]])}<br/>${escapeHtml(cfg.value)}：${compactNumber(d[2])}`; } },
      grid: { left: 24, right: 96, top, bottom: 16, containLabel: true },
      xAxis: { type: 'category', data: [...xs.keys()].map((s) => truncateLabel(s, 10)), axisLabel: { rotate: xs.size > 8 ? 40 : 0, interval: 0, color: TEXT_MUTED }, splitArea: { show: true } },
      yAxis: { type: 'category', data: [...ys.keys()].map((s) => truncateLabel(s, 14)), axisLabel: { color: TEXT_MUTED }, splitArea: { show: true } },
      visualMap: { type: 'continuous', min: values.length ? Math.min(...values) : 0, max: values.length ? Math.max(...values) : 1, calculable: true, orient: 'vertical', right: 8, top: 'middle', itemHeight: 120, formatter: (v: unknown) => compactNumber(Number(v)), text: [cfg.value ?? '', ''], textStyle: { color: TEXT_MUTED, fontSize: 11 }, inRange: { color: ['#eff4ff', '#a8c0f4', ACCENT] } },
      series: [{ type: 'heatmap', name: cfg.value, data, label: { show: data.length <= 150 && xs.size <= 24, fontSize: 10, formatter: (p: unknown) => compactNumber((p as { value: [number, number, number] }).value[2]) } }],
    };
  }

  const { categories, sums } = sumByCategory(x.values, y.values);
  if (cfg.type === 'pie') {
    const pairs = categories.map((c, i) => ({ name: c, value: sums[i]! })).filter((p) => p.value > 0).sort((a, b) => b.value - a.value);
    const shown = pairs.slice(0, LIMITS.pie);
    const rest = pairs.slice(LIMITS.pie).reduce((s, p) => s + p.value, 0);
    if (rest > 0) {
      shown.push({ name: '其他', value: rest });
      cut.push(`前 ${LIMITS.pie} 类之外合并为“其他”`);
    }
    text.subtitle = subtitleFor(cut);
    return {
      ...base,
      title: titleOption(text),
      tooltip: { ...TOOLTIP_BASE, trigger: 'item', formatter: (p: unknown) => { const d = p as { name: string; value: number; percent: number }; return `${escapeHtml(d.name)}：${compactNumber(d.value)}（${d.percent}%）`; } },
      legend: { type: 'plain', orient: 'vertical', right: 16, top: 'middle', textStyle: { color: TEXT_MUTED } },
      series: [{ type: 'pie', name: cfg.y, radius: ['35%', '68%'], center: ['40%', `${55 + titleSpace(text) / 10}%`], data: shown, label: { formatter: (p: unknown) => { const d = p as { name: string; percent: number }; return `${d.name}\n${d.percent}%`; } } }],
    };
  }

  const max = cfg.type === 'bar' ? LIMITS.bar : LIMITS.line;
  if (categories.length > max) cut.push(`仅显示前 ${max} 类`);
  const cats = categories.slice(0, max);
  text.subtitle = subtitleFor(cut);
  const top = 24 + titleSpace(text);
  return {
    ...base,
    title: titleOption(text),
    tooltip: { ...TOOLTIP_BASE, trigger: 'axis', valueFormatter: (v: unknown) => (typeof v === 'number' ? compactNumber(v) : String(v)) },
    grid: { left: 16, right: 24, top, bottom: 16, containLabel: true },
    xAxis: {
      type: 'category',
      // Full names in the data, so ECharts' own tooltip (it escapes them) names the category whole; the axis cuts them.
      data: cats,
      name: cats.length <= 12 ? cfg.x : undefined,
      axisLabel: { rotate: cats.length > 12 ? 45 : 0, interval: cats.length > 40 ? 'auto' : 0, color: TEXT_MUTED, formatter: (v: string) => truncateLabel(v, 12) },
      axisLine: { lineStyle: { color: AXIS_LINE } },
    },
    yAxis: { type: 'value', name: cfg.y, splitLine: { lineStyle: { color: SPLIT_LINE } } },
    series: [
      cfg.type === 'bar'
        ? { type: 'bar', name: cfg.y, data: sums.slice(0, max), itemStyle: { color: ACCENT, borderRadius: [3, 3, 0, 0] }, barMaxWidth: 36 }
        : { type: 'line', name: cfg.y, data: sums.slice(0, max), itemStyle: { color: ACCENT }, symbol: cats.length > 60 ? 'none' : 'circle', smooth: false },
    ],
  };
}
