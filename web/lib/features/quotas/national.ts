/**
 * The quota page at the national level: the province rows of
 * quota_province_totals / quota_category_provinces in the shapes the city
 * charts and tables take (a province in the place of a city, a category in
 * the place of a programme), so the map, heatmap and totals are drawn by the
 * same code at both levels. Pure.
 */
import type { CityQuotaRow, CityQuotaTotalRow, QuotaCategoryProvinceRow, QuotaProvinceTotalRow } from '../../queries';

/** The URL value of the national view (`/quotas?province=全国`), also the national map's name. */
export const NATIONAL = '全国';

export function isNational(province: string | null | undefined): boolean {
  return province === NATIONAL;
}

/** Province totals as place totals: `city` holds the province's full name (the map's feature names). */
export function provinceTotalsAsPlaces(rows: readonly QuotaProvinceTotalRow[]): CityQuotaTotalRow[] {
  return rows
    .filter((r) => (r.quota ?? 0) > 0 || r.stated !== null)
    .map((r) => ({ city: r.province, quota: r.quota, share: r.share, stated: r.stated, difference: r.difference, city_order: r.province_order, years: r.years ?? null }));
}

/** Category × province cells as matrix rows: the category in the programme's place, the province in the city's. */
export function categoryCellsAsQuotaRows(rows: readonly QuotaCategoryProvinceRow[]): CityQuotaRow[] {
  return rows.map((r) => ({
    programme: r.category,
    category: null,
    host: null,
    city: r.province,
    quota: r.quota,
    note: null,
    programme_order: r.category_order,
    city_order: r.province_order,
    years: r.years ?? null,
  }));
}

const SUFFIXES = ['维吾尔自治区', '壮族自治区', '回族自治区', '特别行政区', '自治区', '省', '市'];

/** A province's short name for a crowded label. @example shortProvince('广西壮族自治区') // '广西' */
export function shortProvince(name: string): string {
  for (const s of SUFFIXES) if (name.endsWith(s) && name.length > s.length) return name.slice(0, -s.length);
  return name;
}
