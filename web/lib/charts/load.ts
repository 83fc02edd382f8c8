/**
 * The one handle on the ECharts chunk. A page with charts asks for it as soon
 * as its code runs (ChartCard's module script), so the ~200 KB chunk downloads
 * and parses while the page's queries are in flight, not after their answers
 * mount the first chart (issue 13: the overview drew in 3–4 s on 18 rows).
 */
let echarts: Promise<typeof import('./echarts')> | undefined;

/** The ECharts build, fetched once; a failed fetch is forgotten so the next chart tries again. */
export function loadECharts(): Promise<typeof import('./echarts')> {
  echarts ??= import('./echarts').catch((err: unknown) => {
    echarts = undefined;
    throw err;
  });
  return echarts;
}
