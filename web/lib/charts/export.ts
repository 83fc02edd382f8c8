/**
 * Chart images for download, re-rendered by ECharts from the option (never a
 * screenshot of the screen): PNG at any pixel ratio through an off-screen
 * canvas chart, SVG through ECharts' SSR renderer. Browser only; loaded on
 * first export.
 */
import type { EChartsOption } from 'echarts';
import { init, registerMap } from './echarts';

export interface GeoMap {
  name: string;
  json: object;
}

const registered = new Set<string>();
export function ensureMap(geo: GeoMap | undefined): void {
  if (!geo || registered.has(geo.name)) return;
  registerMap(geo.name, geo.json as Parameters<typeof registerMap>[1]);
  registered.add(geo.name);
}

/** The chart as an SVG document (UTF-8 text), width × height CSS pixels. */
export function renderSvg(option: EChartsOption, width: number, height: number, geo?: GeoMap): string {
  ensureMap(geo);
  const chart = init(null, null, { renderer: 'svg', ssr: true, width, height, locale: 'ZH' });
  try {
    chart.setOption({ ...option, animation: false });
    const svg = chart.renderToSVGString();
    return svg.startsWith('<?xml') ? svg : `<?xml version="1.0" encoding="UTF-8"?>\n${svg}`;
  } finally {
    chart.dispose();
  }
}

/** The chart as a PNG data URL of (width·scale) × (height·scale) pixels on white. */
export function renderPng(option: EChartsOption, width: number, height: number, scale: number, geo?: GeoMap): string {
  ensureMap(geo);
  const box = document.createElement('div');
  box.style.cssText = `position:fixed;left:-100000px;top:0;width:${width}px;height:${height}px;`;
  document.body.append(box);
  const chart = init(box, null, { renderer: 'canvas', width, height, devicePixelRatio: scale, locale: 'ZH' });
  try {
    chart.setOption({ ...option, animation: false });
    return chart.getDataURL({ type: 'png', pixelRatio: scale, backgroundColor: '#ffffff' });
  } finally {
    chart.dispose();
    box.remove();
  }
}

/** Saves a URL (data:, blob: or a same-origin path) under a file name. */
export function saveAs(href: string, fileName: string): void {
  const link = document.createElement('a');
  link.href = href;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
}

export function saveText(text: string, type: string, fileName: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  saveAs(url, fileName);
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Copies text; falls back to a hidden textarea where the async clipboard is refused. */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = document.createElement('textarea');
    area.value = text;
    area.style.cssText = 'position:fixed;left:-10000px;top:0;';
    document.body.append(area);
    area.select();
    let ok = false;
    try {
      ok = document.execCommand('copy');
    } catch {
      ok = false;
    }
    area.remove();
    return ok;
  }
}
