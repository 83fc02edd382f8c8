/**
 * Provinces and cities as an import reads them: full or short names in a
 * header, a title or a form field resolve to the full names the database
 * stores (杭州 → 杭州市, 浙江 → 浙江省).
 */
import { loadRegions, type RegionRow } from '../domain/regions.js';
import { fold } from './text-cells.js';
import type { CityNames } from './detect-kind.js';

export interface Places extends CityNames {
  province(name: string): string | null;
  /** A province named in a text: a full name anywhere, a short name at the start. */
  provinceIn(text: string): string | null;
  cityIn(text: string, province: string | null): string | null;
  provinceOfCity(city: string): string | null;
}

let cached: Places | null = null;

export function places(): Places {
  if (cached) return cached;
  const regions: RegionRow[] = loadRegions();
  const provinces = new Map<string, string>();
  for (const r of regions) {
    provinces.set(fold(r.province), r.province);
    provinces.set(fold(r.province_short), r.province);
  }
  const cities = regions.filter((r) => r.city !== null);
  const byName = new Map<string, RegionRow[]>();
  for (const r of cities) {
    for (const n of new Set([fold(r.city!), fold(r.city_short!)])) byName.set(n, [...(byName.get(n) ?? []), r]);
  }
  const fullNames = [...new Set(regions.map((r) => r.province))].sort((a, b) => b.length - a.length);
  cached = {
    all: new Set(byName.keys()),
    resolve(name, province) {
      const hits = byName.get(fold(name));
      if (!hits) return null;
      const inProvince = province ? hits.filter((h) => h.province === province) : hits;
      const pick = inProvince.length > 0 ? inProvince : hits;
      return new Set(pick.map((h) => h.city)).size === 1 ? pick[0]!.city : null;
    },
    province: (name) => provinces.get(fold(name)) ?? null,
    provinceIn(text) {
      for (const p of fullNames) if (text.includes(p)) return p;
      const t = text.trim();
      for (const r of regions) if (r.city === null && t.startsWith(r.province_short) && r.province_short.length >= 2) return r.province;
      return null;
    },
    cityIn(text, province) {
      for (const r of cities) if ((province === null || r.province === province) && text.includes(r.city!)) return r.city;
      return null;
    },
    provinceOfCity(city) {
      const hits = byName.get(fold(city));
      return hits && new Set(hits.map((h) => h.province)).size === 1 ? hits[0]!.province : null;
    },
  };
  return cached;
}
