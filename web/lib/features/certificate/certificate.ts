/** A certificate's page: its tables (training offers, teacher-training programmes, pilots). */
import type { CertificateOfferRow, CertificatePilotRow, CertificateProgrammeRow } from '../../queries';
import { formatInt } from '../../format';
import type { GridColumn, GridRow } from '../../components/grid';

/**
 * A fee as printed: `4,800 元/人`, or `≤ 3,200 元/人` when the document gives a cap.
 * @example feeText({ fee_per_person: 3200, fee_is_cap: true }) // '≤ 3,200 元/人'
 */
export function feeText(r: Pick<CertificateOfferRow, 'fee_per_person' | 'fee_is_cap'>): string {
  if (r.fee_per_person === null) return '—';
  return `${r.fee_is_cap ? '≤ ' : ''}${formatInt(r.fee_per_person)} 元/人`;
}

/**
 * Hours and days as the notice gives them: `线上 ≥45 学时 · 线下 6 天`, `共 80 学时 · 线下 5 天`.
 */
export function hoursText(r: Pick<CertificateOfferRow, 'hours_online' | 'hours_total' | 'days_offline'>): string {
  const parts: string[] = [];
  if (r.hours_total !== null) parts.push(`共 ${formatInt(r.hours_total)} 学时`);
  if (r.hours_online !== null) parts.push(`线上 ≥${formatInt(r.hours_online)} 学时`);
  if (r.days_offline !== null) parts.push(`线下 ${formatInt(r.days_offline)} 天`);
  return parts.join(' · ') || '—';
}

export const OFFER_COLUMNS: GridColumn[] = [
  { key: 'provider', label: '提供方（承办）', wrap: true },
  { key: 'organiser', label: '组织方 / 合作评价组织', wrap: true },
  { key: 'level', label: '等级' },
  { key: 'fee', label: '费用', numeric: true },
  { key: 'hours', label: '学时与天数', wrap: true },
  { key: 'year', label: '年份', numeric: true },
  { key: 'source', label: '来源', wrap: true },
];

export function offerRows(rows: readonly CertificateOfferRow[]): GridRow[] {
  return rows.map((r, i) => ({
    key: String(i),
    cells: {
      provider: { text: r.provider ?? '—' },
      organiser: { text: r.organiser ?? '—' },
      level: { text: r.level ?? '—' },
      fee: { text: feeText(r), sort: r.fee_per_person, sub: r.fee_is_cap ? '上限（按 10 天计）' : undefined },
      hours: { text: hoursText(r), sub: r.note ?? undefined },
      year: { text: r.year === null ? '—' : String(r.year), sort: r.year },
      source: { text: r.place ?? '—' },
    },
  }));
}

export const PROGRAMME_COLUMNS: GridColumn[] = [
  { key: 'host', label: '承办单位', wrap: true },
  { key: 'partner', label: '合作评价组织', wrap: true },
  { key: 'province', label: '省份 · 年份' },
  { key: 'format', label: '培训形式', wrap: true },
  { key: 'audience', label: '培训对象', wrap: true },
  { key: 'source', label: '来源', wrap: true },
];

export function programmeRows(rows: readonly CertificateProgrammeRow[]): GridRow[] {
  return rows.map((r, i) => ({
    key: String(i),
    cells: {
      host: { text: r.host ?? '—', href: r.host_school_id ? `/schools/${r.host_school_id}` : undefined },
      partner: { text: r.partner_organisation ?? '—' },
      province: { text: `${r.province} · ${r.year}` },
      format: { text: r.format ?? '—', sub: r.hours ? `${formatInt(r.hours)} 学时` : undefined },
      audience: { text: r.audience ?? '—' },
      source: { text: r.place ?? '—' },
    },
  }));
}

export const PILOT_COLUMNS: GridColumn[] = [
  { key: 'school', label: '学校' },
  { key: 'year', label: '年份', numeric: true },
  { key: 'batch', label: '批次' },
  { key: 'level', label: '等级' },
  { key: 'majors', label: '申报专业' },
  { key: 'requested', label: '申请', numeric: true },
  { key: 'approved', label: '批准', numeric: true },
];

export function pilotRows(rows: readonly CertificatePilotRow[]): GridRow[] {
  return rows.map((r, i) => ({
    key: String(i),
    tone: r.approved !== null && r.requested !== null && r.approved > r.requested ? 'warn' : null,
    cells: {
      school: { text: r.school, href: `/schools/${r.school_id}` },
      year: { text: String(r.year), sort: r.year },
      batch: { text: r.batch ?? '—' },
      level: { text: r.level ?? '未注明' },
      majors: { text: r.majors ?? '—' },
      requested: { text: formatInt(r.requested), sort: r.requested },
      approved: { text: formatInt(r.approved), sort: r.approved },
    },
  }));
}

/** Rows a page of the certificate's schools and of its pilot applications shows (pages cut by the server). */
export const CERT_SCHOOLS_PAGE = 10;
export const CERT_PILOTS_PAGE = 20;

/**
 * What an empty exam chart on a certificate's page says: that the data has
 * no exam results for this certificate at all (and what would bring them),
 * or that the chosen year / province has none — never "no data for the
 * current filters" when no filter is set.
 */
export function examEmptyText(
  examYears: string | null | undefined,
  filters: { year?: string; province?: string },
): { title: string; hint: string } {
  const chosen = [filters.year ? `${filters.year} 年` : '', filters.province ?? ''].filter(Boolean);
  if (!examYears) {
    return {
      title: '这个证书在数据中还没有考核结果',
      hint: '导入院校的考核结果报告（含该证书考证人数、通过人数的表格，在“导入”页）后，这里会显示各院校与各等级的通过率。',
    };
  }
  if (chosen.length) {
    return {
      title: `${chosen.join(' · ')}没有这个证书的考核结果`,
      hint: `这个证书有考核结果的年份：${examYears.split(',').join('、')}。可换一个年份或省份，或清除筛选。`,
    };
  }
  return { title: '暂无考核结果', hint: '这个证书的考核结果不在您可见的范围内。' };
}
