/**
 * Number formatting for Chinese readers (zh-CN grouping, 万/亿 for large
 * counts, rates as percentages with one decimal). Every function answers `—`
 * for a missing figure, so a null in the data never prints as 0 or NaN.
 */

/** What every formatter prints for a missing value. */
export const MISSING = '—';

const intFormat = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 0 });
const percentFormat = new Intl.NumberFormat('zh-CN', {
  style: 'percent',
  minimumFractionDigits: 1,
  maximumFractionDigits: 1,
});
const tenThousandsFormat = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 1 });

function isNumber(value: number | null | undefined): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/**
 * A whole number with thousands grouping.
 * @example formatInt(1479) // '1,479'
 * @example formatInt(null) // '—'
 */
export function formatInt(value: number | null | undefined): string {
  return isNumber(value) ? intFormat.format(value) : MISSING;
}

/**
 * A rate (0–1) as a percentage, always with one decimal.
 * @example formatPercent(0.80122) // '80.1%'
 * @example formatPercent(1) // '100.0%'
 */
export function formatPercent(value: number | null | undefined): string {
  return isNumber(value) ? percentFormat.format(value) : MISSING;
}

/**
 * A 95% interval of a rate, as two percentages joined by an en dash.
 * @example formatInterval(0.7801, 0.8208) // '78.0%–82.1%'
 */
export function formatInterval(low: number | null | undefined, high: number | null | undefined): string {
  if (!isNumber(low) || !isNumber(high)) return MISSING;
  return `${percentFormat.format(low)}–${percentFormat.format(high)}`;
}

/**
 * A count for a headline or an axis: grouped digits below 100 000, then 万
 * (one decimal at most), then 亿.
 * @example formatCount(1479) // '1,479'
 * @example formatCount(123456) // '12.3万'
 * @example formatCount(250000000) // '2.5亿'
 */
export function formatCount(value: number | null | undefined): string {
  if (!isNumber(value)) return MISSING;
  const abs = Math.abs(value);
  if (abs >= 100_000_000) return `${tenThousandsFormat.format(value / 100_000_000)}亿`;
  if (abs >= 100_000) return `${tenThousandsFormat.format(value / 10_000)}万`;
  return intFormat.format(value);
}

/**
 * A sample size, as printed beside every rate.
 * @example formatN(335) // 'n=335'
 * @example formatN(1479) // 'n=1,479'
 */
export function formatN(value: number | null | undefined): string {
  return `n=${formatInt(value)}`;
}

/**
 * A difference of two rates in percentage points, signed, one decimal.
 * @example formatPercentPoints(-0.1234) // '−12.3 个百分点'
 * @example formatPercentPoints(0.05) // '+5.0 个百分点'
 */
export function formatPercentPoints(value: number | null | undefined): string {
  if (!isNumber(value)) return MISSING;
  const points = Math.round(value * 1000) / 10;
  const sign = points > 0 ? '+' : points < 0 ? '−' : '±';
  return `${sign}${Math.abs(points).toFixed(1)} 个百分点`;
}
