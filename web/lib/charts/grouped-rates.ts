/**
 * Several schools side by side: one row per certificate, one bar per school
 * inside the row (the schools' colours in the legend), each bar with its 95%
 * Wilson interval and `rate n=…` beside it. A school with no result on a
 * certificate has no bar there (never a zero). Pure: shared with the server.
 */
import type { CustomSeriesOption, CustomSeriesRenderItem, CustomSeriesRenderItemReturn, EChartsOption, TooltipComponentFormatterCallbackParams } from 'echarts';
import type { SchoolCertificateRow } from '../queries';
import { formatInt, formatInterval, formatN, formatPercent } from '../format';
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
  dot,
  escapeHtml,
  percentTick,
  titleOption,
  titleSpace,
  truncateLabel,
} from './theme';
import { INTERVAL_COLOR } from './pass-rate-by-certificate';

const SLOT = 16;
const ROW_PAD = 14;
const LEGEND_SPACE = 44;
const AXIS_SPACE = 28;

export interface GroupedRates {
  schools: { id: number; name: string }[];
  certificates: { id: number; name: string }[];
  /** `cells[c][s]`: the row of certificate c at school s, or null. */
  cells: (SchoolCertificateRow | null)[][];
}

/** Schools in the order asked, certificates in the query's order (most schools first). */
export function groupRates(rows: readonly SchoolCertificateRow[]): GroupedRates {
  const schools = new Map<number, { id: number; name: string; order: number }>();
  const certificates = new Map<number, { id: number; name: string; order: number }>();
  for (const r of rows) {
    if (!schools.has(r.school_id)) schools.set(r.school_id, { id: r.school_id, name: r.school, order: r.school_order });
    if (!certificates.has(r.certificate_id)) certificates.set(r.certificate_id, { id: r.certificate_id, name: r.certificate, order: r.certificate_order });
  }
  const s = [...schools.values()].sort((a, b) => a.order - b.order);
  const c = [...certificates.values()].sort((a, b) => a.order - b.order);
  const index = new Map(rows.map((r) => [`${r.certificate_id}:${r.school_id}`, r]));
  return {
    schools: s.map(({ id, name }) => ({ id, name })),
    certificates: c.map(({ id, name }) => ({ id, name })),
    cells: c.map((cert) => s.map((school) => index.get(`${cert.id}:${school.id}`) ?? null)),
  };
}

export function groupedRatesHeight(certificates: number, schools: number, opts: ChartTextOptions = {}): number {
  return titleSpace(opts) + LEGEND_SPACE + AXIS_SPACE + Math.max(certificates, 1) * (Math.max(schools, 1) * SLOT + ROW_PAD) + 8;
}

/**
 * One school's bar inside a certificate's row: a rect from 0 to the rate at
 * the school's slot, the interval as a whisker, and `rate n=…` after it.
 * Data item: `[certificateIndex, rate, ci_low, ci_high, candidates]`.
 */
export function renderSlot(slot: number, slots: number, color: string): CustomSeriesRenderItem {
  return (_params, api): CustomSeriesRenderItemReturn => {
    const rate = api.value(1);
    if (typeof rate !== 'number' || Number.isNaN(rate)) return null;
    const category = api.value(0) as number;
    const low = api.value(2) as number;
    const high = api.value(3) as number;
    const n = api.value(4) as number;
    const [x0 = 0, yc = 0] = api.coord([0, category]);
    const [x1 = 0] = api.coord([rate, category]);
    const band = (api.size ? (api.size([0, 1]) as number[])[1] : undefined) ?? slots * SLOT + ROW_PAD;
    const inner = band - ROW_PAD;
    const h = inner / slots;
    const y = yc - inner / 2 + slot * h;
    const barH = Math.max(4, h - 4);
    const mid = y + h / 2;
    const children: NonNullable<CustomSeriesRenderItemReturn>[] = [
      { type: 'rect', shape: { x: x0, y: mid - barH / 2, width: Math.max(0, x1 - x0), height: barH, r: [0, 2, 2, 0] }, style: { fill: color } },
    ];
    let textX = x1;
    if (Number.isFinite(low) && Number.isFinite(high)) {
      const [lx = 0] = api.coord([low, category]);
      const [hx = 0] = api.coord([high, category]);
      const cap = Math.min(8, barH);
      const style = { stroke: INTERVAL_COLOR, lineWidth: 1.2 };
      children.push(
        { type: 'line', shape: { x1: lx, y1: mid, x2: hx, y2: mid }, style },
        { type: 'line', shape: { x1: lx, y1: mid - cap / 2, x2: lx, y2: mid + cap / 2 }, style },
        { type: 'line', shape: { x1: hx, y1: mid - cap / 2, x2: hx, y2: mid + cap / 2 }, style },
      );
      textX = Math.max(x1, hx);
    }
    children.push({
      type: 'text',
      style: {
        x: textX + 6,
        y: mid,
        text: `${formatPercent(rate)} ${formatN(n)}`,
        fill: TEXT,
        fontSize: 10.5,
        fontFamily: FONT_FAMILY,
        verticalAlign: 'middle',
        align: 'left',
      },
    } as NonNullable<CustomSeriesRenderItemReturn>);
    return { type: 'group', children } as CustomSeriesRenderItemReturn;
  };
}

