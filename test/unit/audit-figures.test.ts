/** The figures `npm run audit:pages` takes from a Lighthouse result (test/audit/figures.ts). */
import { describe, expect, it } from 'vitest';
import { median, summarise } from '../audit/figures.js';

describe('median', () => {
  it.each([
    [[3, 1, 2], 2],
    [[90, 70], 80],
    [[0.19, 0.02, 0.02], 0.02],
    [[5], 5],
  ])('median(%j) = %d', (values, expected) => {
    expect(median(values)).toBe(expected);
  });
});

describe('summarise', () => {
  it('reads scores ×100, the metrics, JS transfer bytes and the failing audits that count', () => {
    const lhr = {
      categories: {
        performance: { score: 0.914, auditRefs: [] },
        accessibility: { score: 0.96, auditRefs: [{ id: 'color-contrast', weight: 7 }, { id: 'image-alt', weight: 10 }, { id: 'tabindex', weight: 0 }] },
        'best-practices': { score: 1, auditRefs: [{ id: 'errors-in-console', weight: 1 }] },
      },
      audits: {
        'color-contrast': { score: 0 },
        'image-alt': { score: null },
        tabindex: { score: 0 },
        'errors-in-console': { score: 1 },
        'cumulative-layout-shift': { score: 0.9, numericValue: 0.194 },
        'largest-contentful-paint': { score: 1, numericValue: 1203 },
        'total-blocking-time': { score: 0.5, numericValue: 393 },
        'network-requests': {
          score: null,
          details: { items: [{ resourceType: 'Script', transferSize: 2048 }, { resourceType: 'Document', transferSize: 9000 }, { resourceType: 'Script', transferSize: 1024 }] },
        },
      },
    };
    expect(summarise(lhr)).toEqual({ performance: 91, accessibility: 96, bestPractices: 100, cls: 0.194, lcpMs: 1203, tbtMs: 393, jsKiB: 3, failing: ['color-contrast'] });
  });
});
