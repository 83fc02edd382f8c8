/** The quota page's tables: the programme × city matrix, the city totals against the document, the 小计 checks. */
import type { CityQuotaRow, CityQuotaTotalRow, QuotaProgrammeTotalRow } from '../../queries';
import { formatInt, formatPercent } from '../../format';
import { cityQuotaMatrix, totalDiffers, unsplitProgrammes } from '../../charts/city-quotas';
import { signed } from '../../charts/quota-stated';
import type { GridColumn, GridRow } from '../../components/grid';

/** Row labels of the matrix; `category: null` leaves the category column out (the national matrix's rows are categories). */
export interface MatrixLabels {
  programme: string;
  category: string | null;
}

export function matrixGrid(
  quotas: readonly CityQuotaRow[],
  totals: readonly CityQuotaTotalRow[],
  labels: MatrixLabels = { programme: '专业类别或专题', category: '培训项目' },
): { columns: GridColumn[]; rows: GridRow[]; footer: GridRow[] } {
  const m = cityQuotaMatrix(quotas, totals);
  const grid = m.programmes.map(() => m.cities.map((): number | null => null));
  m.data.forEach(([x, y, v]) => {
    const row = grid[y];
    if (row) row[x] = v;
  });
  const columns: GridColumn[] = [
    { key: 'programme', label: labels.programme, minWidth: '13em' },
    ...(labels.category === null ? [] : [{ key: 'category', label: labels.category }]),
    ...m.cities.map((c, i) => ({ key: `c${i}`, label: c, numeric: true })),
    { key: 'total', label: '小计', numeric: true },
  ];
  const rows: GridRow[] = m.programmes.map((p, y) => {
    const cells: GridRow['cells'] = {
      programme: { text: p, sub: m.programmeInfo[y]?.host ?? undefined, sort: y },
      category: { text: m.programmeInfo[y]?.category ?? '—' },
    };
    const values = grid[y] ?? [];
    values.forEach((v, x) => (cells[`c${x}`] = { text: formatInt(v), sort: v }));
    const total = values.reduce<number>((s, v) => s + (v ?? 0), 0);
    cells.total = { text: formatInt(total), sort: total };
    return { key: String(y), cells };
  });
  for (const [i, u] of unsplitProgrammes(quotas).entries()) {
    const cells: GridRow['cells'] = {
      programme: { text: u.programme, sub: [u.host, u.note].filter(Boolean).join(' · ') || undefined, sort: 999 },
      category: { text: u.category ?? '—' },
    };
    m.cities.forEach((_, x) => (cells[`c${x}`] = { text: '按需', sort: null }));
    cells.total = { text: formatInt(u.quota), sort: u.quota };
    rows.push({ key: `u-${i}-${u.programme}`, cells, tone: 'info' });
  }
  const byCity = new Map(totals.map((t) => [t.city, t]));
  const computed: GridRow['cells'] = { programme: { text: '各市合计（逐项相加）' }, category: { text: '' } };
  const stated: GridRow['cells'] = { programme: { text: '文件“合计”行' }, category: { text: '' } };
  let sumComputed = 0;
  let sumStated = 0;
  m.cities.forEach((c, x) => {
    const t = byCity.get(c);
    computed[`c${x}`] = { text: formatInt(t?.quota) };
    stated[`c${x}`] = { text: t && totalDiffers(t) ? `${formatInt(t.stated)}*` : formatInt(t?.stated) };
    sumComputed += t?.quota ?? 0;
    sumStated += t?.stated ?? 0;
  });
  computed.total = { text: formatInt(sumComputed) };
  stated.total = { text: formatInt(sumStated) };
  return { columns, rows, footer: [{ key: 'computed', cells: computed }, { key: 'stated', cells: stated }] };
}

/**
 * The years a result sums: under 全部年份 the quota queries add the years up
 * (and name them), so the page says which years it is showing.
 *
 * @example yearsOf([{ years: '2020、2021' }, { years: '2021' }]) // ['2020', '2021']
 */
export function yearsOf(rows: readonly { years?: string | null }[]): string[] {
  return [...new Set(rows.flatMap((r) => (r.years ? r.years.split('、') : [])))].sort();
}

/** The totals table's columns, for cities (设区市) or, nationally, provinces (省份). */
export function totalColumns(place: '设区市' | '省份' = '设区市'): GridColumn[] {
  const province = place === '省份';
  return [
    { key: 'city', label: place },
    { key: 'quota', label: '逐项相加', numeric: true, title: province ? '该省各市各项目名额之和（人）' : '该市各项目名额之和（人）' },
    { key: 'stated', label: '文件“合计”', numeric: true, title: '文件合计行所列（人）' },
    { key: 'difference', label: '差异', numeric: true },
    { key: 'share', label: '占比', numeric: true, title: province ? '占全国分市名额（不含按需报名）' : '占全省分市名额（不含按需报名）' },
  ];
}

export const TOTAL_COLUMNS: GridColumn[] = totalColumns();

export function totalRows(totals: readonly CityQuotaTotalRow[]): GridRow[] {
  return [...totals]
    .sort((a, b) => (a.city_order ?? 0) - (b.city_order ?? 0))
    .map((t) => ({
      key: t.city,
      tone: totalDiffers(t) ? 'warn' : null,
      cells: {
        city: { text: t.city, sort: t.city_order },
        quota: { text: formatInt(t.quota), sort: t.quota },
        stated: { text: formatInt(t.stated), sort: t.stated },
        difference: totalDiffers(t) ? { text: signed(t.difference), badge: 'warn', sort: t.difference } : { text: t.stated === null ? '—' : '一致', sort: 0 },
        share: { text: formatPercent(t.share), sort: t.share },
      },
    }));
}

export function totalFooter(totals: readonly CityQuotaTotalRow[]): GridRow[] {
  if (!totals.length) return [];
  const q = totals.reduce((s, t) => s + (t.quota ?? 0), 0);
  const anyStated = totals.some((t) => t.stated !== null);
  const st = totals.reduce((s, t) => s + (t.stated ?? 0), 0);
  return [{ key: 'sum', cells: { city: { text: '合计' }, quota: { text: formatInt(q) }, stated: { text: anyStated ? formatInt(st) : '—' }, difference: { text: anyStated ? signed(q - st) : '—' }, share: { text: '100.0%' } } }];
}

export const CHECK_COLUMNS: GridColumn[] = [
  { key: 'label', label: '项目 / 类别' },
  { key: 'kind', label: '层级' },
  { key: 'computed', label: '逐项相加', numeric: true },
  { key: 'stated', label: '文件所列', numeric: true },
  { key: 'difference', label: '差异', numeric: true },
];

const KIND = { programme: '项目小计', category: '类别（正文）', overall: '全部（合计行）' } as const;

export function checkRows(rows: readonly QuotaProgrammeTotalRow[]): GridRow[] {
  return rows.map((r, i) => ({
    key: `${r.kind}-${i}`,
    tone: r.difference ? 'warn' : null,
    cells: {
      label: { text: r.label, sub: r.kind === 'programme' ? [r.category, r.host].filter(Boolean).join(' · ') : undefined, sort: r.sort_order },
      kind: { text: KIND[r.kind] ?? r.kind },
      computed: { text: formatInt(r.computed), sort: r.computed },
      stated: { text: formatInt(r.stated), sort: r.stated },
      difference: r.stated === null ? { text: '—' } : r.difference ? { text: signed(r.difference), badge: 'warn', sort: r.difference } : { text: '一致', sort: 0 },
    },
  }));
}
