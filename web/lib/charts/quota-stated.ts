/**
 * Each city's quota total as computed from the table (sum of its column)
 * beside the total the document's 合计 row prints, with the difference
 * labelled above the pair (`+1`) in the warning colour when they disagree.
 * Pure: shared with the server.
 */
import type { BarSeriesOption, EChartsOption } from 'echarts';
import type { CityQuotaTotalRow } from '../queries';
import { formatInt, formatPercent } from '../format';
import {
  ACCENT,
  AXIS_LINE,
  BASE_OPTION,
  FONT_FAMILY,
  SPLIT_LINE,
  TEXT,
  TEXT_MUTED,
  rowTooltip,
  WARNING,
  type ChartTextOptions,
  dot,
  escapeHtml,
  titleOption,
  titleSpace,
} from './theme';
import { totalDiffers } from './city-quotas';

export const COMPUTED = '逐项相加';
export const STATED = '文件所列合计';
export const QUOTA_AXIS_NAME = '名额（人）';
const STATED_COLOR = '#cbd5e1';

export function quotaStatedHeight(opts: ChartTextOptions = {}): number {
  return titleSpace(opts) + 340;
}

export function signed(n: number | null | undefined): string {
  if (n === null || n === undefined) return '—';
  return n > 0 ? `+${formatInt(n)}` : formatInt(n);
}

export function buildQuotaStatedOption(totals: readonly CityQuotaTotalRow[], opts: ChartTextOptions = {}): EChartsOption {
  const rows = [...totals].sort((a, b) => (a.city_order ?? 0) - (b.city_order ?? 0));
  const top = titleSpace(opts);
  const computed: BarSeriesOption = {
    type: 'bar',
    name: COMPUTED,
    barMaxWidth: 22,
    barGap: '8%',
    itemStyle: { color: ACCENT, borderRadius: [2, 2, 0, 0] },
    emphasis: { disabled: true },
    data: rows.map((r) => ({
      value: r.quota,
      label: {
        show: true,
        position: 'top',
        fontSize: 11,
        lineHeight: 14,
        color: totalDiffers(r) ? WARNING : TEXT,
        fontWeight: totalDiffers(r) ? 600 : 400,
        formatter: totalDiffers(r) ? `${formatInt(r.quota)}\n差 ${signed(r.difference)}` : formatInt(r.quota),
      },
    })),
  };
  const stated: BarSeriesOption = {
    type: 'bar',
    name: STATED,
    barMaxWidth: 22,
    itemStyle: { color: STATED_COLOR, borderRadius: [2, 2, 0, 0] },
    emphasis: { disabled: true },
    label: { show: true, position: 'top', fontSize: 11, color: TEXT_MUTED, formatter: (p: { value?: unknown }) => (typeof p.value === 'number' ? formatInt(p.value) : '') },
    data: rows.map((r) => r.stated),
  };
  return {
    ...BASE_OPTION,
    title: titleOption(opts),
    legend: { top: top + 6, left: 'center', selectedMode: false, textStyle: { fontFamily: FONT_FAMILY, color: TEXT, fontSize: 12 }, data: [COMPUTED, STATED] },
    grid: { top: top + 56, bottom: 12, left: 12, right: 16, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
    tooltip: rowTooltip(rows, (r) => {
      return [
        `<div style="font-weight:600;margin-bottom:4px">${escapeHtml(r.city)}</div>`,
        `<div>${dot(ACCENT)}${COMPUTED}：<b>${formatInt(r.quota)}</b> 人</div>`,
        `<div>${dot(STATED_COLOR)}${STATED}：${r.stated === null ? '—' : `${formatInt(r.stated)} 人`}</div>`,
        totalDiffers(r) ? `<div style="color:${WARNING}">差异：${signed(r.difference)} 人</div>` : '',
        `<div>占全省（分市名额）：${formatPercent(r.share)}</div>`,
      ].join('');
    }),
    xAxis: { type: 'category', data: rows.map((r) => r.city), axisTick: { show: false }, axisLine: { lineStyle: { color: AXIS_LINE } }, axisLabel: { color: TEXT, interval: 0 } },
    yAxis: {
      type: 'value',
      // The unit once, on the axis (issue 14: a count of what was not said).
      name: QUOTA_AXIS_NAME,
      nameLocation: 'end',
      nameGap: 12,
      nameTextStyle: { color: TEXT_MUTED, fontSize: 12, align: 'left' },
      axisLabel: { color: TEXT_MUTED },
      splitLine: { lineStyle: { color: SPLIT_LINE } },
    },
    series: [computed, stated],
  };
}
