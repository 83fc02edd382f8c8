/**
 * Bench section "chart-png": server PNG rendering (GET /api/charts/:chart.png
 * without its PNG cache) of real charts from the default dataset at scale 2 —
 * the way it is now (resvg with a subset of Noto Sans SC holding the SVG's
 * characters, subset made anew for each render: a first request) against the
 * old way (resvg with the whole 10 MB font file), side by side in one run,
 * best of 2 each, with the ratio. Each pair is also checked to be
 * pixel-identical.
 *
 * Run alone: `npx tsx test/bench/chart-png.ts`.
 */
import type { BenchContext } from './context.js';
import { fileURLToPath } from 'node:url';
import { buildTestApp } from '../helpers/app.js';
import { clearFontSubsets, svgToPng, type Raster } from '../../server/charts/render.js';

/** Charts of the catalogue with the default dataset: few to many text runs, a bar chart to a map. */
const CHARTS = [
  '/api/charts/pass_rate_by_certificate.svg?year=2020',
  '/api/charts/trainees_by_college.svg',
  '/api/charts/school_funnel.svg',
  '/api/charts/school_ranking.svg',
  '/api/charts/quota_stated.svg',
  '/api/charts/city_quotas.svg?province=浙江省',
  '/api/charts/quota_map.svg?province=浙江省',
];
const SCALE = 2;

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await fn();
  return { ms: performance.now() - start, value };
}

/** The charts are of the default dataset whatever the scale: the work is per render, not per row. */
export async function chartPngSection(ctx?: BenchContext): Promise<void> {
  const app = await buildTestApp();
  const svgs: { name: string; svg: string }[] = [];
  try {
    // At --scale small (CI) two charts prove the section runs; the whole-font renders take seconds each.
    for (const url of ctx?.scale === 'small' ? CHARTS.slice(0, 2) : CHARTS) {
      const res = await app.inject({ method: 'GET', url: encodeURI(url) });
      if (res.statusCode !== 200) throw new Error(`${url}: HTTP ${res.statusCode} ${res.body}`);
      svgs.push({ name: decodeURI(url.replace('/api/charts/', '').replace('.svg', '')), svg: res.body });
    }
  } finally {
    await app.close();
  }
  console.log(`\n== chart-png: ${svgs.length} server charts (default dataset) to PNG at scale ${SCALE}, best of 2 each`);

  // Warm-up outside the timings: resvg's module, harfbuzz's wasm.
  const tiny = '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><text x="2" y="16">图 1</text></svg>';
  await svgToPng(tiny, { scale: 1 });
  await svgToPng(tiny, { scale: 1, subset: false });

  // Wide (CJK) characters take two columns.
  const pad = (s: string, n: number) => s.padEnd(n - (s.match(/[\u3000-\uffff]/g) ?? []).length);
  const num = (v: number) => `${v.toFixed(0)} ms`;
  console.log(`${pad('chart', 40)}${pad('texts', 7)}${'whole font'.padStart(11)}${'subset'.padStart(9)}${'ratio'.padStart(8)}`);
  let oldTotal = 0;
  let newTotal = 0;
  for (const { name, svg } of svgs) {
    const oldRuns: Awaited<ReturnType<typeof timed<Raster>>>[] = [];
    const newRuns: typeof oldRuns = [];
    const subset = async () => {
      clearFontSubsets(); // a first render: the subset is made too
      newRuns.push(await timed(() => svgToPng(svg, { scale: SCALE })));
    };
    const whole = async () => oldRuns.push(await timed(() => svgToPng(svg, { scale: SCALE, subset: false })));
    await subset();
    await whole();
    await whole();
    await subset();
    const [a, b] = [newRuns[0]!.value, oldRuns[0]!.value];
    if (a.width !== b.width || a.height !== b.height || Buffer.compare(a.pixels, b.pixels) !== 0) throw new Error(`${name}: the subset render differs from the whole-font render`);
    const o = Math.min(...oldRuns.map((r) => r.ms));
    const n = Math.min(...newRuns.map((r) => r.ms));
    oldTotal += o;
    newTotal += n;
    const texts = (svg.match(/<text\b/g) ?? []).length;
    console.log(`${pad(name, 40)}${pad(String(texts), 7)}${num(o).padStart(11)}${num(n).padStart(9)}${`${(o / n).toFixed(1)}×`.padStart(8)}`);
  }
  console.log(`${pad('per render, mean', 47)}${num(oldTotal / svgs.length).padStart(11)}${num(newTotal / svgs.length).padStart(9)}`);
  console.log(`${pad('ratio whole font / subset (all charts)', 67)}${`${(oldTotal / newTotal).toFixed(1)}×`.padStart(8)}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await chartPngSection();
}
