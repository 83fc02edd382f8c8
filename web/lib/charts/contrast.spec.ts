import { describe, expect, it } from 'vitest';
import { LABEL_COLORS, contrastRatio, rampColor, readableOn, relativeLuminance } from './contrast';
import { HEAT_COLORS } from './city-quotas';
import { TEXT } from './theme';
import { areaFill, buildQuotaMapOption } from './quota-map';
import type { CityQuotaTotalRow } from '../queries';

describe('WCAG luminance and contrast — worked figures', () => {
  it.each([
    ['#ffffff', 1],
    ['#000000', 0],
    ['#808080', 0.2159],
    ['#2563eb', 0.1532],
  ])('relativeLuminance(%s) = %f', (hex, l) => expect(relativeLuminance(hex)).toBeCloseTo(l, 4));

  it.each([
    ['#ffffff', '#000000', 21],
    ['#777777', '#ffffff', 4.48],
    ['#1f2937', '#ffffff', 14.68],
  ])('contrastRatio(%s, %s) = %f', (a, b, r) => expect(contrastRatio(a, b)).toBeCloseTo(r, 2));
});

describe('readableOn — at any fill, one of the label colours reaches AA', () => {
  it.each(Array.from({ length: 21 }, (_, i) => i / 20))('heat ramp at t = %f', (t) => {
    const fill = rampColor(HEAT_COLORS, t, 0, 1);
    expect(contrastRatio(readableOn(fill, LABEL_COLORS), fill)).toBeGreaterThanOrEqual(4.5);
  });
});

describe('rampColor — the visualMap heat ramp (4 evenly spaced stops)', () => {
  it.each([
    [0, '#f1f6ff'],
    [1 / 3, '#9cc0fa'],
    [2 / 3, '#2563eb'],
    [1, '#1e3a8a'],
    [1 / 6, '#c7dbfd'],
    [2, '#1e3a8a'],
  ])('t = %f → %s', (t, hex) => expect(rampColor(HEAT_COLORS, t, 0, 1)).toBe(hex));
});

// 浙江省 2021 (seed 003 annex 2): the light cities of issue 14 — 湖州 37, 衢州 31, 丽水 33, 舟山 20 — beside 杭州 86.
const row = (city: string, quota: number): CityQuotaTotalRow => ({ city, quota, stated: quota, difference: 0, share: null, city_order: null, years: '2021' });
const ZJ = [row('杭州市', 86), row('宁波市', 86), row('温州市', 70), row('嘉兴市', 52), row('湖州市', 37), row('绍兴市', 51), row('金华市', 59), row('衢州市', 31), row('舟山市', 20), row('台州市', 65), row('丽水市', 33)];

describe('quota map labels — colour by the fill’s luminance (issue 14)', () => {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const data = (buildQuotaMapOption(ZJ, 'xpilot:浙江省') as any).series[0].data as { name: string; value: number; label: { color: string } }[];

  it('the light cities get dark text without a white halo (the halo is what read as a white label)', () => {
    for (const city of ['湖州市', '衢州市', '丽水市', '舟山市']) {
      const label = (data.find((d) => d.name === city)! as unknown as { label: { color: string; textBorderWidth: number } }).label;
      expect(label.color, city).toBe(TEXT);
      expect(label.textBorderWidth, city).toBe(0);
    }
  });

  it('a mid-ramp fill (嘉兴 52 of 86) reaches AA with neither body text nor white: black', () => {
    expect(data.find((d) => d.name === '嘉兴市')!.label.color).toBe('#000000');
  });

  it('every label meets WCAG AA (4.5 : 1) on its own fill, preferring body text, then white', () => {
    for (const d of data) {
      const fill = areaFill(d.value, 86);
      expect(contrastRatio(d.label.color, fill), d.name).toBeGreaterThanOrEqual(4.5);
      expect(d.label.color).toBe(readableOn(fill, LABEL_COLORS));
    }
  });
});
