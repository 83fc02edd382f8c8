/**
 * Trainees per college: grouped bars per school for the five counts a college
 * reports (申请/批准培训人数 from the pilot application, 考证/通过人数 from the
 * exam results, 培训教师人数 from teacher training). A missing figure is no bar
 * (never a zero) and the tooltip says 无数据. Pure: shared with the server.
 */
import type { BarSeriesOption, EChartsOption } from 'echarts';
import type { TraineesByCollegeRow } from '../queries';
import { formatCount, formatInt } from '../format';
import {
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
} from './theme';
import { richSpan, richText } from './escape';

export type TraineeMeasure = 'requested' | 'approved' | 'candidates' | 'passed' | 'teachers_trained';

/** The five series, in legend order, with their colours (paired by source). */
export const TRAINEE_SERIES: readonly { key: TraineeMeasure; name: string; color: string }[] = [
  { key: 'requested', name: '申请培训人数', color: '#93b4f3' },
  { key: 'approved', name: '批准培训人数', color: '#2563eb' },
  { key: 'candidates', name: '考证人数', color: '#5eead4' },
  { key: 'passed', name: '通过人数', color: '#0f766e' },
  { key: 'teachers_trained', name: '培训教师人数', color: '#d97706' },
];

/** With more schools than this the value labels are left off (the tooltip and table keep them). */
export const LABEL_MAX_SCHOOLS = 6;
const NAME_MAX = 12;
export const NO_DATA = '无数据';

export function traineesChartHeight(schools: number, opts: ChartTextOptions = {}): number {
  return titleSpace(opts) + (schools > 8 ? 420 : 360);
}

function tooltipHtml(row: TraineesByCollegeRow, names: Partial<Record<TraineeMeasure, string>>): string {
  const lines = TRAINEE_SERIES.map(({ key, name: plain, color }) => {
    const name = names[key] ?? plain;
    const value = row[key];
    const text = value === null || value === undefined ? `<span style="color:${TEXT_MUTED}">${NO_DATA}</span>` : `<b>${formatInt(value)}</b>`;
    return `<div>${dot(color)}${name}：${text}</div>`;
  });
  const city = row.city ? `<span style="color:${TEXT_MUTED};font-weight:400">　${escapeHtml(row.city)}</span>` : '';
  return `<div style="font-weight:600;margin-bottom:4px">${escapeHtml(row.school)}${city}</div>${lines.join('')}`;
}

/**
 * Series names with the years each source covers, e.g. 申请培训人数（2021 年）,
 * so applications of one year never pass for the exam results of another.
 */
export function traineeSeriesNames(years: { application?: string | null; exam?: string | null; teacher?: string | null }): Record<TraineeMeasure, string> {
  const withYears = (name: string, y: string | null | undefined) => (y ? `${name}（${y} 年）` : name);
  return {
    requested: withYears('申请培训人数', years.application),
    approved: withYears('批准培训人数', years.application),
    candidates: withYears('考证人数', years.exam),
    passed: withYears('通过人数', years.exam),
    teachers_trained: withYears('培训教师人数', years.teacher),
  };
}

export function buildTraineesByCollegeOption(
  rows: readonly TraineesByCollegeRow[],
  opts: ChartTextOptions = {},
  names: Partial<Record<TraineeMeasure, string>> = {},
): EChartsOption {
  const data = [...rows];
  const nameOf = (key: TraineeMeasure, fallback: string) => names[key] ?? fallback;
  const top = titleSpace(opts);
  const showLabels = data.length <= LABEL_MAX_SCHOOLS;
  // Past ten groups (the overview's top/bottom 10 + 其他) names slant and drop their second line, so none overlap.
  const many = data.length > 10;
  const cityOf = new Map(data.map((r) => [r.school, r.city]));
  const series: BarSeriesOption[] = TRAINEE_SERIES.map(({ key, name, color }) => ({
    type: 'bar',
    name: nameOf(key, name),
    barMaxWidth: 34,
    barGap: '18%',
    itemStyle: { color, borderRadius: [2, 2, 0, 0] },
    emphasis: { disabled: true },
    label: {
      show: showLabels,
      position: 'top',
      fontSize: 11,
      color: TEXT,
      formatter: (p: { value?: unknown }) => (typeof p.value === 'number' ? formatInt(p.value) : ''),
    },
    data: data.map((r) => r[key] ?? null),
  }));

  return {
    ...BASE_OPTION,
    title: titleOption(opts),
    legend: {
      top: top + 6,
      left: 'center',
      itemWidth: 14,
      itemHeight: 10,
      itemGap: 20,
      textStyle: { fontFamily: FONT_FAMILY, color: TEXT, fontSize: 12 },
      data: TRAINEE_SERIES.map((s) => nameOf(s.key, s.name)),
    },
    grid: {
      top: top + 56,
      bottom: 12,
      left: 12,
      right: 16,
      outerBoundsMode: 'same',
      outerBoundsContain: 'axisLabel',
    },
    tooltip: rowTooltip(data, (row) => tooltipHtml(row, names)),
    xAxis: {
      type: 'category',
      data: data.map((r) => r.school),
      axisTick: { show: false },
      axisLine: { lineStyle: { color: AXIS_LINE } },
      axisLabel: {
        interval: 0,
        color: TEXT,
        fontSize: 12,
        hideOverlap: false,
        lineHeight: 18,
        rotate: many ? 35 : 0,
        formatter: (value: string) => {
          const city = many ? null : cityOf.get(value);
          // This label has a `rich` table, so `{style|…}` in a name would restyle it: names go through richText/richSpan.
          return city ? `${richText(truncateLabel(value, NAME_MAX))}\n${richSpan('city', city)}` : richText(truncateLabel(value, NAME_MAX));
        },
        rich: { city: { color: TEXT_MUTED, fontSize: 11 } },
      },
    },
    yAxis: {
      type: 'value',
      name: '人数',
      nameTextStyle: { color: TEXT_MUTED, align: 'right' },
      axisLabel: { color: TEXT_MUTED, formatter: (v: number) => formatCount(v) },
      splitLine: { lineStyle: { color: SPLIT_LINE } },
    },
    series,
  };
}
