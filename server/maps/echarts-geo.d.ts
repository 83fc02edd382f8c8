// ECharts ships no types for this internal module; it decodes (in place) and parses a GeoJSON.
declare module 'echarts/lib/coord/geo/parseGeoJson.js' {
  export default function parseGeoJSON(geoJson: unknown, nameProperty: string): unknown[];
}
