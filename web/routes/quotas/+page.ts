import { redirect } from '@sveltejs/kit';
import { runNamedQuery } from '$lib/api';
import type { QuotaProgrammeTotalRow, QuotaScopeRow } from '$lib/queries';
import type { ChartData } from '$lib/charts/catalogue';
import { loadChartData, pickSearch, settled } from '$lib/features/views/load';
import { loadGeo, type Geo } from '$lib/features/views/geo';
import { NATIONAL, isNational } from '$lib/features/quotas/national';
import type { PageLoad } from './$types';

/**
 * 名额: a province's quota table (province and year in the URL), or the
 * country by province (`province=全国`). Without a province the page opens
 * on the latest table (the URL then says which).
 */
export const load = (async ({ fetch, url, depends }) => {
  depends('query:quotas');
  const scopes: QuotaScopeRow[] = (await runNamedQuery(fetch, 'quota_scopes')).rows;
  const filters = pickSearch(url.searchParams, ['province', 'year']);
  if (!filters.province && scopes[0]) {
    const s = new URLSearchParams({ province: scopes[0].province, ...(filters.year ? { year: filters.year } : {}) });
    redirect(307, `${url.pathname}?${s.toString()}`);
  }
  if (isNational(filters.province)) {
    // The country by province: aggregated in SQL (quota_province_totals, quota_category_provinces), never the city rows.
    const year: Record<string, string> = filters.year ? { year: filters.year } : {};
    const national: Promise<ChartData> = loadChartData(fetch, 'quota_national_matrix', year);
    const geo: Promise<Geo> = loadGeo(fetch, NATIONAL);
    return { filters, scopes, national: true, quotas: settled(national), checks: settled(Promise.resolve([] as QuotaProgrammeTotalRow[])), geo: settled(geo) };
  }
  const p = filters;
  const quotas: Promise<ChartData> = loadChartData(fetch, 'city_quotas', p);
  const checks: Promise<QuotaProgrammeTotalRow[]> = runNamedQuery(fetch, 'quota_programme_totals', p).then((r) => r.rows);
  const geo: Promise<Geo> = loadGeo(fetch, p.province ?? '');
  return { filters, scopes, national: false, quotas: settled(quotas), checks: settled(checks), geo: settled(geo) };
}) satisfies PageLoad;
