/**
 * The PNG renderer draws each chart with a subset of Noto Sans SC holding only
 * the characters in its SVG (server/charts/render.ts): much faster than the
 * whole 10 MB file with resvg-js 2.6, and pixel-identical to it.
 */
import { statSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { CJK_FONT_FILE, fontSubset, renderSvg, svgCharacters, svgToPng } from '../../server/charts/render.js';
import { buildChart } from '../../web/lib/charts/catalogue.js';

const ASCII = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join('');

describe('svgCharacters — the key of a font subset', () => {
  it('is every non-ASCII character of the SVG once, sorted, plus printable ASCII; character references are decoded', () => {
    const svg = `<svg xmlns="http://www.w3.org/2000/svg"><text>通过率 通过率</text><text>&#x5408;&#35745; &amp; 94.0%　n=335</text></svg>`;
    const chars = svgCharacters(svg);
    expect(chars).toBe([...'通过率合计　'].sort().join('') + ASCII);
    expect(svgCharacters('<svg/>')).toBe(ASCII);
  });
});

describe('fontSubset — the bundled font cut to a character set', () => {
  it('is a small TrueType font, made once for concurrent callers of the same set', async () => {
    const chars = svgCharacters('<text>各证书通过率（BIM）</text>');
    const [a, b] = await Promise.all([fontSubset(chars), fontSubset(chars)]);
    expect(a).toBe(b);
    expect(a.readUInt32BE(0)).toBe(0x00010000); // a TrueType sfnt
    expect(a.length).toBeLessThan(200_000);
    expect(a.length).toBeLessThan(statSync(CJK_FONT_FILE).size / 50);
  });
});

describe('svgToPng with the subset draws exactly what the whole font draws', () => {
  it('a chart with Chinese labels, digits and full-width punctuation: identical pixels', async () => {
    const rows = [
      { certificate: '智能财税', certificate_id: 26, candidates: 335, passed: 315, pass_rate: 315 / 335, ci_low: 0.9096, ci_high: 0.961, schools: 1 },
      { certificate: '建筑信息模型（BIM）', certificate_id: 31, candidates: 71, passed: 11, pass_rate: 11 / 71, ci_low: 0.0888, ci_high: 0.2565, schools: 1 },
      { certificate: 'Web 前端开发', certificate_id: 7, candidates: 120, passed: 87, pass_rate: 87 / 120, ci_low: 0.64, ci_high: 0.8, schools: 3 },
    ];
    const built = buildChart('pass_rate_by_certificate', { rows }, {}, { title: '各证书通过率', subtitle: '2020 年　来源：1+X 证书试点数据' });
    const svg = renderSvg(built.option, 700, built.height);
    const subset = await svgToPng(svg, { scale: 2 });
    const whole = await svgToPng(svg, { scale: 2, subset: false });
    expect([subset.width, subset.height]).toEqual([1400, built.height * 2]);
    expect([subset.width, subset.height]).toEqual([whole.width, whole.height]);
    expect(Buffer.compare(subset.pixels, whole.pixels)).toBe(0);
  });

  it('text with characters the SVG only holds as character references is drawn too', async () => {
    const svg = (text: string) => `<svg xmlns="http://www.w3.org/2000/svg" width="160" height="40"><text x="4" y="28" font-family="sans-serif" font-size="24">${text}</text></svg>`;
    const referenced = await svgToPng(svg('&#x5404;&#35777;&#x4E66;'), { scale: 1 }); // 各证书
    const plain = await svgToPng(svg('各证书'), { scale: 1, subset: false });
    expect(Buffer.compare(referenced.pixels, plain.pixels)).toBe(0);
  });

  describe('server charts from the default dataset', () => {
    let app: TestApp;
    beforeAll(async () => { app = await buildTestApp(); });
    afterAll(async () => app.close());

    it('GET /api/charts/pass_rate_by_certificate.png is the whole-font render of its SVG, pixel for pixel', async () => {
      const url = encodeURI('/api/charts/pass_rate_by_certificate.svg?year=2020&width=800');
      const svg = (await app.inject({ method: 'GET', url })).body;
      expect(svg).toContain('智能财税');
      const res = await app.inject({ method: 'GET', url: url.replace('.svg', '.png') });
      expect(res.statusCode).toBe(200);
      const whole = await svgToPng(svg, { scale: 2, subset: false });
      expect(Buffer.compare(res.rawPayload, whole.png)).toBe(0);
    });
  });
});
