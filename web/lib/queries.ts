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
  /** Years each source covers in this scope ('2020、2021'); null = the scope has none of it. */
  exam_years: string | null;
  application_years: string | null;
  teacher_years: string | null;
  quota_years: string | null;
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
  /** The years summed (`2020、2021` when no year is chosen). */
  years?: string | null;
}

/** queries/city_quota_totals.sql — without a year, the sum over `years`. */
export interface CityQuotaTotalRow {
  city: string;
  quota: number | null;
  share: number | null;
  /** The total the document's 合计 row states, when it has one. */
  stated: number | null;
  /** quota − stated. */
  difference: number | null;
  city_order: number | null;
  /** The years summed (`2020、2021` when no year is chosen). */
  years?: string | null;
}

/** queries/quota_province_totals.sql — the national view, one row per province. */
export interface QuotaProvinceTotalRow {
  province: string;
  quota: number | null;
  unsplit: number | null;
  share: number | null;
  stated: number | null;
  difference: number | null;
  cities: number | null;
  province_order: number | null;
  years?: string | null;
}

/** queries/quota_category_provinces.sql — the national matrix, category × province. */
export interface QuotaCategoryProvinceRow {
  category: string;
  province: string;
  quota: number | null;
  programmes: number | null;
  category_order: number | null;
  province_order: number | null;
  years?: string | null;
}

/** queries/pass_rate_by_certificate_level.sql */
export interface PassRateByCertificateLevelRow {
  certificate: string;
  certificate_id: number;
  level: string | null;
  candidates: number;
  passed: number;
  pass_rate: number | null;
  ci_low: number | null;
  ci_high: number | null;
}

/** Where a school lies in the funnel plot (queries/school_comparison.sql). */
export type FunnelPosition = 'below_998' | 'below_95' | 'within' | 'above_95' | 'above_998';

/** queries/school_comparison.sql */
export interface SchoolComparisonRow {
  school: string;
  /** null for a peer outside the viewer's scope (shown as 院校 A …, issue 10). */
  school_id: number | null;
  candidates: number;
  passed: number;
  pass_rate: number | null;
  ci_low: number | null;
  ci_high: number | null;
  pooled_rate: number | null;
  funnel_low: number | null;
  funnel_high: number | null;
  funnel_low_998: number | null;
  funnel_high_998: number | null;
  province: string | null;
  city: string | null;
  school_type: string | null;
  position: FunnelPosition | null;
  small_sample: boolean;
  rank: number;
  /** (rate − pooled) / binomial standard error. */
  z_score: number | null;
  /** Which limits funnel_low … funnel_high_998 and position are drawn with. */
  limits: FunnelLimits;
  /** φ̂: mean squared z-score winsorised at the 10th/90th percentiles. */
  phi: number | null;
  /** I·φ̂ beyond the 95% point of χ² on I − 1 df: only then does `phi` inflate the limits. */
  phi_applied: boolean;
  /** τ̂²: between-school variance of the additive (random-effects) limits. */
  tau2: number;
}

/** Funnel limits: binomial, inflated by √φ̂, or with τ̂² added (Spiegelhalter 2005). */
export type FunnelLimits = 'plain' | 'phi' | 'tau2';

/** queries/funnel_limits.sql */
export interface FunnelLimitRow {
  n: number;
  pooled_rate: number | null;
  low_95: number | null;
  high_95: number | null;
  low_998: number | null;
  high_998: number | null;
  limits: FunnelLimits;
}

/** queries/funnel_points.sql: the funnel's points, three numbers a school (drawn from Arrow). */
export interface FunnelPointRow {
  candidates: number;
  passed: number;
  /** −2 below the 99.8% limit, −1 below 95%, 0 within, 1 above 95%, 2 above 99.8%. */
  band: number | null;
}

/** queries/funnel_names.sql: the names of funnel_points' rows, same order. */
export interface FunnelNameRow {
  school: string;
  /** null for a peer outside the viewer's scope (院校 A …). */
  school_id: number | null;
  province: string | null;
}

/** queries/funnel_dispersion.sql: one row per kind of limits. */
export interface FunnelDispersionRow {
  limits: FunnelLimits;
  schools: number;
  pooled_rate: number | null;
  phi: number | null;
  chi2_95: number | null;
  phi_applied: boolean;
  tau2: number;
  tau: number;
  below_998: number;
  below_95: number;
  above_95: number;
  above_998: number;
  outside_95: number;
  outside_998: number;
}

/** queries/school_certificates.sql */
export interface SchoolCertificateRow {
  school: string;
  school_id: number;
  certificate: string;
  certificate_id: number;
  candidates: number;
  passed: number;
  pass_rate: number | null;
  ci_low: number | null;
  ci_high: number | null;
  school_order: number;
  certificate_order: number;
}

/** School − other schools of the province (queries/school_benchmark.sql). */
export type BenchmarkVerdict = 'below' | 'above' | 'no_difference' | 'no_comparison';

/** queries/school_benchmark.sql */
export interface SchoolBenchmarkRow {
  year: number;
  certificate: string;
  certificate_id: number;
  level: string | null;
  candidates: number;
  passed: number;
  pass_rate: number | null;
  ci_low: number | null;
  ci_high: number | null;
  province: string | null;
  province_candidates: number | null;
  province_passed: number | null;
  province_rate: number | null;
  province_schools: number | null;
  others_candidates: number | null;
  others_passed: number | null;
  others_rate: number | null;
  diff: number | null;
  diff_low: number | null;
  diff_high: number | null;
  verdict: BenchmarkVerdict;
}

