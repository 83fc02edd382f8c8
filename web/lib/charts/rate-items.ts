/**
 * The rows of the named queries as rate-bar items (see rate-bars.ts): schools
 * on one certificate, a school's certificates against the province, and a
 * certificate's levels. Pure.
 */
import type { PassRateByCertificateLevelRow, SchoolBenchmarkRow, SchoolComparisonRow } from '../queries';
import { formatN, formatPercent, formatPercentPoints } from '../format';
import type { RateItem, RateTone } from './rate-bars';
import { POSITION_LABELS } from './funnel-plot';

export function positionTone(position: SchoolComparisonRow['position']): RateTone {
  if (position === 'below_95' || position === 'below_998') return 'below';
  if (position === 'above_95' || position === 'above_998') return 'above';
  return 'neutral';
}

/** Schools on one certificate; the tone is the school's place against the funnel's 95% limits. */
export function schoolRateItems(rows: readonly SchoolComparisonRow[]): RateItem[] {
  return rows.map((r) => ({
    label: r.school,
    candidates: r.candidates,
    passed: r.passed,
    rate: r.pass_rate,
    ciLow: r.ci_low,
    ciHigh: r.ci_high,
    tone: positionTone(r.position),
    notes: [r.position ? `漏斗图：${POSITION_LABELS[r.position]}` : '', [r.city, r.school_type].filter(Boolean).join(' · ')].filter(Boolean),
  }));
}

/** What the difference to the province says, e.g. `比省内其他院校低 12.3 个百分点（95% 区间 −20.1 至 −4.2）`. */
export function verdictText(row: Pick<SchoolBenchmarkRow, 'verdict' | 'diff' | 'diff_low' | 'diff_high' | 'others_candidates'>): string {
  if (row.verdict === 'no_comparison') return '省内没有其他院校的同证书数据，无法比较';
  const range = `95% 区间 ${formatPercentPoints(row.diff_low)} 至 ${formatPercentPoints(row.diff_high)}`;
  const diff = formatPercentPoints(row.diff);
  if (row.verdict === 'below') return `显著低于省内其他院校：差 ${diff}（${range}）`;
  if (row.verdict === 'above') return `显著高于省内其他院校：差 ${diff}（${range}）`;
  return `与省内其他院校差异不显著：差 ${diff}（${range}）`;
}

export const VERDICT_LABELS: Record<SchoolBenchmarkRow['verdict'], string> = {
  below: '显著低于',
  above: '显著高于',
  no_difference: '差异不显著',
  no_comparison: '无可比数据',
};

function benchmarkTone(verdict: SchoolBenchmarkRow['verdict']): RateTone {
  return verdict === 'below' ? 'below' : verdict === 'above' ? 'above' : 'neutral';
}

/** A school's certificates (or levels) with the province's pooled rate as the ◆ benchmark. */
export function benchmarkItems(rows: readonly SchoolBenchmarkRow[]): RateItem[] {
  const years = new Set(rows.map((r) => r.year));
  return rows.map((r) => {
    const name = r.level ? `${r.certificate} · ${r.level}` : r.certificate;
    const label = years.size > 1 ? `${name}（${r.year}）` : name;
    const province = r.province_rate === null ? '' : `全省（含本校，${r.province_schools ?? 0} 所）：${formatPercent(r.province_rate)}`;
    return {
      label,
      candidates: r.candidates,
      passed: r.passed,
      rate: r.pass_rate,
      ciLow: r.ci_low,
      ciHigh: r.ci_high,
      tone: benchmarkTone(r.verdict),
      benchmark: r.province_rate,
      benchmarkN: r.province_candidates,
      notes: [province, r.others_rate === null ? '' : `省内其他院校：${formatPercent(r.others_rate)}（${formatN(r.others_candidates)}）`, verdictText(r)].filter(Boolean),
    };
  });
}

/** A certificate's levels; unsplit results read 未分等级. */
export function levelItems(rows: readonly PassRateByCertificateLevelRow[]): RateItem[] {
  return rows.map((r) => ({
    label: r.level ?? '未分等级',
    candidates: r.candidates,
    passed: r.passed,
    rate: r.pass_rate,
    ciLow: r.ci_low,
    ciHigh: r.ci_high,
  }));
}
