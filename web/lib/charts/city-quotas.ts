/**
 * Training quotas by city: a heatmap of programme (rows, in the document's
 * order) × city (columns, in region-code order) with the figure in each cell,
 * and below it, sharing the city columns, a bar per city of its total. Where
 * the document's own 合计 row states another total, the bar label shows both
 * (`86（文件 85）`) in the warning colour. Programmes with no city split
 * (按需报名) are not in the grid; the card lists them. Pure: shared with the server.
 */
import type {
  BarSeriesOption,
  EChartsOption,
  HeatmapSeriesOption,
  TooltipComponentFormatterCallbackParams,
} from 'echarts';
import type { CityQuotaRow, CityQuotaTotalRow } from '../queries';
import { formatInt, formatPercent } from '../format';
import {
  ACCENT,
  AXIS_LINE,
  BASE_OPTION,
  TEXT,
  TEXT_MUTED,
  TOOLTIP_BASE,
  WARNING,
  type ChartTextOptions,
  escapeHtml,
  titleOption,
  titleSpace,
  truncateLabel,
  distinctLabels,
} from './theme';
import { LABEL_COLORS, rampColor, readableOn } from './contrast';

export const PROGRAMME_LABEL_MAX = 14;
export const HEAT_COLORS = ['#f1f6ff', '#9cc0fa', '#2563eb', '#1e3a8a'];
const CELL_HEIGHT = 26;
const LEFT = 210;
const RIGHT = 24;
const HEAT_TOP = 58;
const GAP = 34;
const BAR_HEIGHT = 120;
const BOTTOM = 34;

export interface CityQuotaCell {
  programme: string;
  category: string | null;
  host: string | null;
  city: string;
  quota: number | null;
}

export interface CityQuotaMatrix {
  /** Row keys (programme names, made unique), document order. */
  programmes: string[];
  /** Category and host of each programme row. */
  programmeInfo: { category: string | null; host: string | null }[];
  /** Columns, by region code. */
  cities: string[];
  cells: CityQuotaCell[];
  /** `[cityIndex, programmeIndex, quota]` per cell. */
  data: [number, number, number | null][];
  max: number;
}

function byOrder<T>(key: (item: T) => number | null, name: (item: T) => string) {
  return (a: T, b: T) => {
    const ka = key(a) ?? Number.MAX_SAFE_INTEGER;
    const kb = key(b) ?? Number.MAX_SAFE_INTEGER;
    return ka !== kb ? ka - kb : name(a).localeCompare(name(b), 'zh-CN');
  };
}

/** Cities of both queries, in region-code order. */
export function cityOrder(quotaRows: readonly CityQuotaRow[], totalRows: readonly CityQuotaTotalRow[]): string[] {
  const order = new Map<string, number | null>();
  for (const r of quotaRows) if (r.city !== null && !order.has(r.city)) order.set(r.city, r.city_order);
  for (const r of totalRows) if (!order.has(r.city) || order.get(r.city) === null) order.set(r.city, r.city_order);
  return [...order.entries()].sort(byOrder(([, o]) => o, ([c]) => c)).map(([c]) => c);
}

/** The programme × city matrix of the rows that have a city. */
export function cityQuotaMatrix(
  quotaRows: readonly CityQuotaRow[],
  totalRows: readonly CityQuotaTotalRow[] = [],
): CityQuotaMatrix {
  const split = quotaRows.filter((r) => r.city !== null);
  const cities = cityOrder(split, totalRows);
  const cityIndex = new Map(cities.map((c, i) => [c, i]));

  // One row per (programme, category); a name that repeats under another category gets it appended.
  const rowKeys: { id: string; programme: string; order: number | null; category: string | null; host: string | null }[] = [];
  const rowOf = new Map<string, number>();
  for (const r of split) {
    const id = `${r.programme}\u0000${r.category ?? ''}`;
    if (!rowOf.has(id)) {
      rowOf.set(id, rowKeys.length);
      rowKeys.push({ id, programme: r.programme, order: r.programme_order, category: r.category, host: r.host });
    }
  }
  const sortedRows = [...rowKeys].sort(byOrder((k) => k.order, (k) => k.programme));
  const nameCount = new Map<string, number>();
  for (const k of sortedRows) nameCount.set(k.programme, (nameCount.get(k.programme) ?? 0) + 1);
  const programmes = sortedRows.map((k) =>
    (nameCount.get(k.programme) ?? 0) > 1 && k.category ? `${k.programme}（${k.category}）` : k.programme,
  );
  const rowIndex = new Map(sortedRows.map((k, i) => [k.id, i]));

  const sums = new Map<string, CityQuotaCell & { x: number; y: number }>();
  for (const r of split) {
    const y = rowIndex.get(`${r.programme}\u0000${r.category ?? ''}`) ?? 0;
    const x = cityIndex.get(r.city as string) ?? 0;
    const key = `${x}:${y}`;
    const prev = sums.get(key);
    if (prev) prev.quota = prev.quota === null || r.quota === null ? (prev.quota ?? r.quota) : prev.quota + r.quota;
    else sums.set(key, { programme: programmes[y] ?? r.programme, category: r.category, host: r.host, city: r.city as string, quota: r.quota, x, y });
  }
  const ordered = [...sums.values()].sort((a, b) => a.y - b.y || a.x - b.x);
  const cells = ordered.map(({ x: _x, y: _y, ...cell }) => cell);
  const data = ordered.map((c) => [c.x, c.y, c.quota] as [number, number, number | null]);
  const max = Math.max(1, ...ordered.map((c) => c.quota ?? 0));
  return {
    programmes,
    programmeInfo: sortedRows.map((k) => ({ category: k.category, host: k.host })),
    cities,
    cells,
    data,
    max,
  };
}

