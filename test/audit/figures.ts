/** The figures `npm run audit:pages` reads from one Lighthouse result, and the median it reports. */

export interface RunFigures {
  performance: number;
  accessibility: number;
  bestPractices: number;
  cls: number;
  lcpMs: number;
  tbtMs: number;
  /** JavaScript bytes over the wire (Lighthouse's transfer sizes of Script requests), KiB. */
  jsKiB: number;
  /** Audits that failed in the accessibility and best-practices categories (ids), to fix. */
  failing: string[];
}

interface Lhr {
  /** Set when Lighthouse could not measure the page (scores are then 0). */
  runtimeError?: { code: string; message?: string };
  categories: Record<string, { score: number | null; auditRefs: { id: string; weight: number }[] }>;
  audits: Record<string, { score: number | null; numericValue?: number; details?: { type?: string; items?: unknown[] } }>;
}

const score = (lhr: Lhr, id: string) => Math.round((lhr.categories[id]?.score ?? 0) * 100);

export function summarise(lhr: Lhr): RunFigures {
  const requests = (lhr.audits['network-requests']?.details?.items ?? []) as { resourceType?: string; transferSize?: number }[];
  const jsBytes = requests.filter((r) => r.resourceType === 'Script').reduce((sum, r) => sum + (r.transferSize ?? 0), 0);
  const failing = ['accessibility', 'best-practices'].flatMap((cat) =>
    (lhr.categories[cat]?.auditRefs ?? []).filter((ref) => ref.weight > 0 && lhr.audits[ref.id]?.score !== null && (lhr.audits[ref.id]?.score ?? 1) < 1).map((ref) => ref.id),
  );
  return {
    performance: score(lhr, 'performance'),
    accessibility: score(lhr, 'accessibility'),
    bestPractices: score(lhr, 'best-practices'),
    cls: lhr.audits['cumulative-layout-shift']?.numericValue ?? 0,
    lcpMs: lhr.audits['largest-contentful-paint']?.numericValue ?? 0,
    tbtMs: lhr.audits['total-blocking-time']?.numericValue ?? 0,
    jsKiB: jsBytes / 1024,
    failing: lhr.runtimeError ? [`runtime error ${lhr.runtimeError.code}`, ...failing] : failing,
  };
}

/**
 * The middle value (mean of the two middle ones for an even count).
 * @example median([3, 1, 2]) // 2
 */
export function median(values: number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
