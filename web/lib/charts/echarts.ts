/**
 * The ECharts build of the web app: `echarts/core` plus only what our charts
 * use, so the bundle carries a handful of chart types instead of the whole
 * library. Add a chart or component here when an option builder starts using it.
 */
import { init, registerMap, use } from 'echarts/core';
import { BarChart, CustomChart, HeatmapChart, LineChart, MapChart, ScatterChart } from 'echarts/charts';
import {
  GraphicComponent,
  GridComponent,
  LegendComponent,
  LegendScrollComponent,
  MarkLineComponent,
  TitleComponent,
  TooltipComponent,
  VisualMapContinuousComponent,
} from 'echarts/components';
import { LabelLayout } from 'echarts/features';
import { CanvasRenderer, SVGRenderer } from 'echarts/renderers';

use([
  BarChart,
  CustomChart,
  HeatmapChart,
  LineChart,
  MapChart,
  ScatterChart,
  GraphicComponent,
  GridComponent,
  LegendComponent,
  LegendScrollComponent,
  MarkLineComponent,
  TitleComponent,
  TooltipComponent,
  VisualMapContinuousComponent,
  LabelLayout,
  CanvasRenderer,
  SVGRenderer,
]);

export { init, registerMap };
export type { EChartsType } from 'echarts/core';