/** Programmes with no city split (按需报名): name, total quota and note. */
export function unsplitProgrammes(quotaRows: readonly CityQuotaRow[]): CityQuotaRow[] {
  return quotaRows.filter((r) => r.city === null);
}

/** A city's bar label: `86`, or `86（文件 85）` when the document states another total. */
export function cityTotalLabel(row: Pick<CityQuotaTotalRow, 'quota' | 'stated'>): string {
  const base = formatInt(row.quota);
  return row.stated !== null && row.quota !== null && row.stated !== row.quota ? `${base}（文件 ${formatInt(row.stated)}）` : base;
}

/**
 * The same on two lines for the bar label, so eleven or more city columns stay
 * apart even at 1024 px: `86\n（文件 85）`.
 */
export function cityTotalBarLabel(row: Pick<CityQuotaTotalRow, 'quota' | 'stated'>): string {
  return totalDiffers(row) ? `${formatInt(row.quota)}\n（文件 ${formatInt(row.stated)}）` : formatInt(row.quota);
}

export function totalDiffers(row: Pick<CityQuotaTotalRow, 'quota' | 'stated'>): boolean {
  return row.stated !== null && row.quota !== null && row.stated !== row.quota;
}

/** Pixel height for `programmes` heatmap rows plus the totals strip. */
export function cityQuotasChartHeight(programmes: number, opts: ChartTextOptions = {}): number {
  return titleSpace(opts) + HEAT_TOP + Math.max(programmes, 1) * CELL_HEIGHT + GAP + BAR_HEIGHT + BOTTOM;
}

function cellTooltip(cell: CityQuotaCell): string {
  const meta = [cell.category, cell.host].filter(Boolean).map((t) => escapeHtml(t as string)).join(' · ');
  return [
    `<div style="font-weight:600;max-width:320px;white-space:normal">${escapeHtml(cell.programme)}</div>`,
    meta ? `<div style="color:${TEXT_MUTED};max-width:320px;white-space:normal;margin:2px 0 4px">${meta}</div>` : '',
    `<div>${escapeHtml(cell.city)}：<b>${formatInt(cell.quota)}</b> 人</div>`,
  ].join('');
}

function totalTooltip(row: CityQuotaTotalRow): string {
  const lines = [`<div style="font-weight:600;margin-bottom:4px">${escapeHtml(row.city)}</div>`, `<div>名额合计：<b>${formatInt(row.quota)}</b></div>`];
  if (row.stated !== null) lines.push(`<div>文件所列合计：${formatInt(row.stated)}</div>`);
  if (totalDiffers(row)) {
    const diff = row.difference ?? (row.quota ?? 0) - (row.stated ?? 0);
    lines.push(`<div style="color:${WARNING}">与文件不一致（差 ${diff > 0 ? '+' : ''}${formatInt(diff)}）</div>`);
  }
  if (row.share !== null) lines.push(`<div>占全省（分市名额）：${formatPercent(row.share)}</div>`);
  return lines.join('');
}

