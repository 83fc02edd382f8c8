/**
 * Shared look of every chart: font stack, colours, title block. Pure data and
 * pure helpers only — the server imports the option builders (and so this
 * file) to render the same charts as SVG/PNG, so nothing here may touch the
 * DOM, `window` or Svelte.
 */
import type { TitleComponentOption, TooltipComponentOption } from 'echarts';

/**
 * Single quotes inside on purpose: ECharts' SVG renderer writes the family into
 * a double-quoted `style` attribute without escaping it, so double quotes here
 * would break server-rendered SVG.
 */
export const FONT_FAMILY = "'PingFang SC', 'Noto Sans CJK SC', 'Noto Sans SC', 'Microsoft YaHei', sans-serif";

/** The one accent colour of the product (also in the app's CSS). */
export const ACCENT = '#2563eb';
export const ACCENT_LIGHT = '#a8c0f4';
export const TEXT = '#1f2937';
export const TEXT_MUTED = '#6b7280';
export const AXIS_LINE = '#d1d5db';
export const SPLIT_LINE = '#eef0f3';
export const WARNING = '#b45309';
export const BACKGROUND = '#ffffff';

/** Height the title block takes when an exported chart has a title. */
export const TITLE_HEIGHT = 44;
export const TITLE_WITH_SUBTITLE_HEIGHT = 62;

export interface ChartTextOptions {
  /** Shown only when set (exports); on the page the card carries the heading. */
  title?: string;
  /** A second line under the title, e.g. the filters. */
  subtitle?: string;
}

/** Vertical space the title block needs (0 without a title). */
export function titleSpace(opts: ChartTextOptions): number {
  if (!opts.title) return 0;
  return opts.subtitle ? TITLE_WITH_SUBTITLE_HEIGHT : TITLE_HEIGHT;
}

export function titleOption(opts: ChartTextOptions): TitleComponentOption {
  return {
    show: Boolean(opts.title),
    text: opts.title ?? '',
    subtext: opts.title ? (opts.subtitle ?? '') : '',
    left: 16,
    top: 10,
    textStyle: { fontSize: 16, fontWeight: 600, color: TEXT, fontFamily: FONT_FAMILY },
    subtextStyle: { fontSize: 12, color: TEXT_MUTED, fontFamily: FONT_FAMILY },
  };
}

/** Options every chart shares: white background, Chinese font, no animation. */
export const BASE_OPTION = {
  backgroundColor: BACKGROUND,
  animation: false,
  textStyle: { fontFamily: FONT_FAMILY, color: TEXT },
} as const;

export const TOOLTIP_BASE: TooltipComponentOption = {
  confine: true,
  backgroundColor: 'rgba(255,255,255,0.98)',
  borderColor: AXIS_LINE,
  borderWidth: 1,
  padding: [8, 12],
  textStyle: { fontFamily: FONT_FAMILY, color: TEXT, fontSize: 12 },
  extraCssText: 'box-shadow: 0 4px 14px rgba(15,23,42,0.12); border-radius: 6px;',
};

/**
 * The tooltip of a category chart: the category under the pointer is shaded
 * and its row is shown by `html` (given the row and its index).
 */
export function rowTooltip<Row>(rows: readonly Row[], html: (row: Row, index: number) => string): TooltipComponentOption {
  return {
    ...TOOLTIP_BASE,
    trigger: 'axis',
    axisPointer: { type: 'shadow', shadowStyle: { color: 'rgba(37,99,235,0.06)' } },
    formatter: (params) => {
      const first = Array.isArray(params) ? params[0] : params;
      const row = first ? rows[first.dataIndex] : undefined;
      return first && row !== undefined ? html(row, first.dataIndex) : '';
    },
  };
}

/**
 * Cuts a long name for an axis label; the full name goes in the tooltip.
 * @example truncateLabel('信息技术类（计算机应用、软件技术、电子与信息技术）', 14) // '信息技术类（计算机应用、软件技…'
 */
export function truncateLabel(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length > max ? `${chars.slice(0, max).join('')}…` : text;
}

/**
 * Short axis labels that can still be told apart: names that fit stay whole;
 * a long name is cut at the end unless that makes it look like another
 * row's label, in which case it keeps its head and its distinguishing part
 * (`信息技术类（…物联网技术）`); if even that collides, the full name.
 * The full name is always in the tooltip and the table beside the chart.
 * @example distinctLabels(['加工制造类（机电数控技术、工业机器人技术应用）', '加工制造类（机电数控技术、工业机器人维修）'], 14).get('加工制造类（机电数控技术、工业机器人维修）') // '加工制造类（…工业机器人维修）'
 */
export function distinctLabels(names: readonly string[], max: number): Map<string, string> {
  const unique = [...new Set(names)];
  const cut = new Map(unique.map((n) => [n, truncateLabel(n, max)]));
  const count = (label: string) => [...cut.values()].filter((v) => v === label).length;
  const plain = new Map(cut);
  const clashing = unique.filter((n) => count(cut.get(n)!) > 1);
  for (const n of clashing) {
    const chars = Array.from(n);
    const others = clashing.filter((o) => o !== n && plain.get(o) === plain.get(n)).map((o) => Array.from(o));
    // Where this name starts to differ from the others it was cut like.
    let differ = 0;
    while (others.some((o) => o[differ] === chars[differ]) && differ < chars.length) differ++;
    const open = chars.indexOf('（');
    const headLen = open > 0 && open < max / 2 ? open + 1 : Math.floor(max / 3);
    const tailLen = Math.max(1, max - headLen);
    const tail = chars.slice(Math.max(headLen, Math.min(differ, chars.length - tailLen)));
    const label = `${chars.slice(0, headLen).join('')}…${tail.slice(0, tailLen).join('')}${tail.length > tailLen ? '…' : ''}`;
    cut.set(n, label);
  }
  for (const n of unique) if (count(cut.get(n)!) > 1) cut.set(n, n);
  return cut;
}

/** Tooltip HTML escapes its text with the one helper (see escape.ts). */
export { escapeHtml } from './escape';

/** A coloured dot for a tooltip line. */
export function dot(color: string): string {
  return `<span style="display:inline-block;width:8px;height:8px;border-radius:50%;margin-right:6px;background:${color}"></span>`;
}

/** Significantly below / above a benchmark (funnel limits, Newcombe interval). */
export const DANGER = '#dc2626';
export const SUCCESS = '#15803d';
export const DANGER_LIGHT = '#fca5a5';
export const SUCCESS_LIGHT = '#86efac';

/** Series colours when several schools are drawn side by side (colour-blind safe order). */
export const PALETTE = ['#2563eb', '#d97706', '#0f766e', '#9333ea', '#dc2626', '#64748b'] as const;

/** Axis label of a rate: `40%`. */
export function percentTick(value: number): string {
  return `${Math.round(value * 100)}%`;
}
