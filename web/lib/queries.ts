/**
 * Row shapes of the named queries the web app reads. Each interface mirrors
 * the `-- @column` header of `queries/<name>.sql` (INTEGER/DOUBLE → number,
 * VARCHAR → string; every column may be NULL). Keep them in step with the SQL.
 */

/** Parameters shared by the dashboard's named queries; empty = no filter. */
export type QueryParamValue = string | number | null | undefined;
export type QueryParams = Record<string, QueryParamValue>;

export type FilterKind = 'year' | 'province' | 'city' | 'school' | 'level';

/** queries/filter_options.sql */
export interface FilterOptionRow {
  kind: FilterKind;
  value: string;
  label: string;
  /** A city's province, a school's city; null otherwise. */
  parent: string | null;
  sort_key: string | null;
}

/** queries/overview_totals.sql (one row). */
export interface OverviewTotalsRow {
  candidates: number | null;
  passed: number | null;
  pass_rate: number | null;
  ci_low: number | null;
  ci_high: number | null;
  certificates: number | null;
  schools: number | null;
  requested: number | null;
  approved: number | null;
  teachers_trained: number | null;
}

/** queries/pass_rate_by_certificate.sql */
export interface PassRateByCertificateRow {
  certificate: string;
  certificate_id: number;
  candidates: number;
  passed: number;
  pass_rate: number | null;
  ci_low: number | null;
  ci_high: number | null;
  schools: number;
}

/** queries/trainees_by_college.sql */
export interface TraineesByCollegeRow {
  school: string;
  school_id: number;
  city: string | null;
  requested: number | null;
  approved: number | null;
  candidates: number | null;
  passed: number | null;
  teachers_trained: number | null;
}

/** queries/city_quotas.sql — long form; `city` null = on-demand, not split by city. */
export interface CityQuotaRow {
  programme: string;
  category: string | null;
  host: string | null;
  city: string | null;
  quota: number | null;
  note: string | null;
  programme_order: number | null;
  city_order: number | null;
}

/** queries/city_quota_totals.sql */
export interface CityQuotaTotalRow {
  city: string;
  quota: number | null;
  share: number | null;
  /** The total the document's 合计 row states, when it has one. */
  stated: number | null;
  /** quota − stated. */
  difference: number | null;
  city_order: number | null;
}

/** Query name → row type, so `runNamedQuery(fetch, 'city_quotas')` is typed. */
export interface QueryRows {
  filter_options: FilterOptionRow;
  overview_totals: OverviewTotalsRow;
  pass_rate_by_certificate: PassRateByCertificateRow;
  trainees_by_college: TraineesByCollegeRow;
  city_quotas: CityQuotaRow;
  city_quota_totals: CityQuotaTotalRow;
}
