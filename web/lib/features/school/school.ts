/**
 * A school's page for its dean: the tables beside the charts and "what to fix
 * first". Plain functions over the named queries' rows.
 */
import { findingAction } from '../../../../server/domain/findings-registry';
import type { ApplicationsByBatchRow, SchoolBenchmarkRow, SchoolFindingRow, SchoolTeacherRow } from '../../queries';
import { formatInt, formatInterval, formatN, formatPercent, formatPercentPoints } from '../../format';
import { VERDICT_LABELS } from '../../charts/rate-items';
import { batchLabels } from '../../charts/applications-by-batch';
import type { GridColumn, GridRow, Tone } from '../../components/grid';

const verdictTone = (v: SchoolBenchmarkRow['verdict']): Tone | undefined => (v === 'below' ? 'bad' : v === 'above' ? 'good' : v === 'no_difference' ? 'info' : undefined);

export function benchmarkColumns(rows: readonly SchoolBenchmarkRow[], byLevel = false): GridColumn[] {
  const years = new Set(rows.map((r) => r.year)).size > 1;
  return [
    { key: 'certificate', label: '证书' },
    ...(byLevel ? [{ key: 'level', label: '等级' }] : []),
    ...(years ? [{ key: 'year', label: '年份', numeric: true }] : []),
    { key: 'candidates', label: '考证人数', numeric: true },
    { key: 'passed', label: '通过人数', numeric: true },
    { key: 'rate', label: '通过率', numeric: true },
    { key: 'ci', label: '95% 区间', numeric: true },
    { key: 'province', label: '全省合并通过率', numeric: true, title: '同省、同证书、同年份（含本校）' },
    { key: 'diff', label: '与省内其他院校之差', numeric: true, title: '本校 − 省内其他院校，95% Newcombe 区间' },
    { key: 'verdict', label: '结论' },
  ];
}

export function benchmarkRows(rows: readonly SchoolBenchmarkRow[]): GridRow[] {
  return rows.map((r) => ({
    key: `${r.year}:${r.certificate_id}:${r.level ?? ''}`,
    tone: r.verdict === 'below' ? 'bad' : r.verdict === 'above' ? 'good' : null,
    cells: {
      certificate: { text: r.certificate, href: `/certificates/${r.certificate_id}`, sort: r.certificate },
      level: { text: r.level ?? '未分等级' },
      year: { text: String(r.year), sort: r.year },
      candidates: { text: formatInt(r.candidates), sort: r.candidates, sub: r.candidates < 30 ? '样本小' : undefined },
      passed: { text: formatInt(r.passed), sort: r.passed },
      rate: { text: formatPercent(r.pass_rate), sort: r.pass_rate },
      ci: { text: formatInterval(r.ci_low, r.ci_high), sort: r.ci_low },
      province: {
        text: formatPercent(r.province_rate),
        sort: r.province_rate,
        sub: r.province_candidates === null ? undefined : `${formatN(r.province_candidates)}，${formatInt(r.province_schools)} 所`,
      },
      diff:
        r.diff === null
          ? { text: '—', sort: null, sub: '省内无其他院校' }
          : { text: formatPercentPoints(r.diff), sort: r.diff, sub: `${formatPercentPoints(r.diff_low)} 至 ${formatPercentPoints(r.diff_high)}` },
      verdict: { text: VERDICT_LABELS[r.verdict], badge: verdictTone(r.verdict), sort: ['below', 'no_difference', 'above', 'no_comparison'].indexOf(r.verdict) },
    },
  }));
}

export interface Priority {
  kind: 'below_province' | 'below_school';
  row: SchoolBenchmarkRow;
}

/**
 * What to look at first: the certificates significantly below the other
 * schools of the province (largest gap first); when the province gives no
 * comparison, the certificates whose whole 95% interval lies below the
 * school's own pooled rate (lowest first). At most `max`.
 */
export function priorities(rows: readonly SchoolBenchmarkRow[], schoolRate: number | null, max = 5): Priority[] {
  const below = rows.filter((r) => r.verdict === 'below').sort((a, b) => (a.diff ?? 0) - (b.diff ?? 0));
  if (below.length) return below.slice(0, max).map((row) => ({ kind: 'below_province', row }));
  if (schoolRate === null) return [];
  return rows
    .filter((r) => r.ci_high !== null && r.ci_high < schoolRate)
    .sort((a, b) => (a.pass_rate ?? 0) - (b.pass_rate ?? 0) || b.candidates - a.candidates)
    .slice(0, max)
    .map((row) => ({ kind: 'below_school', row }));
}

