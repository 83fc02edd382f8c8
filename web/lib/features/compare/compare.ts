/**
 * The compare page's state (all in the URL: certificate, year, province,
 * city, school type, level, the schools chosen for side by side, the table's
 * sort) and its tables. Plain functions.
 */
import type { FunnelDispersionRow, FunnelLimits, FunnelPosition, SchoolCertificateRow, SchoolComparisonRow } from '../../queries';
import { formatInt, formatInterval, formatN, formatPercent } from '../../format';
import { POSITION_LABELS, isOutside } from '../../charts/funnel-plot';
import { groupRates } from '../../charts/grouped-rates';
import type { GridColumn, GridRow, Tone } from '../../components/grid';

export const COMPARE_KEYS = ['certificate', 'year', 'province', 'city', 'school_type', 'level', 'limits', 'schools', 'sort', 'page', 'opage'] as const;
export type CompareKey = (typeof COMPARE_KEYS)[number];
export type CompareState = Record<CompareKey, string>;

/** The limits the page draws when the URL does not say: the additive random-effects ones (Spiegelhalter 2005 finds them the better founded). */
export const DEFAULT_LIMITS: FunnelLimits = 'tau2';
export const LIMIT_CHOICES: { value: FunnelLimits; label: string; hint: string }[] = [
  { value: 'plain', label: '二项分布', hint: '只考虑抽样误差：院校间差异大于偶然时，几乎所有大院校都会落在界限外' },
  { value: 'phi', label: '乘性 φ 调整', hint: '界限整体放宽 √φ̂ 倍（φ̂ 由缩尾 z 分数估计，只在显著过度离散时放大）' },
  { value: 'tau2', label: '随机效应 τ² 调整', hint: '在抽样方差上加院校间方差 τ̂²：大院校的界限不再收窄到一条线' },
];

export function resolveLimits(state: Pick<CompareState, 'limits'>): FunnelLimits {
  return LIMIT_CHOICES.find((c) => c.value === state.limits)?.value ?? DEFAULT_LIMITS;
}

/** Rows a page of the ranking and of the outlier table shows. */
export const RANKING_PAGE = 20;
export const OUTLIER_PAGE = 10;

/** The 1-based page number in the URL (`page=3`), 1 when absent or not a page. */
export function pageNumber(text: string): number {
  const n = Number(text);
  return Number.isInteger(n) && n >= 1 ? n : 1;
}

export function pageCount(total: number, size: number): number {
  return Math.max(1, Math.ceil(total / size));
}

export const MIN_SIDE = 2;
export const MAX_SIDE = 6;

export function parseCompare(search: URLSearchParams): CompareState {
  const out = {} as CompareState;
  for (const k of COMPARE_KEYS) out[k] = (search.get(k) ?? '').trim();
  return out;
}

export function compareSearch(state: Partial<CompareState>): string {
  const s = new URLSearchParams();
  for (const k of COMPARE_KEYS) if (state[k]) s.set(k, state[k] as string);
  return s.toString();
}

/** The chosen schools' ids, in order, without repeats, at most MAX_SIDE. */
export function chosenSchools(text: string): string[] {
  return [...new Set(text.split(',').map((s) => s.trim()).filter((s) => /^\d+$/.test(s)))].slice(0, MAX_SIDE);
}

/** Toggles one school in the side-by-side choice (a 7th is refused). */
export function toggleSchool(text: string, id: string): string {
  const list = chosenSchools(text);
  const next = list.includes(id) ? list.filter((s) => s !== id) : list.length >= MAX_SIDE ? list : [...list, id];
  return next.join(',');
}

export function positionTone(position: FunnelPosition | null): Tone | null {
  if (position === 'below_95' || position === 'below_998') return 'bad';
  if (position === 'above_95' || position === 'above_998') return 'good';
  return null;
}

export const RANKING_COLUMNS: GridColumn[] = [
  { key: 'school', label: '学校' },
  { key: 'rank', label: '名次', numeric: true },
  { key: 'place', label: '城市 · 类型' },
  { key: 'candidates', label: '考证人数', numeric: true },
  { key: 'passed', label: '通过人数', numeric: true },
  { key: 'rate', label: '通过率', numeric: true },
  { key: 'ci', label: '95% 区间', numeric: true, title: 'Wilson 区间' },
  { key: 'position', label: '漏斗图位置', title: '相对合并通过率的 95% / 99.8% 控制限' },
  { key: 'side', label: '并列对比', sortable: false },
];
export const RANKING_KEYS = RANKING_COLUMNS.map((c) => c.key);

/** `sideHref(id)`: the page's URL with that school added to (or taken out of) the side-by-side choice; null when it cannot be. */
export function rankingRows(rows: readonly SchoolComparisonRow[], sideHref: (id: string) => string | null = () => null): GridRow[] {
  return rows.map((r) => ({
    // A peer outside the viewer's scope (院校 A …, issue 10) has no id and no page of its own.
    key: r.school_id === null ? `peer:${r.school}` : String(r.school_id),
    tone: positionTone(r.position),
    cells: {
      school: r.school_id === null ? { text: r.school, sort: r.school, sub: '范围外院校（匿名）' } : { text: r.school, href: `/schools/${r.school_id}`, sort: r.school },
      rank: { text: formatInt(r.rank), sort: r.rank },
      place: { text: [r.city, r.school_type].filter(Boolean).join(' · ') || '—' },
      candidates: { text: formatInt(r.candidates), sort: r.candidates, sub: r.small_sample ? '样本小' : undefined },
      passed: { text: formatInt(r.passed), sort: r.passed },
      rate: { text: formatPercent(r.pass_rate), sort: r.pass_rate },
      ci: { text: formatInterval(r.ci_low, r.ci_high), sort: r.ci_low },
      position: r.position
        ? { text: POSITION_LABELS[r.position], badge: positionTone(r.position) ?? undefined, sort: ['below_998', 'below_95', 'within', 'above_95', 'above_998'].indexOf(r.position) }
        : { text: '—' },
      side: (() => {
        const href = r.school_id === null ? null : sideHref(String(r.school_id));
        return href ? { text: '加入 / 移出', href } : { text: '—' };
      })(),
    },
  }));
}

