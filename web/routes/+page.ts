import { runNamedQuery, runQuery, type QueryResult } from '$lib/api';
import type { CityQuotaRow, CityQuotaTotalRow, FilterOptionRow, OverviewTotalsRow, QuotaScopeRow, TraineesByCollegeRow } from '$lib/queries';
import { overviewParams, parseFilters, quotaParams, traineesParams } from '$lib/features/overview/filters';
import { AREA_N } from '$lib/features/overview/trainees';
import type { PassRateTopBottomRow, TraineesByAreaRow } from '$lib/features/overview/rows';
import type { PageLoad } from './$types';

export interface QuotaData {
  quotas: CityQuotaRow[];
  totals: CityQuotaTotalRow[];
  /** Provinces with quota tables when none is chosen and there are several (nothing loaded: choose one). */
  provinces: string[];
}

/** Schools per page of the card's school list. */
export const SCHOOL_PAGE = 20;

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
 * Quota tables are provincial: with a province chosen (or only one province
 * having any) its tables load; otherwise the card lists the provinces to
 * choose from instead of shipping every province's matrix (5 MB nationally).
 */
// Which provinces have quota tables changes only with an import: asked again after a minute, not per filter change.
let quotaScopes: Promise<QuotaScopeRow[]> | undefined;
let quotaScopesAt = 0;

async function loadQuotas(fetchFn: typeof fetch, params: ReturnType<typeof quotaParams>): Promise<QuotaData> {
  let province = params.province;
  if (!province) {
    if (!quotaScopes || Date.now() - quotaScopesAt > 60_000) {
      quotaScopes = runNamedQuery(fetchFn, 'quota_scopes').then((r) => r.rows);
      quotaScopesAt = Date.now();
    }
    const asked = quotaScopes;
    asked.catch(() => (quotaScopes = undefined));
    const scopes = await asked;
    const provinces = [...new Set(scopes.filter((s) => !params.year || String(s.year) === String(params.year)).map((s) => s.province))];
    if (provinces.length > 1) return { quotas: [], totals: [], provinces };
    province = provinces[0] ?? '';
  }
  const scoped = { ...params, province };
  const [q, t] = await Promise.all([runNamedQuery(fetchFn, 'city_quotas', scoped), runNamedQuery(fetchFn, 'city_quota_totals', scoped)]);
  return { quotas: q.rows, totals: t.rows, provinces: [] };
}

/**
 * The overview reads its filters from the URL and starts every block's query
 * at once — and the charting library with them, so ECharts arrives while the
 * figures are computed rather than after. Each block is returned as its own
 * promise, so the page draws the shell and each card as soon as its answer
 * arrives — one slow chart never blanks the page or holds up another chart.
 *
 * Nothing is fetched whole that grows with the country: filter options are
 * the few the selects show (schools are searched), the trainees chart reads
 * the top and bottom N of the level below the filters with the rest summed in
 * SQL, and the school list one page at a time.
 *
 * The charts settle no earlier than the headline figures (the cheapest query,
 * one aggregate row), so a card never reads "ready" for new filters while the
 * figures above it still show the old ones.
 */
export const load = (({ fetch, url, depends }) => {
  depends('query:overview');
  void import('$lib/charts/echarts').catch(() => undefined);
  const filters = parseFilters(url.searchParams);

  const options: Promise<FilterOptionRow[]> = runQuery<FilterOptionRow>(fetch, 'filter_facets', {
    province: filters.province,
    city: filters.city,
    school: filters.school,
  }).then((r) => r.rows);
  const totals: Promise<OverviewTotalsRow | null> = runNamedQuery(fetch, 'overview_totals', overviewParams(filters)).then(
    (r) => r.rows[0] ?? null,
  );
  // Top and bottom N certificates (by their intervals), the rest pooled in SQL: 2N+1 bars at most.
  const passRate: Promise<PassRateTopBottomRow[]> = runQuery<PassRateTopBottomRow>(fetch, 'pass_rate_top_bottom', { ...overviewParams(filters), n: AREA_N }).then(
    (r) => r.rows,
  );
  const areas: Promise<TraineesByAreaRow[]> = runQuery<TraineesByAreaRow>(fetch, 'trainees_by_area', { ...traineesParams(filters), n: AREA_N }).then(
    (r) => r.rows,
  );
  const schools: Promise<QueryResult<TraineesByCollegeRow>> = runNamedQuery(fetch, 'trainees_by_college', traineesParams(filters), {
    limit: SCHOOL_PAGE,
  });
  const quotas = loadQuotas(fetch, quotaParams(filters));

  return {
    filters,
    options: settled(options),
    totals: settled(totals),
    passRate: settled(after(totals, settled(passRate))),
    trainees: settled(after(totals, settled(areas))),
    schools: settled(schools),
    quotas: settled(after(totals, settled(quotas))),
  };
}) satisfies PageLoad;
