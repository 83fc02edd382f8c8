/**
 * Row shapes of the overview's own named queries (each mirrors the
 * `-- @column` header of `queries/<name>.sql`), kept beside the feature that
 * reads them.
 */

/** queries/trainees_by_area.sql: top N, 其他, bottom N of the level below the filters. */
export interface TraineesByAreaRow {
  area: string;
  /** The filter value a bar drills down to (province or city name, school id); null for 其他. */
  area_value: string | null;
  area_kind: 'province' | 'city' | 'school' | 'other';
  grp: 'top' | 'other' | 'bottom';
  members: number;
  areas: number;
  requested: number | null;
  approved: number | null;
  candidates: number | null;
  passed: number | null;
  teachers_trained: number | null;
  area_rank: number | null;
  area_count: number;
}

/** queries/filter_search.sql */
export interface FilterSearchRow {
  kind: 'school' | 'city';
  value: string;
  label: string;
  parent: string | null;
  province: string;
}

/** queries/pass_rate_top_bottom.sql: pass_rate_by_certificate's columns plus the group (其他 has no id). */
export interface PassRateTopBottomRow {
  certificate: string;
  certificate_id: number | null;
  candidates: number;
  passed: number;
  pass_rate: number | null;
  ci_low: number | null;
  ci_high: number | null;
  schools: number;
  grp: 'top' | 'other' | 'bottom';
  certificates: number;
  certificate_count: number;
}
