/**
 * Pilot applications per batch: requested and approved trainees side by side
 * for each application batch (沿用批次, 第一次, 第二次 …), each bar labelled.
 * A batch where some pilot got more approved than requested is labelled in
 * the warning colour, as printed (never corrected). Pure: shared with the server.
 */
import type { BarSeriesOption, EChartsOption } from 'echarts';
import type { ApplicationsByBatchRow } from '../queries';
import { formatInt } from '../format';
import {
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

export const REQUESTED = '申请培训人数';
export const APPROVED = '批准培训人数';
const COLORS = { requested: '#93b4f3', approved: '#2563eb' };

/** `沿用批次`, or `2021 沿用批次` when the rows span several years. */
export function batchLabels(rows: readonly ApplicationsByBatchRow[]): string[] {
  const years = new Set(rows.map((r) => r.year));
  const schools = new Set(rows.map((r) => r.school_id));
  return rows.map((r) => [schools.size > 1 ? r.school : '', years.size > 1 ? `${r.year}` : '', r.batch ?? '未注明批次'].filter(Boolean).join(' '));
}

export function applicationsChartHeight(opts: ChartTextOptions = {}): number {
  return titleSpace(opts) + 340;
}

export function buildApplicationsByBatchOption(rows: readonly ApplicationsByBatchRow[], opts: ChartTextOptions = {}): EChartsOption {
  const top = titleSpace(opts);
  const labels = batchLabels(rows);
  const bar = (name: string, key: 'requested' | 'approved', color: string): BarSeriesOption => ({
    type: 'bar',
    name,
    barMaxWidth: 46,
    barGap: '12%',
    itemStyle: { color, borderRadius: [2, 2, 0, 0] },
    emphasis: { disabled: true },
    data: rows.map((r) => ({
      value: r[key],
      label: {
        show: true,
        position: 'top',
        fontSize: 12,
        color: key === 'approved' && r.approved_over_requested > 0 ? WARNING : TEXT,
        fontWeight: key === 'approved' && r.approved_over_requested > 0 ? 600 : 400,
        formatter: formatInt(r[key]),
      },
    })),
  });
  return {
    ...BASE_OPTION,
    title: titleOption(opts),
    legend: { top: top + 6, left: 'center', textStyle: { fontFamily: FONT_FAMILY, color: TEXT, fontSize: 12 }, data: [REQUESTED, APPROVED], selectedMode: false },
    grid: { top: top + 52, bottom: 12, left: 12, right: 16, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
    tooltip: rowTooltip(rows, (r, i) => {
      const warn = r.approved_over_requested > 0 ? `<div style="color:${WARNING};margin-top:4px">其中 ${r.approved_over_requested} 个试点批准人数大于申请人数（按原样）</div>` : '';
      return [
        `<div style="font-weight:600;margin-bottom:4px">${escapeHtml(labels[i] ?? '')}</div>`,
        `<div>试点数：${formatInt(r.pilots)}</div>`,
        `<div>${dot(COLORS.requested)}${REQUESTED}：<b>${formatInt(r.requested)}</b></div>`,
        `<div>${dot(COLORS.approved)}${APPROVED}：<b>${formatInt(r.approved)}</b></div>`,
        warn,
      ].join('');
    }),
    xAxis: {
      type: 'category',
      data: labels.map((l, i) => `${l}\n${formatInt(rows[i]?.pilots)} 个试点`),
      axisTick: { show: false },
      axisLine: { lineStyle: { color: AXIS_LINE } },
      axisLabel: { color: TEXT, fontSize: 12, lineHeight: 18, interval: 0 },
    },
    yAxis: { type: 'value', axisLabel: { color: TEXT_MUTED, formatter: (v: number) => formatInt(v) }, splitLine: { lineStyle: { color: SPLIT_LINE } } },
    series: [bar(REQUESTED, 'requested', COLORS.requested), bar(APPROVED, 'approved', COLORS.approved)],
  };
}
