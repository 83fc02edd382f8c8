import { runNamedQuery } from '$lib/api';
import type { CertificateOfferRow, CertificatePilotRow, CertificateProfileRow, CertificateProgrammeRow, FilterOptionRow } from '$lib/queries';
import type { ChartData } from '$lib/charts/catalogue';
import { loadChartData, pickSearch, settled } from '$lib/features/views/load';
import type { PageLoad } from './$types';

/** 证书: one certificate (id or any of its names in the path); year and province in the URL. */
export const load = (({ fetch, url, params, depends }) => {
  depends('query:certificate');
  const certificate = params.id;
  const filters = pickSearch(url.searchParams, ['year', 'province']);
  const p = { certificate, ...filters };
  const profile: Promise<CertificateProfileRow | null> = runNamedQuery(fetch, 'certificate_profile', { certificate, year: filters.year }).then((r) => r.rows[0] ?? null);
  const options: Promise<FilterOptionRow[]> = runNamedQuery(fetch, 'filter_options').then((r) => r.rows);
  const offers: Promise<CertificateOfferRow[]> = runNamedQuery(fetch, 'certificate_offers', { certificate }).then((r) => r.rows);
  const programmes: Promise<CertificateProgrammeRow[]> = runNamedQuery(fetch, 'certificate_programmes', { certificate }).then((r) => r.rows);
  const pilots: Promise<CertificatePilotRow[]> = runNamedQuery(fetch, 'certificate_pilots', { certificate, year: filters.year }).then((r) => r.rows);
  const funnel: Promise<ChartData> = loadChartData(fetch, 'school_funnel', p);
  const levels: Promise<ChartData> = loadChartData(fetch, 'certificate_levels', p);
  return {
    certificate,
    filters,
    profile: settled(profile),
    options: settled(options),
    offers: settled(offers),
    programmes: settled(programmes),
    pilots: settled(pilots),
    funnel: settled(funnel),
    levels: settled(levels),
  };
}) satisfies PageLoad;
