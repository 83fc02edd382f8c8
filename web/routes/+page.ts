import { runNamedQuery } from '$lib/api';
import type { CityQuotaRow, CityQuotaTotalRow, FilterOptionRow, OverviewTotalsRow, PassRateByCertificateRow, TraineesByCollegeRow } from '$lib/queries';
import { overviewParams, parseFilters, quotaParams, traineesParams } from '$lib/features/overview/filters';
import type { PageLoad } from './$types';

export interface QuotaData {
  quotas: CityQuotaRow[];
  totals: CityQuotaTotalRow[];
}

/** Marks a block's promise as handled here; the page still sees its rejection. */
function settled<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

/** `promise`, settling no earlier than `first` (whatever `first` does). */
function after<T>(first: Promise<unknown>, promise: Promise<T>): Promise<T> {
  return first.then(
    () => promise,
    () => promise,
  );
}

/**
 * The overview reads its filters from the URL and starts every block's query
 * at once. Each block is returned as its own promise, so the page draws the
 * shell and each card as soon as its answer arrives — one slow chart never
 * blanks the page or holds up another chart.
 *
 * The charts settle no earlier than the headline figures (the cheapest query,
 * one aggregate row), so a card never reads "ready" for new filters while the
 * figures above it still show the old ones.
 */
export const load = (({ fetch, url, depends }) => {
  depends('query:overview');
  const filters = parseFilters(url.searchParams);

  const options: Promise<FilterOptionRow[]> = runNamedQuery(fetch, 'filter_options').then((r) => r.rows);
  const totals: Promise<OverviewTotalsRow | null> = runNamedQuery(fetch, 'overview_totals', overviewParams(filters)).then(
    (r) => r.rows[0] ?? null,
  );
  const passRate: Promise<PassRateByCertificateRow[]> = runNamedQuery(fetch, 'pass_rate_by_certificate', overviewParams(filters)).then(
    (r) => r.rows,
  );
  const trainees: Promise<TraineesByCollegeRow[]> = runNamedQuery(fetch, 'trainees_by_college', traineesParams(filters)).then(
    (r) => r.rows,
  );
  const quotas: Promise<QuotaData> = Promise.all([
    runNamedQuery(fetch, 'city_quotas', quotaParams(filters)),
    runNamedQuery(fetch, 'city_quota_totals', quotaParams(filters)),
  ]).then(([q, t]) => ({ quotas: q.rows, totals: t.rows }));

  return {
    filters,
    options: settled(options),
    totals: settled(totals),
    passRate: settled(after(totals, settled(passRate))),
    trainees: settled(after(totals, settled(trainees))),
    quotas: settled(after(totals, settled(quotas))),
  };
}) satisfies PageLoad;
