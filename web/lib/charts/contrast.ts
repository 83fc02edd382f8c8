/**
 * Text colour by the fill behind it (WCAG 2.x relative luminance and contrast
 * ratio), and the colour a continuous visualMap gives a value, so a label on
 * a filled area can be chosen before ECharts paints it. Pure.
 */
export type Rgb = [number, number, number];

/** `#1e3a8a` / `#fff` → [30, 58, 138]. */
export function parseHex(hex: string): Rgb {
  const h = hex.replace('#', '');
  const full = h.length === 3 ? [...h].map((c) => c + c).join('') : h;
  return [0, 2, 4].map((i) => parseInt(full.slice(i, i + 2), 16)) as Rgb;
}

export function toHex(rgb: Rgb): string {
  return `#${rgb.map((v) => Math.round(Math.min(255, Math.max(0, v))).toString(16).padStart(2, '0')).join('')}`;
}

/** WCAG relative luminance, 0 (black) … 1 (white). */
export function relativeLuminance(color: string | Rgb): number {
  const [r, g, b] = (typeof color === 'string' ? parseHex(color) : color).map((v) => {
    const c = v / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as Rgb;
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG contrast ratio, 1 … 21. @example contrastRatio('#ffffff', '#000000') // 21 */
export function contrastRatio(a: string | Rgb, b: string | Rgb): number {
  const la = relativeLuminance(a);
  const lb = relativeLuminance(b);
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

/** WCAG AA for normal text. */
export const AA = 4.5;

/**
 * The first candidate text colour (in order of preference) that reaches
 * `min` contrast on `fill`; if none does, the one with the highest contrast.
 * White or black always reaches 4.58 on any fill, so list both last.
 */
export function readableOn(fill: string | Rgb, candidates: readonly string[], min = AA): string {
  const ok = candidates.find((c) => contrastRatio(c, fill) >= min);
  if (ok) return ok;
  let best = candidates[0] ?? '#000000';
  for (const c of candidates) if (contrastRatio(c, fill) > contrastRatio(best, fill)) best = c;
  return best;
}

/** Body text, then white, then black: the label colours of filled areas. */
export const LABEL_COLORS = ['#1f2937', '#ffffff', '#000000'] as const;

/**
 * The colour a continuous visualMap with evenly spaced `stops` gives `value`
 * in [min, max]: linear in RGB between the two neighbouring stops, as ECharts does.
 */
export function rampColor(stops: readonly string[], value: number, min: number, max: number): string {
  if (stops.length === 0) return '#000000';
  const t = max > min ? Math.min(1, Math.max(0, (value - min) / (max - min))) : 0;
  const pos = t * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(pos));
  if (i < 0) return stops[0]!;
  const a = parseHex(stops[i]!);
  const b = parseHex(stops[i + 1]!);
  const f = pos - i;
  return toHex([a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f, a[2] + (b[2] - a[2]) * f]);
}
