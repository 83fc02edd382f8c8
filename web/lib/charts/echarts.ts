/**
 * The ECharts build of the web app: `echarts/core` plus only what our charts
 * use, so the bundle carries three chart types instead of the whole library.
 * Add a chart or component here when an option builder starts using it.
 */
import { init, use } from 'echarts/core';
import { BarChart, CustomChart, HeatmapChart } from 'echarts/charts';
import {
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TitleComponent,
  TooltipComponent,
  VisualMapContinuousComponent,
} from 'echarts/components';
import { CanvasRenderer, SVGRenderer } from 'echarts/renderers';

use([
  BarChart,
  CustomChart,
  HeatmapChart,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TitleComponent,
  TooltipComponent,
  VisualMapContinuousComponent,
  CanvasRenderer,
  SVGRenderer,
]);

export { init };
export type { EChartsType } from 'echarts/core';