function tooltipHtml(grouped: GroupedRates, c: number): string {
  const cert = grouped.certificates[c];
  if (!cert) return '';
  const lines = grouped.schools.map((s, i) => {
    const row = grouped.cells[c]?.[i] ?? null;
    const color = PALETTE[i % PALETTE.length]!;
    if (!row) return `<div>${dot(color)}${escapeHtml(s.name)}：<span style="color:${TEXT_MUTED}">无数据</span></div>`;
    return `<div>${dot(color)}${escapeHtml(s.name)}：<b>${formatPercent(row.pass_rate)}</b>（${formatInt(row.passed)}/${formatInt(row.candidates)}，95% 区间 ${formatInterval(row.ci_low, row.ci_high)}）</div>`;
  });
  return `<div style="font-weight:600;margin-bottom:4px">${escapeHtml(cert.name)}</div>${lines.join('')}`;
}

export function buildGroupedRatesOption(rows: readonly SchoolCertificateRow[], opts: ChartTextOptions = {}): EChartsOption {
  const grouped = groupRates(rows);
  const top = titleSpace(opts);
  const slots = Math.max(grouped.schools.length, 1);
  const series: CustomSeriesOption[] = grouped.schools.map((s, i) => {
    const color = PALETTE[i % PALETTE.length]!;
    return {
      type: 'custom',
      name: s.name,
      renderItem: renderSlot(i, slots, color),
      encode: { x: [1, 2, 3], y: 0 },
      itemStyle: { color },
      clip: false,
      data: grouped.certificates.map((_, c) => {
        const row = grouped.cells[c]?.[i] ?? null;
        return row ? [c, row.pass_rate, row.ci_low, row.ci_high, row.candidates] : [c, null, null, null, null];
      }),
    };
  });
  return {
    ...BASE_OPTION,
    title: titleOption(opts),
    legend: {
      top: top + 6,
      left: 8,
      itemWidth: 14,
      itemHeight: 10,
      itemGap: 18,
      selectedMode: false,
      textStyle: { fontFamily: FONT_FAMILY, color: TEXT, fontSize: 12 },
      data: grouped.schools.map((s) => s.name),
    },
    grid: { top: top + LEGEND_SPACE, bottom: AXIS_SPACE, left: 8, right: 96, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
    tooltip: {
      ...TOOLTIP_BASE,
      trigger: 'item',
      formatter: (params: TooltipComponentFormatterCallbackParams) => {
        const p = Array.isArray(params) ? params[0] : params;
        return p ? tooltipHtml(grouped, p.dataIndex) : '';
      },
    },
    xAxis: {
      type: 'value',
      min: 0,
      max: 1,
      interval: 0.2,
      axisLabel: { color: TEXT_MUTED, formatter: percentTick },
      splitLine: { lineStyle: { color: SPLIT_LINE } },
      axisLine: { show: false },
    },
    yAxis: {
      type: 'category',
      inverse: true,
      data: grouped.certificates.map((c) => c.name),
      axisTick: { show: false },
      axisLine: { lineStyle: { color: AXIS_LINE } },
      splitLine: { show: true, lineStyle: { color: SPLIT_LINE } },
      axisLabel: { color: TEXT, fontSize: 12, formatter: (v: string) => truncateLabel(v, 14) },
    },
    series,
  };
}
