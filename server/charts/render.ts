/**
 * Server-side chart rendering: ECharts SSR to an SVG string, then resvg to
 * PNG with the Simplified Chinese font that ships with npm
 * (@expo-google-fonts/noto-sans-sc, Noto Sans SC Regular) and no system fonts,
 * so a machine without any CJK font still draws Chinese — never boxes.
 */
import { createRequire } from 'node:module';
import * as echarts from 'echarts';
import { Resvg, type ResvgRenderOptions } from '@resvg/resvg-js';
import type { EChartsOption } from 'echarts';

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
}

function resvgOptions({ scale, fonts = true }: RasterOptions): ResvgRenderOptions {
  return {
    fitTo: { mode: 'zoom', value: scale },
    background: '#ffffff',
    shapeRendering: 2,
    textRendering: 1,
    font: fonts
      ? {
          loadSystemFonts: false,
          fontFiles: [CJK_FONT_FILE],
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

export function svgToPng(svg: string, opts: RasterOptions): Raster {
  const image = new Resvg(svg, resvgOptions(opts)).render();
  return { png: image.asPng(), width: image.width, height: image.height, pixels: image.pixels };
}
