import { runNamedQuery, runQuery, type QueryResult } from '$lib/api';
import type { CertificateOfferRow, CertificatePilotRow, CertificateProfileRow, CertificateProgrammeRow, FilterOptionRow, FunnelLimitRow, FunnelPointRow, SchoolComparisonRow } from '$lib/queries';
import type { ChartData } from '$lib/charts/catalogue';
import { loadChartData, pickSearch, settled } from '$lib/features/views/load';
import { runArrowRows } from '$lib/features/compare/arrow-rows';
import { DEFAULT_LIMITS, pageNumber } from '$lib/features/compare/compare';
import { CERT_PILOTS_PAGE, CERT_SCHOOLS_PAGE } from '$lib/features/certificate/certificate';
import type { PageLoad } from './$types';

/**
 * 证书: one certificate (id or any of its names in the path); year and
 * province in the URL. A certificate run by thousands of schools: its
 * schools and its pilot applications are pages cut by the server (`page`,
 * `ppage` in the URL), its funnel points come as Arrow.
 */
export const load = (({ fetch, url, params, depends }) => {
  depends('query:certificate');
  const certificate = params.id;
  const filters = pickSearch(url.searchParams, ['year', 'province']);
  const p = { certificate, ...filters };
  const withLimits = { ...p, limits: DEFAULT_LIMITS };
  const page = pageNumber(url.searchParams.get('page') ?? '');
  const ppage = pageNumber(url.searchParams.get('ppage') ?? '');
  const profile: Promise<CertificateProfileRow | null> = runNamedQuery(fetch, 'certificate_profile', { certificate, year: filters.year }).then((r) => r.rows[0] ?? null);
  const options: Promise<FilterOptionRow[]> = runNamedQuery(fetch, 'filter_options', { kinds: 'year,province' }).then((r) => r.rows);
  const offers: Promise<CertificateOfferRow[]> = runNamedQuery(fetch, 'certificate_offers', { certificate }).then((r) => r.rows);
  const programmes: Promise<CertificateProgrammeRow[]> = runNamedQuery(fetch, 'certificate_programmes', { certificate }).then((r) => r.rows);
  const pilots: Promise<QueryResult<CertificatePilotRow>> = runQuery<CertificatePilotRow>(fetch, 'certificate_pilots', { certificate, year: filters.year }, { limit: CERT_PILOTS_PAGE, offset: (ppage - 1) * CERT_PILOTS_PAGE });
  const schools: Promise<QueryResult<SchoolComparisonRow>> = runQuery<SchoolComparisonRow>(fetch, 'school_comparison', withLimits, { limit: CERT_SCHOOLS_PAGE, offset: (page - 1) * CERT_SCHOOLS_PAGE });
  const funnel = Promise.all([runArrowRows<FunnelPointRow>(fetch, 'funnel_points', withLimits), runArrowRows<FunnelLimitRow>(fetch, 'funnel_limits', withLimits)]).then(([points, curves]) => ({ points, curves }));
  const levels: Promise<ChartData> = loadChartData(fetch, 'certificate_levels', p);
  return {
    certificate,
    filters,
    page,
    ppage,
    profile: settled(profile),
    options: settled(options),
    offers: settled(offers),
    programmes: settled(programmes),
    pilots: settled(pilots),
    schools: settled(schools),
    funnel: settled(funnel),
    levels: settled(levels),
  };
}) satisfies PageLoad;
