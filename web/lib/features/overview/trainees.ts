/**
 * The overview's trainees card at any scale: the drill-down rows of
 * trainees_by_area (top N, 其他, bottom N of the level below the filters) as
 * the college chart's rows, and as a table whose names drill one level down.
 */
import type { DataTable } from '../../components/data-table';
import type { TraineesByCollegeRow } from '../../queries';
import { formatInt } from '../../format';
import { TRAINEE_SERIES, type TraineeMeasure } from '../../charts/trainees-by-college';
import { drillSearch, type Filters } from './filters';
import type { TraineesByAreaRow } from './rows';

/** Bars per end of the chart: at most 2N+1 groups are drawn, whatever the scale. */
export const AREA_N = 10;

export const LEVEL_NAMES: Record<TraineesByAreaRow['area_kind'], string> = { province: '省份', city: '城市', school: '学校', other: '' };

/** The level the card shows for these filters (the one below the deepest place filter). */
export function areaLevel(filters: Pick<Filters, 'province' | 'city'>): 'province' | 'city' | 'school' {
  return filters.city ? 'school' : filters.province ? 'city' : 'province';
}

/** Second line under a bar: its rank by size, or how many 其他 holds. */
function subLabel(row: TraineesByAreaRow): string {
  if (row.grp === 'other') return `${formatInt(row.members)} 所学校合计`;
  const rank = `第 ${row.area_rank} 名`;
  return row.area_kind === 'school' ? rank : `${rank} · ${formatInt(row.members)} 所`;
}

export function areaChartRows(rows: readonly TraineesByAreaRow[]): TraineesByCollegeRow[] {
  return rows.map((r, i) => ({
    school: r.area,
    school_id: i,
    city: subLabel(r),
    requested: r.requested,
    approved: r.approved,
    candidates: r.candidates,
    passed: r.passed,
    teachers_trained: r.teachers_trained,
  }));
}

/** The chart's rows as a table; each name links one level down, keeping the other filters. */
export function areaTable(rows: readonly TraineesByAreaRow[], filters: Filters, names: Record<TraineeMeasure, string>): DataTable {
  const level = areaLevel(filters);
  const count = rows[0]?.area_count ?? 0;
  return {
    caption: `按${LEVEL_NAMES[level]}：共 ${formatInt(count)} 个，列出规模（批准 + 考证人数）最大和最小的各 ${AREA_N} 个，其余合并为“其他”（— 表示没有这项数据）`,
    columns: [{ label: '名次', numeric: true }, { label: LEVEL_NAMES[level] }, { label: '学校数', numeric: true }, ...TRAINEE_SERIES.map((s) => ({ label: names[s.key], numeric: true }))],
    rows: rows.map((r) => [r.area_rank === null ? '—' : String(r.area_rank), r.area, formatInt(r.members), ...TRAINEE_SERIES.map((s) => formatInt(r[s.key]))]),
    cellHrefs: rows.map((r) => [null, r.area_value && r.area_kind !== 'other' ? `?${drillSearch(filters, r.area_kind, r.area_value)}` : null]),
  };
}
