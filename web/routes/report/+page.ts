import { runNamedQuery } from '$lib/api';
import type { CertificateOptionRow, FilterOptionRow, SchoolListRow } from '$lib/queries';
import { settled } from '$lib/features/views/load';
import { parseReport } from '$lib/features/report/report';
import type { PageLoad } from './$types';

/** 报告: the report is its URL (title, notes, items); options feed the picker and the captions' names. */
export const load = (({ fetch, url, depends }) => {
  depends('query:report');
  const filters: Promise<FilterOptionRow[]> = runNamedQuery(fetch, 'filter_options').then((r) => r.rows);
  const certificates: Promise<CertificateOptionRow[]> = runNamedQuery(fetch, 'certificate_options').then((r) => r.rows);
  const schools: Promise<SchoolListRow[]> = runNamedQuery(fetch, 'schools_list').then((r) => r.rows);
  return { report: parseReport(url.searchParams), filters: settled(filters), certificates: settled(certificates), schools: settled(schools) };
}) satisfies PageLoad;