/** The over-dispersion estimates in words, and which limits are drawn. */
export function dispersionText(rows: readonly FunnelDispersionRow[], drawn: FunnelLimits): { estimate: string; counts: string; drawn: string } | null {
  const plain = rows.find((r) => r.limits === 'plain');
  if (!plain || plain.schools < 2 || plain.phi === null) return null;
  const i = plain.schools;
  const chi = `χ²(${formatInt(i - 1)}) 的 95% 分位 ${formatInt(Math.round(plain.chi2_95 ?? 0))}`;
  const phiLine = plain.phi_applied
    ? `φ̂ = ${plain.phi.toFixed(2)}（I·φ̂ = ${formatInt(Math.round(i * plain.phi))} 超过 ${chi}，院校间差异显著大于偶然；φ 调整把界限放宽 ${Math.sqrt(plain.phi).toFixed(2)} 倍）`
    : `φ̂ = ${plain.phi.toFixed(2)}（I·φ̂ 未超过 ${chi}，没有显著的过度离散：φ 调整不放宽界限）`;
  const tauLine = plain.tau2 > 0 ? `τ̂ = ${(Math.sqrt(plain.tau2) * 100).toFixed(1)} 个百分点（τ̂² = ${plain.tau2.toPrecision(3)}）` : 'τ̂² = 0（院校间没有多于偶然的差异）';
  const label = (l: FunnelLimits) => LIMIT_CHOICES.find((c) => c.value === l)!.label;
  const counts = rows.map((r) => `${label(r.limits)} ${formatInt(r.outside_95)} 所`).join(' · ');
  return {
    estimate: `过度离散：${phiLine}；${tauLine}。`,
    counts: `落在 95% 控制限外的院校：${counts}（共 ${formatInt(i)} 所）。`,
    drawn: `图中画的是${label(drawn)}的控制限。`,
  };
}

export interface CompareSummary {
  schools: number;
  candidates: number;
  passed: number;
  pooled: number | null;
  below: SchoolComparisonRow[];
  above: SchoolComparisonRow[];
  small: SchoolComparisonRow[];
}

export function summarise(rows: readonly SchoolComparisonRow[]): CompareSummary {
  const candidates = rows.reduce((s, r) => s + r.candidates, 0);
  const passed = rows.reduce((s, r) => s + r.passed, 0);
  const outside = rows.filter((r) => isOutside(r.position));
  return {
    schools: rows.length,
    candidates,
    passed,
    pooled: rows[0]?.pooled_rate ?? null,
    below: outside.filter((r) => r.position?.startsWith('below')).sort((a, b) => (a.pass_rate ?? 0) - (b.pass_rate ?? 0)),
    above: outside.filter((r) => r.position?.startsWith('above')).sort((a, b) => (b.pass_rate ?? 0) - (a.pass_rate ?? 0)),
    small: rows.filter((r) => r.small_sample),
  };
}

/** `中山火炬职业技术学院 70.0%（n=120，低于 99.8% 控制限）` */
export function namedSchool(r: SchoolComparisonRow): string {
  return `${r.school} ${formatPercent(r.pass_rate)}（${formatN(r.candidates)}${r.position ? `，${POSITION_LABELS[r.position]}` : ''}）`;
}

/** Side by side as a table: one row per certificate, one column per school (`94.0%（315/335）`). */
export function sideBySideTable(rows: readonly SchoolCertificateRow[]): { columns: GridColumn[]; rows: GridRow[] } {
  const g = groupRates(rows);
  const columns: GridColumn[] = [{ key: 'certificate', label: '证书' }, ...g.schools.map((s) => ({ key: `s${s.id}`, label: s.name, numeric: true }))];
  const out: GridRow[] = g.certificates.map((c, ci) => {
    const cells: GridRow['cells'] = { certificate: { text: c.name, href: `/certificates/${c.id}`, sort: ci } };
    g.schools.forEach((s, si) => {
      const row = g.cells[ci]?.[si] ?? null;
      cells[`s${s.id}`] = row
        ? { text: formatPercent(row.pass_rate), sub: `${formatInt(row.passed)}/${formatInt(row.candidates)} · ${formatInterval(row.ci_low, row.ci_high)}`, sort: row.pass_rate }
        : { text: '—', sort: null };
    });
    return { key: String(c.id), cells };
  });
  return { columns, rows: out };
}

/**
 * The funnel's points whose name contains `text` (spaces ignored, Latin case
 * ignored), biggest first, at most `max`: their indexes into `points`.
 * @example searchPoints([{ school: '广州城市职业学院', … }], '城市') // [0]
 */
export function searchPoints(points: readonly Pick<SchoolComparisonRow, 'school' | 'candidates'>[], text: string, max = 8): number[] {
  const q = text.replace(/\s+/g, '').toLowerCase();
  if (!q) return [];
  const hits: number[] = [];
  points.forEach((p, i) => {
    if (p.school && p.school.toLowerCase().includes(q)) hits.push(i);
  });
  return hits.sort((a, b) => points[b]!.candidates - points[a]!.candidates || a - b).slice(0, max);
}
