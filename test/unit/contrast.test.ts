/**
 * Text colours meet WCAG AA (4.5 : 1 for normal text) on every ground they are
 * drawn on: the app's colour variables (web/app.css) on the page, card and
 * table-header greys, and the charts' text colours (web/lib/charts/theme.ts)
 * on the chart's white. Lighthouse flagged #6b7280 on #f3f4f6 (4.39 : 1).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../server/config.js';
import { BACKGROUND, TEXT, TEXT_MUTED, WARNING } from '../../web/lib/charts/theme.js';
import { POOLED_COLOR } from '../../web/lib/charts/pass-rate-by-certificate.js';

/** WCAG 2 contrast ratio of two #rrggbb colours. */
export function contrast(a: string, b: string): number {
  const luminance = (hex: string) => {
    const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

const css = readFileSync(join(ROOT, 'web', 'app.css'), 'utf8');
const root = css.slice(css.indexOf(':root'), css.indexOf('}', css.indexOf(':root')));
const variable = (name: string) => {
  const m = root.match(new RegExp(`--${name}:\\s*(#[0-9a-fA-F]{6})`));
  if (!m) throw new Error(`--${name} is not a #rrggbb colour in web/app.css`);
  return m[1]!;
};

describe('contrast', () => {
  it.each([
    ['#6b7280', '#f3f4f6', 4.39],
    ['#ffffff', '#2563eb', 5.17],
    ['#000000', '#ffffff', 21],
  ])('%s on %s is %d : 1', (fg, bg, ratio) => {
    expect(contrast(fg, bg)).toBeCloseTo(ratio, 2);
  });
});

describe('WCAG AA text colours', () => {
  const grounds = { page: variable('bg'), card: variable('card'), 'table header': '#f8fafc', 'preview header': '#f9fafb', 'accent soft': variable('accent-soft') };
  it.each(['text', 'muted', 'faint', 'accent', 'accent-strong', 'warning', 'danger'])('--%s is ≥ 4.5 : 1 on every ground', (name) => {
    const fg = variable(name);
    for (const [ground, bg] of Object.entries(grounds)) expect({ ground, ratio: Math.round(contrast(fg, bg) * 100) / 100 }).toEqual({ ground, ratio: expect.toSatisfy((r: number) => r >= 4.5) });
  });

  it('white on the accent button', () => {
    expect(contrast('#ffffff', variable('accent'))).toBeGreaterThanOrEqual(4.5);
  });

  it.each([
    ['TEXT', TEXT],
    ['TEXT_MUTED', TEXT_MUTED],
    ['WARNING', WARNING],
    ['POOLED_COLOR', POOLED_COLOR],
  ])('chart text %s is ≥ 4.5 : 1 on the chart background', (_name, colour) => {
    expect(contrast(colour, BACKGROUND)).toBeGreaterThanOrEqual(4.5);
  });
});
