/**
 * Quotas on the map: the province's prefecture cities coloured by their
 * quota total, each labelled with its name and figure, and `86（文件 85）`
 * where the document's 合计 row states another total. The boundaries come from the GeoJSON of an npm package
 * (served by GET /api/maps/:province), registered under `mapName` before the
 * option is set — never drawn by hand. Pure: shared with the server.
 */
import type { EChartsOption, MapSeriesOption, TooltipComponentFormatterCallbackParams } from 'echarts';
import type { CityQuotaTotalRow } from '../queries';
import { formatInt, formatPercent } from '../format';
import { BASE_OPTION, TEXT, TEXT_MUTED, TOOLTIP_BASE, WARNING, type ChartTextOptions, escapeHtml, titleOption, titleSpace } from './theme';
import { HEAT_COLORS, totalDiffers } from './city-quotas';
import { LABEL_COLORS, rampColor, readableOn } from './contrast';

/** No data: the map's pale grey. */
export const NO_DATA_FILL = '#f3f4f6';
const WHITE = '#ffffff';

/** The fill the visualMap gives a city (its quota on the heat ramp from 0 to the largest). */
export function areaFill(quota: number | null, max: number): string {
  return quota === null ? NO_DATA_FILL : rampColor(HEAT_COLORS, quota, 0, max);
}

/**
 * The label's colour on a fill: body text, white or black, the first that
 * reaches WCAG AA (4.5 : 1). Dark text gets no halo: a white halo on a light
 * fill is what made 湖州, 衢州, 丽水 and 舟山 read as white labels; white text
 * keeps a thin dark one so a boundary line under it does not cut it.
 */
export function mapLabelColors(fill: string): { color: string; textBorderColor: string; textBorderWidth: number } {
  const color = readableOn(fill, LABEL_COLORS);
  return color === WHITE ? { color, textBorderColor: 'rgba(15,23,42,0.6)', textBorderWidth: 1.5 } : { color, textBorderColor: 'transparent', textBorderWidth: 0 };
}

export function quotaMapHeight(opts: ChartTextOptions = {}): number {
  return titleSpace(opts) + 520;
}

/** The label on a city: `杭州市\n86`, with the stated total when it differs. */
export function cityMapLabel(row: Pick<CityQuotaTotalRow, 'city' | 'quota' | 'stated'>): string {
  return totalDiffers(row) ? `${row.city}\n${formatInt(row.quota)}（文件 ${formatInt(row.stated)}）` : `${row.city}\n${formatInt(row.quota)}`;
}

/** What the places are: a province's cities, or the country's provinces (short names on the crowded map). */
export interface QuotaMapLevel {
  national?: boolean;
  /** The label's name for a place (the province's short name at the national level). */
  labelName?: (name: string) => string;
}

export function buildQuotaMapOption(totals: readonly CityQuotaTotalRow[], mapName: string, opts: ChartTextOptions = {}, level: QuotaMapLevel = {}): EChartsOption {
  const shareOf = level.national ? '占全国（分市名额）' : '占全省（分市名额）';
  const nameOf = level.labelName ?? ((n: string) => n);
  const top = titleSpace(opts);
  const max = Math.max(1, ...totals.map((t) => t.quota ?? 0));
  const byCity = new Map(totals.map((t) => [t.city, t]));
  const series: MapSeriesOption = {
    type: 'map',
    map: mapName,
    roam: false,
    top: top + 24,
    bottom: 16,
    left: 16,
    right: 150,
    selectedMode: false,
    // Small neighbours (the Pearl River Delta's cities) would print over each other: a label that would overlap one
    // already placed is left out, and shows on hover (emphasis) and in the table beside the map.
    labelLayout: { hideOverlap: true },
    itemStyle: { borderColor: '#ffffff', borderWidth: 1, areaColor: NO_DATA_FILL },
    emphasis: { label: { show: true }, itemStyle: { areaColor: '#fde68a' } },
    // Nationally, a province without quota data stays unlabelled (its full name would crowd its neighbours).
    label: { show: !level.national, fontSize: level.national ? 10 : 11, lineHeight: level.national ? 12 : 14, color: TEXT },
    data: totals.map((t) => ({
      name: t.city,
      value: t.quota ?? undefined,
      label: {
        // A function, not a template string: ECharts would read `{b}` in a city's name as a placeholder.
        show: true,
        formatter: () => cityMapLabel({ ...t, city: nameOf(t.city) }),
        ...mapLabelColors(areaFill(t.quota, max)),
      },
    })),
  };
  return {
    ...BASE_OPTION,
    title: titleOption(opts),
    tooltip: {
      ...TOOLTIP_BASE,
      trigger: 'item',
      formatter: (params: TooltipComponentFormatterCallbackParams) => {
        const p = Array.isArray(params) ? params[0] : params;
        const row = p ? byCity.get(p.name) : undefined;
        if (!p) return '';
        if (!row) return `<div style="font-weight:600">${escapeHtml(p.name)}</div><div style="color:${TEXT_MUTED}">无名额数据</div>`;
        const lines = [`<div style="font-weight:600;margin-bottom:4px">${escapeHtml(row.city)}</div>`, `<div>名额合计：<b>${formatInt(row.quota)}</b></div>`];
        if (row.stated !== null) lines.push(`<div>文件所列合计：${formatInt(row.stated)}</div>`);
        if (totalDiffers(row)) lines.push(`<div style="color:${WARNING}">与文件不一致（差 ${(row.difference ?? 0) > 0 ? '+' : ''}${formatInt(row.difference)}）</div>`);
        if (row.share !== null) lines.push(`<div>${shareOf}：${formatPercent(row.share)}</div>`);
        return lines.join('');
      },
    },
    visualMap: {
      type: 'continuous',
      min: 0,
      max,
      right: 16,
      bottom: 24,
      itemWidth: 12,
      itemHeight: 140,
      calculable: false,
      text: [`${formatInt(max)} 人`, '0'],
      textStyle: { color: TEXT_MUTED, fontSize: 11 },
      inRange: { color: HEAT_COLORS },
      seriesIndex: 0,
    },
    series: [series],
  };
}
