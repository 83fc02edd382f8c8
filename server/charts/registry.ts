/**
 * The server's side of the chart catalogue (web/lib/charts/catalogue.ts): for
 * a chart id and the page's URL parameters, run the chart's named queries
 * through `app.queries.run` (so parameters are validated exactly as for
 * /api/queries), build the option with the page's own builder, and render it.
 */
import type { FastifyInstance } from 'fastify';
import type { Principal } from '../lib/principal.js';
import { CHARTS, chartDef, chartFileName, exportText, mapName, type ChartData, type ChartDef, type ChartParams, type ScopeNames } from '../../web/lib/charts/catalogue.js';
import { AppError, invalidParam } from '../lib/errors.js';
import { provinceGeoJson } from '../maps/province-geo.js';
import { createHash } from 'node:crypto';
import { ensureMap, renderSvg, svgToPng } from './render.js';
import { checkPixels, DEFAULT_MAX_MEGAPIXELS, type Rasterise } from './raster-pool.js';

/**
 * Rasterising is the slow step (30–250 ms a chart with the font subset of
 * render.ts): the last PNGs are kept by their SVG and scale. The SVG is
 * rebuilt from the data on every request, so a cached PNG is never stale —
 * new data means a new SVG and a new key.
 */
const PNG_CACHE_SIZE = 24;
const pngCache = new Map<string, Buffer>();
async function cachedPng(svg: string, scale: number, rasterise: Rasterise): Promise<{ png: Buffer; width: number; height: number }> {
  const key = `${scale}:${createHash('sha256').update(svg).digest('hex')}`;
  let png = pngCache.get(key);
  if (png) {
    pngCache.delete(key);
  } else {
    png = await rasterise(svg, scale);
    if (pngCache.size >= PNG_CACHE_SIZE) pngCache.delete(pngCache.keys().next().value as string);
  }
  pngCache.set(key, png);
  return { png, width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

export const FORMATS = ['svg', 'png'] as const;
export type ChartFormat = (typeof FORMATS)[number];

/** Query-string keys that shape the image, not the data. */
export const IMAGE_KEYS = ['width', 'height', 'scale', 'title'] as const;

export const LIMITS = {
  width: { min: 200, max: 4000 },
  height: { min: 120, max: 4000 },
  scale: { min: 0.5, max: 4 },
} as const;

export interface ImageOptions {
  width?: number;
  height?: number;
  scale: number;
  /** Replaces the default title; '' draws none. */
  title?: string;
}

export interface RenderedChart {
  body: string | Buffer;
  contentType: string;
  fileName: string;
  width: number;
  height: number;
  scale: number;
}

export function listCharts() {
  return Object.values(CHARTS).map((d) => ({ id: d.id, title: d.title, accepts: [...d.accepts], required: [...(d.required ?? [])], width: d.width }));
}

function number(name: string, raw: string, integer: boolean, min: number, max: number): number {
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value) || (integer && !Number.isInteger(value)) || value < min || value > max) {
    throw invalidParam(name, `expected ${integer ? 'an integer' : 'a number'} from ${min} to ${max}, got "${raw}"`, `应为 ${min} 至 ${max} 之间的${integer ? '整数' : '数字'}，收到“${raw}”`);
  }
  return value;
}

/** Splits the query string into the chart's parameters and the image options; anything else is a 400 naming it. */
export function parseChartQuery(def: ChartDef, raw: Record<string, unknown>, defaultScale: number): { params: ChartParams; image: ImageOptions } {
  const params: ChartParams = {};
  const image: ImageOptions = { scale: defaultScale };
  for (const [key, value] of Object.entries(raw)) {
    if (Array.isArray(value)) throw invalidParam(key, 'given more than once', '只能给一个值');
    const text = value === undefined || value === null ? '' : String(value);
    if (key === 'width') image.width = number(key, text, true, LIMITS.width.min, LIMITS.width.max);
    else if (key === 'height') image.height = number(key, text, true, LIMITS.height.min, LIMITS.height.max);
    else if (key === 'scale') image.scale = number(key, text, false, LIMITS.scale.min, LIMITS.scale.max);
    else if (key === 'title') image.title = text.slice(0, 200);
    else if ((def.accepts as readonly string[]).includes(key)) {
      if (text.trim() !== '') params[key] = text.trim();
    } else {
      const known = [...def.accepts, ...IMAGE_KEYS].join(', ');
      throw invalidParam(key, `unknown parameter for chart ${def.id} (known: ${known})`, `图表 ${def.id} 没有这个参数（可用：${known}）`);
    }
  }
  for (const key of def.required ?? []) {
    if (!params[key]) throw invalidParam(key, `required by chart ${def.id}`, `图表 ${def.id} 需要这个参数`);
  }
  return { params, image };
}

