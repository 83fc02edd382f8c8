/**
 * Chart types the quick chart draws beyond the dashboard's own (bar and
 * heatmap are already in $lib/charts/echarts.ts): registered on the same
 * `echarts/core` the app's EChart wrapper uses, loaded with the console only.
 */
import { use } from 'echarts/core';
import { LineChart, PieChart, ScatterChart } from 'echarts/charts';

use([LineChart, PieChart, ScatterChart]);