export function buildCityQuotasOption(
  quotaRows: readonly CityQuotaRow[],
  totalRows: readonly CityQuotaTotalRow[],
  opts: ChartTextOptions = {},
): EChartsOption {
  const matrix = cityQuotaMatrix(quotaRows, totalRows);
  const { cities, programmes, cells, max } = matrix;
  // Rows with the same programme differ only at the end (their category): the label must keep that part.
  const shortNames = distinctLabels(programmes, PROGRAMME_LABEL_MAX);
  const totalsByCity = new Map(totalRows.map((t) => [t.city, t]));
  const totals = cities.map((c) => totalsByCity.get(c) ?? null);
  const top = titleSpace(opts) + HEAT_TOP;
  const heatHeight = Math.max(programmes.length, 1) * CELL_HEIGHT;
  const barTop = top + heatHeight + GAP;

  const heatmap: HeatmapSeriesOption = {
    type: 'heatmap',
    name: '名额',
    xAxisIndex: 0,
    yAxisIndex: 0,
    label: { show: true, fontSize: 11 },
    itemStyle: { borderColor: '#ffffff', borderWidth: 1 },
    emphasis: { itemStyle: { borderColor: TEXT, borderWidth: 1 } },
    data: matrix.data.map(([x, y, v]) => ({
      value: [x, y, v ?? '-'],
      // The same rule as the map: the first of body text, white, black that reaches WCAG AA on the cell's fill.
      label: { color: v === null ? TEXT : readableOn(rampColor(HEAT_COLORS, v, 0, max), LABEL_COLORS) },
    })),
  };

  const bars: BarSeriesOption = {
    type: 'bar',
    name: '各市合计',
    xAxisIndex: 1,
    yAxisIndex: 1,
    barMaxWidth: 28,
    itemStyle: { color: ACCENT, borderRadius: [2, 2, 0, 0] },
    data: totals.map((t) =>
      t === null
        ? null
        : {
            value: t.quota,
            itemStyle: totalDiffers(t) ? { color: ACCENT, borderColor: WARNING, borderWidth: 1.5 } : undefined,
            label: {
              show: true,
              position: 'top',
              fontSize: 11,
              formatter: cityTotalBarLabel(t),
              lineHeight: 14,
              color: totalDiffers(t) ? WARNING : TEXT,
              fontWeight: totalDiffers(t) ? 600 : 400,
            },
          },
    ),
  };

  return {
    ...BASE_OPTION,
    title: titleOption(opts),
    tooltip: {
      ...TOOLTIP_BASE,
      trigger: 'item',
      formatter: (params: TooltipComponentFormatterCallbackParams) => {
        const p = Array.isArray(params) ? params[0] : params;
        if (!p) return '';
        if (p.seriesIndex === 0) {
          const cell = cells[p.dataIndex];
          return cell ? cellTooltip(cell) : '';
        }
        const total = totals[p.dataIndex];
        return total ? totalTooltip(total) : '';
      },
    },
    visualMap: {
      type: 'continuous',
      seriesIndex: 0,
      dimension: 2,
      min: 0,
      max,
      calculable: false,
      hoverLink: false,
      orient: 'horizontal',
      right: RIGHT,
      top: titleSpace(opts) + 4,
      itemWidth: 10,
      itemHeight: 120,
      text: [`${formatInt(max)} 人`, '0'],
      textGap: 6,
      textStyle: { color: TEXT_MUTED, fontSize: 11 },
      inRange: { color: HEAT_COLORS },
    },
    grid: [
      { left: LEFT, right: RIGHT, top, height: heatHeight },
      { left: LEFT, right: RIGHT, top: barTop, height: BAR_HEIGHT },
    ],
    xAxis: [
      {
        type: 'category',
        gridIndex: 0,
        position: 'top',
        data: cities,
        splitArea: { show: false },
        axisTick: { show: false },
        axisLine: { show: false },
        axisLabel: { interval: 0, color: TEXT, fontSize: 12, margin: 8 },
      },
      {
        type: 'category',
        gridIndex: 1,
        data: cities,
        axisTick: { show: false },
        axisLine: { lineStyle: { color: AXIS_LINE } },
        axisLabel: { interval: 0, color: TEXT, fontSize: 12 },
      },
    ],
    yAxis: [
      {
        type: 'category',
        gridIndex: 0,
        inverse: true,
        data: programmes,
        axisTick: { show: false },
        axisLine: { show: false },
        axisLabel: {
          interval: 0,
          color: TEXT,
          fontSize: 12,
          formatter: (value: string) => shortNames.get(value) ?? truncateLabel(value, PROGRAMME_LABEL_MAX),
        },
      },
      {
        type: 'value',
        gridIndex: 1,
        name: '各市合计\n（人）',
        nameLocation: 'middle',
        nameRotate: 0,
        nameGap: 44,
        nameTextStyle: { color: TEXT, fontSize: 12, align: 'right' },
        // Room above the tallest bar for its label; every bar carries its figure, so no tick labels.
        max: (extent: { max: number }) => Math.max(1, extent.max * 1.38),
        axisLabel: { show: false },
        axisTick: { show: false },
        axisLine: { show: false },
        splitLine: { show: false },
      },
    ],
    series: [heatmap, bars],
  };
}