/** A school the principal may not see is named like this, never by what was asked for (an id would echo into the image). */
export const HIDDEN_SCHOOL = '（范围外的学校）';

/** Names of the ids in the parameters, for the title block and the file name — as the principal may see them. */
async function scopeNames(app: FastifyInstance, p: ChartParams, principal: Principal): Promise<ScopeNames> {
  const names: ScopeNames = {};
  const school = async (s: string) => String((await app.queries.run('school_profile', { school: s }, principal)).rows[0]?.school ?? HIDDEN_SCHOOL);
  if (p.school) names.school = await school(p.school);
  if (p.certificate) names.certificate = String((await app.queries.run('certificate_profile', { certificate: p.certificate }, principal)).rows[0]?.certificate ?? p.certificate);
  if (p.schools) {
    names.schools = [];
    for (const s of p.schools.split(/[,，、]/).filter(Boolean)) names.schools.push(await school(s.trim()));
  }
  return names;
}

export async function chartData(app: FastifyInstance, def: ChartDef, p: ChartParams, principal: Principal): Promise<ChartData> {
  const data: ChartData = {};
  for (const q of def.queries(p)) {
    const raw: Record<string, string> = {};
    for (const [k, v] of Object.entries(q.params)) if (v !== undefined && v !== null && String(v) !== '') raw[k] = String(v);
    data[q.slot] = (await app.queries.run(q.query, raw, principal)).rows;
  }
  return data;
}

export interface RenderDeps {
  /** SVG → PNG; the route passes its worker pool (raster-pool.ts). Default: in this thread. */
  rasterise?: Rasterise;
  /** Most pixels of a PNG (width × height × scale²). */
  maxPixels?: number;
}

const inThread: Rasterise = async (svg, scale) => (await svgToPng(svg, { scale })).png;

export async function renderChart(app: FastifyInstance, id: string, format: ChartFormat, raw: Record<string, unknown>, principal: Principal, deps: RenderDeps = {}): Promise<RenderedChart> {
  const def = chartDef(id);
  if (!def) throw new AppError(404, 'chart_not_found', `Unknown chart "${id}"`, `没有名为“${id}”的图表`, { chart: id });
  const { params, image } = parseChartQuery(def, raw, format === 'png' ? 2 : 1);
  const data = await chartData(app, def, params, principal);
  const names = await scopeNames(app, params, principal);
  const text = exportText(def, params, names);
  if (image.title !== undefined) {
    text.title = image.title;
    if (!image.title) text.subtitle = '';
  }
  const province = def.mapOf?.(params);
  if (province && !ensureMap(mapName(province), () => provinceGeoJson(province))) {
    throw new AppError(404, 'map_not_found', `No map for province "${province}"`, `没有“${province}”的地图数据`, { param: 'province' });
  }
  const built = def.build(data, params, text.title ? text : {});
  const width = image.width ?? def.width;
  const height = image.height ?? built.height;
  if (format === 'png') checkPixels(width, height, image.scale, deps.maxPixels ?? DEFAULT_MAX_MEGAPIXELS * 1_000_000);
  const svg = renderSvg(built.option, width, height);
  if (format === 'svg') {
    return { body: svg, contentType: 'image/svg+xml; charset=utf-8', fileName: chartFileName(def, params, names, 'svg'), width, height, scale: 1 };
  }
  const raster = await cachedPng(svg, image.scale, deps.rasterise ?? inThread);
  const suffix = image.scale === 2 ? '' : `_${image.scale}x`;
  return { body: raster.png, contentType: 'image/png', fileName: chartFileName(def, params, names, 'png', suffix), width: raster.width, height: raster.height, scale: image.scale };
}
