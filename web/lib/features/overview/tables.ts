/**
 * The data behind each overview chart as a display table ("查看数据"): the
 * same rows the chart draws, in the same order, formatted for Chinese readers.
 */
import type { DataTable } from '../../components/data-table';
import type { CityQuotaRow, CityQuotaTotalRow, PassRateByCertificateRow, TraineesByCollegeRow } from '../../queries';
import { formatInt, formatInterval, formatPercent } from '../../format';
import { pooledRate, sortByPassRate } from '../../charts/pass-rate-by-certificate';
import { TRAINEE_SERIES } from '../../charts/trainees-by-college';
import { cityQuotaMatrix, totalDiffers } from '../../charts/city-quotas';

export function passRateTable(rows: readonly PassRateByCertificateRow[]): DataTable {
  const sorted = sortByPassRate(rows);
  const candidates = sorted.reduce((sum, r) => sum + r.candidates, 0);
  const passed = sorted.reduce((sum, r) => sum + r.passed, 0);
  return {
    caption: '各证书通过率（按通过率从高到低；区间为 95% Wilson 区间）',
    columns: [
      { label: '证书' },
      { label: '考证人数', numeric: true },
      { label: '通过人数', numeric: true },
      { label: '通过率', numeric: true },
      { label: '95% 区间', numeric: true },
      { label: '学校数', numeric: true },
    ],
    rows: sorted.map((r) => [
      r.certificate,
      formatInt(r.candidates),
      formatInt(r.passed),
      formatPercent(r.pass_rate),
      formatInterval(r.ci_low, r.ci_high),
      formatInt(r.schools),
    ]),
    footer: sorted.length ? [['合计', formatInt(candidates), formatInt(passed), formatPercent(pooledRate(sorted)), '', '']] : [],
    // Each certificate's name opens its page.
    cellHrefs: sorted.map((r) => [r.certificate_id === null ? null : `/certificates/${r.certificate_id}`]),
  };
}

export function traineesTable(rows: readonly TraineesByCollegeRow[]): DataTable {
  return {
    caption: '各院校培训与考证人数（— 表示该院校没有这项数据）',
    columns: [{ label: '学校' }, { label: '城市' }, ...TRAINEE_SERIES.map((s) => ({ label: s.name, numeric: true }))],
    rows: rows.map((r) => [r.school, r.city ?? '—', ...TRAINEE_SERIES.map((s) => formatInt(r[s.key]))]),
  };
}

/**
 * One row per city: the computed total (the bars), the total the document's
 * 合计 row states, the difference and the share of the province.
 */
export function quotaTotalsTable(quotaRows: readonly CityQuotaRow[], totalRows: readonly CityQuotaTotalRow[]): DataTable {
  const cities = cityQuotaMatrix(quotaRows, totalRows).cities;
  const byCity = new Map(totalRows.map((t) => [t.city, t]));
  const rows = cities.map((c) => byCity.get(c)).filter((t): t is CityQuotaTotalRow => t !== undefined);
  const sum = (values: (number | null)[]) =>
    values.some((v) => v !== null) ? values.reduce<number>((s, v) => s + (v ?? 0), 0) : null;
  const signed = (n: number | null) => (n === null ? '—' : n > 0 ? `+${formatInt(n)}` : formatInt(n));
  const quota = sum(rows.map((r) => r.quota));
  const stated = sum(rows.map((r) => r.stated));
  return {
    caption: '各市名额合计（逐项相加）与文件“合计”行所列数字',
    columns: [
      { label: '设区市' },
      { label: '名额合计', numeric: true },
      { label: '文件所列合计', numeric: true },
      { label: '差异（计算 − 所列）', numeric: true },
      { label: '占全省', numeric: true },
    ],
    rows: rows.map((r) => [r.city, formatInt(r.quota), formatInt(r.stated), signed(r.difference), formatPercent(r.share)]),
    warnRows: rows.map(totalDiffers),
    footer: rows.length
      ? [['合计', formatInt(quota), formatInt(stated), signed(quota !== null && stated !== null ? quota - stated : null), '']]
      : [],
  };
}

/** Programme × city, a 合计 column, then the per-city totals and the document's stated totals. */
export function quotasTable(quotaRows: readonly CityQuotaRow[], totalRows: readonly CityQuotaTotalRow[]): DataTable {
  const matrix = cityQuotaMatrix(quotaRows, totalRows);
  const grid = matrix.programmes.map(() => matrix.cities.map((): number | null => null));
  matrix.data.forEach(([x, y, v]) => {
    const row = grid[y];
    if (row) row[x] = v;
  });
  const totalsByCity = new Map(totalRows.map((t) => [t.city, t]));
  const totals = matrix.cities.map((c) => totalsByCity.get(c) ?? null);
  const sum = (values: (number | null | undefined)[]) =>
    values.some((v) => typeof v === 'number') ? values.reduce<number>((s, v) => s + (v ?? 0), 0) : null;
  const anyStated = totals.some((t) => t?.stated !== null && t?.stated !== undefined);
  const footer = [['各市合计', '', ...totals.map((t) => formatInt(t?.quota)), formatInt(sum(totals.map((t) => t?.quota)))]];
  if (anyStated) footer.push(['文件所列合计', '', ...totals.map((t) => formatInt(t?.stated)), formatInt(sum(totals.map((t) => t?.stated)))]);
  const differing = totals.filter((t): t is CityQuotaTotalRow => t !== null && totalDiffers(t)).map((t) => t.city);
  return {
    key: 'matrix',
    caption: differing.length
      ? `各市培训名额（文件“合计”行与逐项相加不一致的城市：${differing.join('、')}）`
      : '各市培训名额',
    columns: [
      { label: '专业类别或专题' },
      { label: '培训项目' },
      ...matrix.cities.map((c) => ({ label: c, numeric: true })),
      { label: '合计', numeric: true },
    ],
    rows: matrix.programmes.map((p, y) => [
      p,
      matrix.programmeInfo[y]?.category ?? '—',
      ...(grid[y] ?? []).map((v) => formatInt(v)),
      formatInt(sum(grid[y] ?? [])),
    ]),
    footer,
  };
}