/** queries/school_profile.sql (one row). */
export interface SchoolProfileRow {
  school_id: number;
  school: string;
  aliases: string | null;
  school_type: string | null;
  province: string | null;
  city: string | null;
  years: string | null;
  exam_years: string | null;
  latest_exam_year: number | null;
  candidates: number | null;
  passed: number | null;
  pass_rate: number | null;
  ci_low: number | null;
  ci_high: number | null;
  certificates: number | null;
  requested: number | null;
  approved: number | null;
  pilots: number | null;
  teachers_trained: number | null;
  assessors: number | null;
}

/** queries/school_teachers.sql */
export interface SchoolTeacherRow {
  year: number;
  certificate: string;
  certificate_id: number;
  teachers_trained: number | null;
  assessors: number | null;
  candidates: number | null;
  passed: number | null;
  pass_rate: number | null;
  ci_low: number | null;
  ci_high: number | null;
}

/** queries/school_findings.sql */
export interface SchoolFindingRow {
  severity: 'error' | 'warning' | 'info' | string;
  code: string;
  message: string;
  source: string | null;
  /** The same place for readers: document title, table, row (no file names). */
  place: string | null;
  import_id: number;
  file_name: string | null;
  source_table: string | null;
  source_row: number | null;
  source_column: string | null;
  printed_value: string | null;
  expected_value: string | null;
}

/** queries/applications_by_batch.sql */
export interface ApplicationsByBatchRow {
  school: string;
  school_id: number;
  year: number;
  batch: string | null;
  pilots: number;
  requested: number | null;
  approved: number | null;
  approved_over_requested: number;
}

/** queries/certificate_options.sql */
export interface CertificateOptionRow {
  certificate_id: number;
  certificate: string;
  batch: string | null;
  organisation: string | null;
  schools: number;
  candidates: number;
  years: string | null;
}

/** queries/schools_list.sql */
export interface SchoolListRow {
  school_id: number;
  school: string;
  school_type: string | null;
  province: string | null;
  city: string | null;
  candidates: number | null;
  certificates: number | null;
  has_applications: boolean;
  has_teachers: boolean;
}

/** queries/certificate_profile.sql (one row). */
export interface CertificateProfileRow {
  certificate_id: number;
  certificate: string;
  aliases: string | null;
  batch: string | null;
  organisation: string | null;
  schools: number | null;
  candidates: number | null;
  passed: number | null;
  pass_rate: number | null;
  ci_low: number | null;
  ci_high: number | null;
  exam_years: string | null;
  pilot_schools: number | null;
  approved: number | null;
  teachers_trained: number | null;
  programmes: number | null;
  offers: number | null;
}

/** queries/certificate_offers.sql */
export interface CertificateOfferRow {
  provider: string | null;
  organiser: string | null;
  level: string | null;
  fee_per_person: number | null;
  fee_is_cap: boolean | null;
  hours_online: number | null;
  hours_total: number | null;
  days_offline: number | null;
  year: number | null;
  note: string | null;
  source: string | null;
  /** The same place for readers: document title, table, row (no file names). */
  place: string | null;
}

/** queries/certificate_programmes.sql */
export interface CertificateProgrammeRow {
  province: string;
  year: number;
  host: string | null;
  host_school_id: number | null;
  partner_organisation: string | null;
  audience: string | null;
  format: string | null;
  hours: number | null;
  source: string | null;
  /** The same place for readers: document title, table, row (no file names). */
  place: string | null;
}

/** queries/certificate_pilots.sql */
export interface CertificatePilotRow {
  school: string;
  school_id: number;
  year: number;
  batch: string | null;
  level: string | null;
  majors: string | null;
  student_scale: number | null;
  requested: number | null;
  approved: number | null;
  status: string | null;
}

/** queries/quota_programme_totals.sql */
export interface QuotaProgrammeTotalRow {
  kind: 'programme' | 'category' | 'overall';
  label: string;
  category: string | null;
  host: string | null;
  computed: number | null;
  stated: number | null;
  difference: number | null;
  sort_order: number;
}

/** queries/quota_scopes.sql */
export interface QuotaScopeRow {
  province: string;
  year: number;
  programmes: number;
  split_quota: number | null;
  unsplit_quota: number;
  cities: number;
}

/** Query name → row type, so `runNamedQuery(fetch, 'city_quotas')` is typed. */
export interface QueryRows {
  filter_options: FilterOptionRow;
  overview_totals: OverviewTotalsRow;
  pass_rate_by_certificate: PassRateByCertificateRow;
  pass_rate_by_certificate_level: PassRateByCertificateLevelRow;
  trainees_by_college: TraineesByCollegeRow;
  city_quotas: CityQuotaRow;
  city_quota_totals: CityQuotaTotalRow;
  quota_province_totals: QuotaProvinceTotalRow;
  quota_category_provinces: QuotaCategoryProvinceRow;
  school_comparison: SchoolComparisonRow;
  funnel_limits: FunnelLimitRow;
  funnel_dispersion: FunnelDispersionRow;
  funnel_points: FunnelPointRow;
  funnel_names: FunnelNameRow;
  school_certificates: SchoolCertificateRow;
  school_benchmark: SchoolBenchmarkRow;
  school_profile: SchoolProfileRow;
  school_teachers: SchoolTeacherRow;
  school_findings: SchoolFindingRow;
  applications_by_batch: ApplicationsByBatchRow;
  certificate_options: CertificateOptionRow;
  schools_list: SchoolListRow;
  certificate_profile: CertificateProfileRow;
  certificate_offers: CertificateOfferRow;
  certificate_programmes: CertificateProgrammeRow;
  certificate_pilots: CertificatePilotRow;
  quota_programme_totals: QuotaProgrammeTotalRow;
  quota_scopes: QuotaScopeRow;
}
