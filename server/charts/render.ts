/**
 * Server-side chart rendering: ECharts SSR to an SVG string, then resvg to
 * PNG with the Simplified Chinese font that ships with npm
 * (@expo-google-fonts/noto-sans-sc, Noto Sans SC Regular) and no system fonts,
 * so a machine without any CJK font still draws Chinese — never boxes.
 *
 * resvg-js 2.6.x takes fonts only as file paths, and its font database reads
 * the whole file again each time it needs the font's data — hundreds of times
 * per chart, 10 MB each for this font (0.3–3 s per PNG). So each PNG is drawn
 * with a subset of the font holding just the characters in its SVG (harfbuzz's
 * hb-subset via subset-font, all layout features kept: the same glyphs, the
 * same shaping, pixel-identical PNGs), written to a temporary file for that
 * one render and removed right after it.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as echarts from 'echarts';
import { Resvg, type ResvgRenderOptions } from '@resvg/resvg-js';
import type { EChartsOption } from 'echarts';
import subsetFont from 'subset-font';

const require = createRequire(import.meta.url);

/** Path of the CJK font (Noto Sans SC Regular, SIL Open Font License). */
export const CJK_FONT_FILE = require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf');
export const CJK_FONT_FAMILY = 'Noto Sans SC';

/** Registers a map once under `name` (GeoJSON; ECharts decodes its compressed form too). */
const registeredMaps = new Set<string>();
export function ensureMap(name: string, geoJson: () => object | null): boolean {
  if (registeredMaps.has(name)) return true;
  const json = geoJson();
  if (!json) return false;
  echarts.registerMap(name, json as Parameters<typeof echarts.registerMap>[1]);
  registeredMaps.add(name);
  return true;
}

/** The chart as an SVG document, drawn by ECharts' SSR renderer at width × height CSS pixels. */
export function renderSvg(option: EChartsOption, width: number, height: number): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height, locale: 'ZH' });
  try {
    chart.setOption({ ...option, animation: false });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

export interface RasterOptions {
  /** Pixel ratio: the PNG is width·scale × height·scale. */
  scale: number;
  /** Draw text with the bundled CJK font (default). `false` renders with no font at all — for tests that prove the glyphs come from it. */
  fonts?: boolean;
  /** Draw with a subset of the font holding only the SVG's characters (default). `false` loads the whole 10 MB file — the old, slow way, for tests and the bench. */
  subset?: boolean;
}

function resvgOptions({ scale }: RasterOptions, fontFile: string | null): ResvgRenderOptions {
  return {
    fitTo: { mode: 'zoom', value: scale },
    background: '#ffffff',
    shapeRendering: 2,
    textRendering: 1,
    font: fontFile
      ? {
          loadSystemFonts: false,
          fontFiles: [fontFile],
          defaultFontFamily: CJK_FONT_FAMILY,
          sansSerifFamily: CJK_FONT_FAMILY,
          serifFamily: CJK_FONT_FAMILY,
          monospaceFamily: CJK_FONT_FAMILY,
        }
      : { loadSystemFonts: false, fontFiles: [] },
    logLevel: 'off',
  };
}

export interface Raster {
  png: Buffer;
  width: number;
  height: number;
  /** RGBA, row-major (for tests). */
  pixels: Buffer;
}

/** Printable ASCII is always in a subset: digits, Latin letters and punctuation never depend on what the SVG happens to hold. */
const ASCII = Array.from({ length: 0x7f - 0x20 }, (_, i) => String.fromCharCode(0x20 + i)).join('');

/**
 * Every character the SVG could draw, as the key of its font subset: each
 * non-ASCII character anywhere in it (numeric character references decoded;
 * attribute values count too, so this is a superset of its text) plus
 * printable ASCII, sorted.
 */
export function svgCharacters(svg: string): string {
  const decoded = svg.replace(/&#(x[0-9a-f]+|[0-9]+);/gi, (ref, n: string) => {
    const cp = n[0] === 'x' || n[0] === 'X' ? parseInt(n.slice(1), 16) : parseInt(n, 10);
    return cp <= 0x10ffff ? String.fromCodePoint(cp) : ref;
  });
  const chars = new Set<string>();
  for (const [c] of decoded.matchAll(/[^\x00-\x7f]/gu)) chars.add(c);
  return [...chars].sort().join('') + ASCII;
}

/**
 * Subsets by character set, the last few kept (~100 KB each; the same data
 * drawn as another chart or at another scale has the same characters).
 * Promises are kept, so concurrent renders of one set subset it once.
 */
const SUBSET_CACHE_SIZE = 32;
const subsets = new Map<string, Promise<Buffer>>();
let fullFont: Buffer | undefined;

/** The bundled font cut down to `chars` (a TrueType file's bytes). */
export function fontSubset(chars: string): Promise<Buffer> {
  let subset = subsets.get(chars);
  if (subset) {
    subsets.delete(chars);
  } else {
    fullFont ??= readFileSync(CJK_FONT_FILE);
    const made = subsetFont(fullFont, chars, { targetFormat: 'truetype' });
    made.catch(() => {
      if (subsets.get(chars) === made) subsets.delete(chars);
    });
    subset = made;
    if (subsets.size >= SUBSET_CACHE_SIZE) subsets.delete(subsets.keys().next().value as string);
  }
  subsets.set(chars, subset);
  return subset;
}

/** Forgets every cached subset (the bench times first renders with it). */
export function clearFontSubsets(): void {
  subsets.clear();
}

/**
 * Writes a subset to a file of its own in the temporary folder, for one render
 * (created exclusively under a random name; the caller removes it right after).
 */
function writeFontFile(bytes: Buffer): string {
  const file = join(tmpdir(), `xpilot-chart-font-${process.pid}-${randomBytes(6).toString('hex')}.ttf`);
  writeFileSync(file, bytes, { flag: 'wx' });
  return file;
}

let warnedSubset = false;

/**
 * The SVG as a PNG at `scale`. With the font (the default), text is drawn
 * with a subset holding the SVG's characters; if subsetting or writing the
 * temporary file fails, with the whole font file (slower, same pixels).
 */
export async function svgToPng(svg: string, opts: RasterOptions): Promise<Raster> {
  if (opts.fonts === false) return rasterise(svg, resvgOptions(opts, null));
  let subsetFile: string | undefined;
  if (opts.subset !== false) {
    try {
      subsetFile = writeFontFile(await fontSubset(svgCharacters(svg)));
    } catch (err) {
      if (!warnedSubset) process.emitWarning(`chart font subsetting failed, drawing with the whole font: ${String(err)}`, 'XPilotChartFont');
      warnedSubset = true;
    }
  }
  // No await between writing the file and rendering: resvg reads it synchronously, then it is removed.
  try {
    return rasterise(svg, resvgOptions(opts, subsetFile ?? CJK_FONT_FILE));
  } finally {
    if (subsetFile) rmSync(subsetFile, { force: true });
  }
}

function rasterise(svg: string, options: ResvgRenderOptions): Raster {
  const image = new Resvg(svg, options).render();
  return { png: image.asPng(), width: image.width, height: image.height, pixels: image.pixels };
}
