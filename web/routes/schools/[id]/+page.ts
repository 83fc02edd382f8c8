import { runNamedQuery } from '$lib/api';
import type { SchoolFindingRow, SchoolProfileRow } from '$lib/queries';
import type { ChartData } from '$lib/charts/catalogue';
import { loadChartData, settled } from '$lib/features/views/load';
import type { PageLoad } from './$types';

/**
 * 学校: one school (by id in the path, or any of its names), optionally one
 * year (`?year=2020`, in the URL). Every block starts at once.
 */
export const load = (({ fetch, url, params, depends }) => {
  depends('query:school');
  const school = params.id;
  const year = (url.searchParams.get('year') ?? '').trim();
  const p: Record<string, string> = year ? { school, year } : { school };
  const profile: Promise<SchoolProfileRow | null> = runNamedQuery(fetch, 'school_profile', p).then((r) => r.rows[0] ?? null);
  const chart = (id: string, params: Record<string, string> = p) => settled(loadChartData(fetch, id, params));
  const findings: Promise<SchoolFindingRow[]> = runNamedQuery(fetch, 'school_findings', { school }).then((r) => r.rows);
  return {
    school,
    year,
    profile: settled(profile),
    benchmark: chart('school_benchmark') as Promise<ChartData>,
    levels: chart('school_levels'),
    trend: chart('school_trend', { school }),
    applications: chart('school_applications'),
    teachers: chart('school_teachers'),
    findings: settled(findings),
  };
}) satisfies PageLoad;
