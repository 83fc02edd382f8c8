import { redirect } from '@sveltejs/kit';
import { runNamedQuery } from '$lib/api';
import type { CertificateOptionRow, FilterOptionRow, SchoolListRow } from '$lib/queries';
import { CHARTS, chartParams, type ChartData } from '$lib/charts/catalogue';
import { loadChartData, settled } from '$lib/features/views/load';
import { chosenSchools, compareSearch, parseCompare } from '$lib/features/compare/compare';
import type { PageLoad } from './$types';

/**
 * 院校对比: every filter is in the URL. Without a certificate the page opens
 * on the certificate with the most schools (the URL then says which). The
 * funnel's and the ranking's rows are one query; side by side runs when
 * schools are chosen.
 */
export const load = (async ({ fetch, url, depends }) => {
  depends('query:compare');
  const state = parseCompare(url.searchParams);
  const certificates: Promise<CertificateOptionRow[]> = runNamedQuery(fetch, 'certificate_options').then((r) => r.rows);
  if (!state.certificate) {
    const first = (await certificates).find((c) => c.schools > 0) ?? (await certificates)[0];
    if (first) redirect(307, `${url.pathname}?${compareSearch({ ...state, certificate: String(first.certificate_id) })}`);
  }
  const filters: Promise<FilterOptionRow[]> = runNamedQuery(fetch, 'filter_options').then((r) => r.rows);
  const schools: Promise<SchoolListRow[]> = runNamedQuery(fetch, 'schools_list').then((r) => r.rows);
  const funnel: Promise<ChartData> = loadChartData(fetch, 'school_funnel', chartParams(CHARTS.school_funnel!, state));
  const chosen = chosenSchools(state.schools);
  const side: Promise<ChartData> = chosen.length
    ? loadChartData(fetch, 'school_side_by_side', chartParams(CHARTS.school_side_by_side!, { ...state, schools: chosen.join(',') }))
    : Promise.resolve({ rows: [] });
  return {
    state,
    certificates: settled(certificates),
    filters: settled(filters),
    schools: settled(schools),
    funnel: settled(funnel),
    side: settled(side),
  };
}) satisfies PageLoad;