/** `建筑信息模型（BIM）15.5%（11/71，95% 区间 8.9%–25.7%）` */
export function priorityText(p: Priority): string {
  const r = p.row;
  const base = `${r.certificate}${r.level ? ` · ${r.level}` : ''} ${formatPercent(r.pass_rate)}（${formatInt(r.passed)}/${formatInt(r.candidates)}，95% 区间 ${formatInterval(r.ci_low, r.ci_high)}）`;
  return p.kind === 'below_province' ? `${base}，比省内其他院校低 ${formatPercentPoints(r.diff).replace(/^−/, '')}` : base;
}

export const TEACHER_COLUMNS: GridColumn[] = [
  { key: 'certificate', label: '证书' },
  { key: 'teachers', label: '培训教师人数', numeric: true },
  { key: 'assessors', label: '考评员人数', numeric: true },
  { key: 'candidates', label: '考证人数', numeric: true },
  { key: 'rate', label: '通过率', numeric: true },
  { key: 'ci', label: '95% 区间', numeric: true },
];

export function teacherRows(rows: readonly SchoolTeacherRow[]): GridRow[] {
  return rows.map((r) => ({
    key: `${r.year}:${r.certificate_id}`,
    cells: {
      certificate: { text: r.certificate, href: `/certificates/${r.certificate_id}`, sort: r.certificate },
      teachers: { text: formatInt(r.teachers_trained), sort: r.teachers_trained },
      assessors: { text: formatInt(r.assessors), sort: r.assessors },
      candidates: { text: formatInt(r.candidates), sort: r.candidates },
      rate: { text: formatPercent(r.pass_rate), sort: r.pass_rate },
      ci: { text: formatInterval(r.ci_low, r.ci_high), sort: r.ci_low },
    },
  }));
}

export const APPLICATION_COLUMNS: GridColumn[] = [
  { key: 'batch', label: '申报批次', sortable: false },
  { key: 'pilots', label: '试点数', numeric: true, sortable: false },
  { key: 'requested', label: '申请培训人数', numeric: true, sortable: false },
  { key: 'approved', label: '批准培训人数', numeric: true, sortable: false },
  { key: 'over', label: '批准多于申请的试点', numeric: true, sortable: false },
];

export function applicationRows(rows: readonly ApplicationsByBatchRow[]): GridRow[] {
  const labels = batchLabels(rows);
  return rows.map((r, i) => ({
    key: `${r.school_id}:${r.year}:${r.batch}`,
    tone: r.approved_over_requested > 0 ? 'warn' : null,
    cells: {
      batch: { text: labels[i] ?? '' },
      pilots: { text: formatInt(r.pilots) },
      requested: { text: formatInt(r.requested) },
      approved: { text: formatInt(r.approved) },
      over: { text: r.approved_over_requested ? formatInt(r.approved_over_requested) : '—' },
    },
  }));
}

export function applicationFooter(rows: readonly ApplicationsByBatchRow[]): GridRow[] {
  if (!rows.length) return [];
  const sum = (k: 'pilots' | 'requested' | 'approved' | 'approved_over_requested') => rows.reduce((s, r) => s + (r[k] ?? 0), 0);
  return [
    {
      key: 'total',
      cells: {
        batch: { text: '合计' },
        pilots: { text: formatInt(sum('pilots')) },
        requested: { text: formatInt(sum('requested')) },
        approved: { text: formatInt(sum('approved')) },
        over: { text: formatInt(sum('approved_over_requested')) },
      },
    },
  ];
}

export const SEVERITY_LABELS: Record<string, { text: string; tone: Tone }> = {
  error: { text: '错误', tone: 'bad' },
  warning: { text: '警告', tone: 'warn' },
  info: { text: '提示', tone: 'info' },
};

export const FINDING_COLUMNS: GridColumn[] = [
  { key: 'message', label: '说明（来源）' },
  { key: 'severity', label: '严重程度' },
  { key: 'printed', label: '原文 → 核对', wrap: true },
];

export function findingRows(rows: readonly SchoolFindingRow[]): GridRow[] {
  return rows.map((r, i) => {
    const sev = SEVERITY_LABELS[r.severity] ?? { text: r.severity, tone: 'info' as Tone };
    return {
      key: `${i}`,
      cells: {
        message: { text: r.message, sub: [r.place, findingAction(r.code)?.title].filter(Boolean).join(' · ') },
        severity: { text: sev.text, badge: sev.tone, sort: ['error', 'warning', 'info'].indexOf(r.severity) },
        printed: { text: r.printed_value || r.expected_value ? `${r.printed_value ?? '—'} → ${r.expected_value ?? '—'}` : '—' },
      },
    };
  });
}
