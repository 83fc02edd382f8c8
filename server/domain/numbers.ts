/**
 * Reading figures as reports print them. A count must be a whole, non-negative
 * number; a rate may be `94%`, `80.8%`, `0.94` or `94`.
 */

/** Folds full-width digits and punctuation, drops thousands separators and spaces. */
export function cleanNumberText(text: string): string {
  return text.normalize('NFKC').replace(/[\s,，]/g, '').replace(/人$/, '');
}

export type ParsedCount = { ok: true; value: number } | { ok: false; reason: 'empty' | 'not_a_number' | 'negative' | 'not_integer'; value?: number };

/**
 * @example parseCount('1,479') // { ok: true, value: 1479 }
 * @example parseCount('91 人') // { ok: true, value: 91 }
 * @example parseCount('12.5') // { ok: false, reason: 'not_integer', value: 12.5 }
 */
export function parseCount(text: string | null | undefined): ParsedCount {
  if (text === null || text === undefined || text.trim() === '') return { ok: false, reason: 'empty' };
  const clean = cleanNumberText(text);
  if (!/^-?\d+(\.\d+)?$/.test(clean)) return { ok: false, reason: 'not_a_number' };
  const value = Number(clean);
  if (value < 0) return { ok: false, reason: 'negative', value };
  if (!Number.isInteger(value)) return { ok: false, reason: 'not_integer', value };
  return { ok: true, value };
}

export interface ParsedRate {
  /** As a fraction: 0.808 */
  value: number;
  /** Decimal places of the printed percentage (80.8% → 1), for the rounding check. */
  percentDecimals: number;
}

/**
 * @example parseRate('80.8%') // { value: 0.808, percentDecimals: 1 }
 * @example parseRate('99%') // { value: 0.99, percentDecimals: 0 }
 * @example parseRate('0.9403') // { value: 0.9403, percentDecimals: 2 }
 */
export function parseRate(text: string | null | undefined): ParsedRate | null {
  if (text === null || text === undefined || text.trim() === '') return null;
  const clean = cleanNumberText(text);
  const pct = /^(-?\d+(?:\.(\d+))?)%$/.exec(clean);
  if (pct) return { value: Number(pct[1]) / 100, percentDecimals: pct[2]?.length ?? 0 };
  const plain = /^(-?\d+(?:\.(\d+))?)$/.exec(clean);
  if (!plain) return null;
  const n = Number(plain[1]);
  const decimals = plain[2]?.length ?? 0;
  // A bare number above 1 is a percentage written without its sign.
  if (n > 1) return { value: n / 100, percentDecimals: decimals };
  return { value: n, percentDecimals: Math.max(0, decimals - 2) };
}

/** Whether a stated rate agrees with passed ÷ candidates, allowing the report's rounding. */
export function rateAgrees(stated: ParsedRate, passed: number, candidates: number): boolean {
  if (candidates <= 0) return false;
  const actualPercent = (passed / candidates) * 100;
  const halfUnit = 0.5 * 10 ** -stated.percentDecimals;
  return Math.abs(actualPercent - stated.value * 100) <= halfUnit + 1e-9;
}

/** @example formatPercent(0.53226, 1) // '53.2%' */
export function formatPercent(fraction: number, decimals = 1): string {
  return `${(fraction * 100).toFixed(decimals)}%`;
}
