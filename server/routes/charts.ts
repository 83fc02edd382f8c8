/**
 * GET /api/charts — the charts; GET /api/charts/:chart.svg|.png — one chart
 * rendered on the server; GET /api/maps/:province — a province's city
 * boundaries as GeoJSON (what the quota map is drawn on).
 */
import type { FastifyPluginAsync } from 'fastify';
import { listChartsSchema, mapSchema, renderChartSchema, type MapParams, type RenderChartParams, type RenderChartQuerystring } from '../schemas/charts.js';
import { FORMATS, listCharts, renderChart, type ChartFormat } from '../charts/registry.js';
import { provinceGeoJson } from '../maps/province-geo.js';
import { AppError } from '../lib/errors.js';
import { createRasterPool, readRasterLimits } from '../charts/raster-pool.js';

const charts: FastifyPluginAsync = async (app) => {
  // PNGs are drawn in a worker process, within a pixel cap, so a large one does not stall other requests.
  const limits = readRasterLimits();
  const raster = createRasterPool(limits);
  app.addHook('onClose', () => raster.close());
  app.get('/charts', { schema: listChartsSchema }, async () => ({ charts: listCharts() }));

  app.get<{ Params: RenderChartParams; Querystring: RenderChartQuerystring }>('/charts/:file', { schema: renderChartSchema }, async (request, reply) => {
    const m = /^([A-Za-z0-9_]+)\.([a-z]+)$/.exec(request.params.file);
    if (!m || !(FORMATS as readonly string[]).includes(m[2]!)) {
      throw new AppError(404, 'chart_not_found', `No chart "${request.params.file}" (use <chart>.svg or <chart>.png)`, `没有“${request.params.file}”这个图表（应为 <图表>.svg 或 <图表>.png）`);
    }
    const chart = await renderChart(app, m[1]!, m[2] as ChartFormat, request.query, request.principal, { rasterise: raster.rasterise, maxPixels: limits.maxPixels });
    return reply
      .type(chart.contentType)
      .header('Content-Disposition', `inline; filename*=UTF-8''${encodeURIComponent(chart.fileName)}`)
      .header('X-Chart-Width', String(chart.width))
      .header('X-Chart-Height', String(chart.height))
      .header('Cache-Control', 'private, no-cache')
      .header('Vary', 'Authorization, Cookie')
      .send(chart.body);
  });

  app.get<{ Params: MapParams }>('/maps/:province', { schema: mapSchema }, async (request, reply) => {
    const geo = provinceGeoJson(request.params.province);
    if (!geo) throw new AppError(404, 'map_not_found', `No map for province "${request.params.province}"`, `没有“${request.params.province}”的地图数据`);
    return reply.type('application/geo+json; charset=utf-8').header('Cache-Control', 'public, max-age=86400').send(JSON.stringify(geo));
  });
};
export default charts;
