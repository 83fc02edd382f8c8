import { redirect } from '@sveltejs/kit';
import { runNamedQuery, runQuery, type QueryResult } from '$lib/api';
import type { CertificateOptionRow, FilterOptionRow, FunnelDispersionRow, FunnelLimitRow, FunnelPointRow, SchoolComparisonRow } from '$lib/queries';
import { CHARTS, chartParams, type ChartData } from '$lib/charts/catalogue';
import { loadChartData, settled } from '$lib/features/views/load';
import { runArrowRows } from '$lib/features/compare/arrow-rows';
import { OUTLIER_PAGE, RANKING_PAGE, chosenSchools, compareSearch, pageNumber, parseCompare, resolveLimits } from '$lib/features/compare/compare';
import type { PageLoad } from './$types';

/**
 * 院校对比: every filter is in the URL. Without a certificate the page opens
 * on the certificate with the most schools (the URL then says which).
 *
 * Built for a country of 9,000 schools: the funnel's points come as Arrow,
 * three numbers a school (names follow on the first hover or search); the
 * ranking and the outlier table are pages cut by the server; the filters
 * leave out the school list. The first screen stays under ~200 KB of data.
 */
export const load = (async ({ fetch, url, depends }) => {
  depends('query:compare');
  const state = parseCompare(url.searchParams);
  // As Arrow: 450 certificates are 92 KB of JSON, 54 KB of Arrow.
  const certificates: Promise<CertificateOptionRow[]> = runArrowRows<CertificateOptionRow>(fetch, 'certificate_options');
  if (!state.certificate) {
    const first = (await certificates).find((c) => c.schools > 0) ?? (await certificates)[0];
    if (first) redirect(307, `${url.pathname}?${compareSearch({ ...state, certificate: String(first.certificate_id) })}`);
  }
  const limits = resolveLimits(state);
  const scope = { certificate: state.certificate, year: state.year, province: state.province, city: state.city, school_type: state.school_type, level: state.level };
  const params = { ...scope, limits };
  const filters: Promise<FilterOptionRow[]> = runNamedQuery(fetch, 'filter_options', { kinds: 'year,province,city,level' }).then((r) => r.rows);
  const points: Promise<FunnelPointRow[]> = runArrowRows<FunnelPointRow>(fetch, 'funnel_points', params);
  const curves: Promise<FunnelLimitRow[]> = runArrowRows<FunnelLimitRow>(fetch, 'funnel_limits', params);
  const dispersion: Promise<FunnelDispersionRow[]> = runNamedQuery(fetch, 'funnel_dispersion', scope).then((r) => r.rows);
  const page = pageNumber(state.page);
  const ranking: Promise<QueryResult<SchoolComparisonRow>> = runQuery<SchoolComparisonRow>(
    fetch,
    'school_comparison',
    { ...params, sort: state.sort },
    { limit: RANKING_PAGE, offset: (page - 1) * RANKING_PAGE },
  );
  const opage = pageNumber(state.opage);
  // The most extreme first: |z| against the pooled rate.
  const outliers: Promise<QueryResult<SchoolComparisonRow>> = runQuery<SchoolComparisonRow>(
    fetch,
    'school_comparison',
    { ...params, outside: 'true', sort: 'z-desc' },
    { limit: OUTLIER_PAGE, offset: (opage - 1) * OUTLIER_PAGE },
  );
  const chosen = chosenSchools(state.schools);
  const side: Promise<ChartData> = chosen.length
    ? loadChartData(fetch, 'school_side_by_side', chartParams(CHARTS.school_side_by_side!, { ...state, schools: chosen.join(',') }))
    : Promise.resolve({ rows: [] });
  return {
    state,
    limits,
    certificates: settled(certificates),
    filters: settled(filters),
    funnel: settled(Promise.all([points, curves]).then(([p, c]) => ({ points: p, curves: c }))),
    dispersion: settled(dispersion),
    ranking: settled(ranking),
    outliers: settled(outliers),
    side: settled(side),
  };
}) satisfies PageLoad;
