/**
 * Teachers trained beside the pass rate, per certificate of one school: on
 * the left the pass rate (bar, 95% interval, `rate n=…`), on the right, on
 * the same rows, the teachers trained for that certificate (and assessors
 * when the report gives them). Certificates with teachers but no exam results
 * (or the reverse) keep their row with the missing side empty, never zero.
 * Pure: shared with the server.
 */
import type { BarSeriesOption, CustomSeriesOption, EChartsOption } from 'echarts';
import type { SchoolTeacherRow } from '../queries';
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
  escapeHtml,
  percentTick,
  titleOption,
  titleSpace,
  truncateLabel,
} from './theme';
import { INTERVAL_COLOR, SMALL_SAMPLE, renderIntervalItem } from './pass-rate-by-certificate';

export const TEACHERS = '培训教师人数';
export const ASSESSORS = '考评员人数';
export const TEACHER_COLOR = '#d97706';
export const ASSESSOR_COLOR = '#fbbf24';
const ROW = 26;

/** Rows with a pass rate first (highest first), then the rest by teachers. */
export function sortTeacherRows(rows: readonly SchoolTeacherRow[]): SchoolTeacherRow[] {
  return [...rows].sort(
    (a, b) =>
      (b.pass_rate ?? -1) - (a.pass_rate ?? -1) ||
      (b.candidates ?? 0) - (a.candidates ?? 0) ||
      (b.teachers_trained ?? -1) - (a.teachers_trained ?? -1) ||
      a.certificate.localeCompare(b.certificate, 'zh-CN'),
  );
}

export function teachersChartHeight(rows: number, opts: ChartTextOptions = {}): number {
  return titleSpace(opts) + 44 + 28 + Math.max(rows, 3) * ROW + 8;
}

export function buildTeachersVsRateOption(rows: readonly SchoolTeacherRow[], opts: ChartTextOptions = {}): EChartsOption {
  const sorted = sortTeacherRows(rows);
  const top = titleSpace(opts);
  const names = sorted.map((r) => r.certificate);
  const anyAssessors = sorted.some((r) => r.assessors !== null);
  const gridTop = top + 44;
  const rateBar: BarSeriesOption = {
    type: 'bar',
    name: '通过率',
    xAxisIndex: 0,
    yAxisIndex: 0,
    barMaxWidth: 14,
    emphasis: { disabled: true },
    itemStyle: { color: ACCENT, borderRadius: [0, 2, 2, 0] },
    data: sorted.map((r) => ({
      value: r.pass_rate,
      itemStyle: { color: (r.candidates ?? 0) < SMALL_SAMPLE ? ACCENT_LIGHT : ACCENT },
    })),
  };
  const interval: CustomSeriesOption = {
    type: 'custom',
    name: '95% 区间',
    xAxisIndex: 0,
    yAxisIndex: 0,
    renderItem: renderIntervalItem,
    encode: { x: [1, 2], y: 0 },
    itemStyle: { color: INTERVAL_COLOR },
    silent: true,
    z: 3,
    data: sorted.map((r, i) => [i, r.ci_low, r.ci_high]),
  };
  const teacherBar = (name: string, key: 'teachers_trained' | 'assessors', color: string): BarSeriesOption => ({
    type: 'bar',
    name,
    xAxisIndex: 1,
    yAxisIndex: 2,
    barMaxWidth: 14,
    barGap: '10%',
    emphasis: { disabled: true },
    itemStyle: { color, borderRadius: [0, 2, 2, 0] },
    label: { show: true, position: 'right', fontSize: 11, color: TEXT, formatter: (p: { value?: unknown }) => (typeof p.value === 'number' ? formatInt(p.value) : '') },
    data: sorted.map((r) => r[key]),
  });
  const series: (BarSeriesOption | CustomSeriesOption)[] = [rateBar, interval, teacherBar(TEACHERS, 'teachers_trained', TEACHER_COLOR)];
  if (anyAssessors) series.push(teacherBar(ASSESSORS, 'assessors', ASSESSOR_COLOR));

  return {
    ...BASE_OPTION,
    title: titleOption(opts),
    legend: {
      top: top + 6,
      left: 8,
      selectedMode: false,
      itemWidth: 14,
      itemHeight: 10,
      textStyle: { fontFamily: FONT_FAMILY, color: TEXT, fontSize: 12 },
      data: ['通过率', TEACHERS, ...(anyAssessors ? [ASSESSORS] : [])],
    },
    // Left: names | rate bars | `rate n=…` (labels kept inside the grid's box); right: teachers.
    grid: [
      { top: gridTop, bottom: 28, left: 8, right: '42%', outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
      { top: gridTop, bottom: 28, left: '60%', right: 36 },
    ],
    tooltip: rowTooltip(sorted, (r) => {
      const exam =
        r.candidates === null
          ? `<div style="color:${TEXT_MUTED}">无考核结果</div>`
          : `<div>通过率：<b>${formatPercent(r.pass_rate)}</b>（${formatInt(r.passed)}/${formatInt(r.candidates)}，95% 区间 ${formatInterval(r.ci_low, r.ci_high)}）</div>`;
      return [
        `<div style="font-weight:600;margin-bottom:4px">${escapeHtml(r.certificate)}</div>`,
        exam,
        `<div>${TEACHERS}：<b>${formatInt(r.teachers_trained)}</b></div>`,
        anyAssessors ? `<div>${ASSESSORS}：${formatInt(r.assessors)}</div>` : '',
      ].join('');
    }),
    xAxis: [
      {
        type: 'value',
        gridIndex: 0,
        min: 0,
        max: 1,
        interval: 0.25,
        axisLabel: { color: TEXT_MUTED, formatter: percentTick },
        splitLine: { lineStyle: { color: SPLIT_LINE } },
      },
      {
        type: 'value',
        gridIndex: 1,
        minInterval: 1,
        name: TEACHERS,
        nameLocation: 'middle',
        nameGap: 22,
        nameTextStyle: { color: TEXT_MUTED, fontSize: 11 },
        axisLabel: { color: TEXT_MUTED },
        splitLine: { lineStyle: { color: SPLIT_LINE } },
      },
    ],
    yAxis: [
      {
        type: 'category',
        gridIndex: 0,
        inverse: true,
        data: names,
        axisTick: { show: false },
        axisLine: { lineStyle: { color: AXIS_LINE } },
        axisLabel: { color: TEXT, fontSize: 12, formatter: (v: string) => truncateLabel(v, 11) },
      },
      {
        type: 'category',
        gridIndex: 0,
        inverse: true,
        position: 'right',
        data: sorted.map((r) => (r.candidates === null ? '无考核' : `${formatPercent(r.pass_rate)} ${formatN(r.candidates)}`)),
        axisTick: { show: false },
        axisLine: { show: false },
        axisLabel: { color: TEXT_MUTED, fontSize: 11, margin: 8 },
      },
      {
        type: 'category',
        gridIndex: 1,
        inverse: true,
        data: names,
        axisTick: { show: false },
        axisLine: { lineStyle: { color: AXIS_LINE } },
        axisLabel: { show: false },
      },
    ],
    series,
  };
}
