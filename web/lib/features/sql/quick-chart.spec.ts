import { describe, expect, it } from 'vitest';
import { columnOf, type DecodedTable } from '../../arrow';
import { buildQuickChartOption, chartProblem, compactNumber, defaultChartConfig, sumByCategory } from './quick-chart';

/** Seed 004 exam table, three certificates, split by level for one. */
const exam: DecodedTable = {
  numRows: 4,
  columns: [
    columnOf('certificate', 'VARCHAR', 'text', ['智能财税', '网店运营推广', '网店运营推广', '财务共享服务']),
    columnOf('level', 'VARCHAR', 'text', [null, '初级', '中级', null]),
    columnOf('candidates', 'INTEGER', 'number', [335, 100, 60, 98]),
    columnOf('passed', 'INTEGER', 'number', [315, 98, 60, 90]),
  ],
};

type Series = { type: string; data: unknown[] };

describe('compactNumber', () => {
  it.each([
    [1479, '1,479'],
    [0.532258064516129, '0.532'],
    [0.98, '0.98'],
    [12345.678, '12,300'],
    [1, '1'],
  ])('%d → %s', (v, text) => expect(compactNumber(v)).toBe(text));
});

describe('sumByCategory', () => {
  it('sums rows that share a category, in first-seen order', () => {
    expect(sumByCategory(exam.columns[0]!.values, exam.columns[2]!.values)).toEqual({ categories: ['智能财税', '网店运营推广', '财务共享服务'], sums: [335, 160, 98] });
  });
  it('names a NULL category', () => {
    expect(sumByCategory([null, 'a'], [1, 2]).categories).toEqual(['（空）', 'a']);
  });
});

describe('defaultChartConfig', () => {
  it.each([
    ['text + numbers → bar of the first number per text', exam, { type: 'bar', x: 'certificate', y: 'candidates' }],
    ['two numbers → scatter', { numRows: 1, columns: [columnOf('a', 'INTEGER', 'number', [1]), columnOf('b', 'DOUBLE', 'number', [2])] }, { type: 'scatter', x: 'a', y: 'b' }],
    ['no number → nothing to chart', { numRows: 1, columns: [columnOf('a', 'VARCHAR', 'text', ['x'])] }, null],
  ] as const)('%s', (_label, table, expected) => {
    const cfg = defaultChartConfig(table as DecodedTable);
    if (expected === null) expect(cfg).toBeNull();
    else expect(cfg).toMatchObject(expected);
  });
});

describe('chartProblem', () => {
  it.each([
    [{ type: 'bar', x: 'certificate', y: 'candidates' }, null],
    [{ type: 'bar', x: 'certificate', y: 'level' }, '“数值”需要数值列（如人数、通过率）。'],
    [{ type: 'scatter', x: 'certificate', y: 'passed' }, '散点图的横轴和纵轴都需要数值列。'],
    [{ type: 'heatmap', x: 'certificate', y: 'level' }, '热力图还需要选择“数值”列。'],
    [{ type: 'heatmap', x: 'certificate', y: 'level', value: 'candidates' }, null],
    [{ type: 'pie', x: 'nope', y: 'candidates' }, '请选择作图的列。'],
  ] as const)('%j → %j', (cfg, problem) => expect(chartProblem(exam, cfg)).toBe(problem));
});

describe('buildQuickChartOption', () => {
  it('bar: one bar per certificate, summed over levels', () => {
    const o = buildQuickChartOption(exam, { type: 'bar', x: 'certificate', y: 'candidates' });
    expect((o.xAxis as { data: string[] }).data).toEqual(['智能财税', '网店运营推广', '财务共享服务']);
    expect((o.series as Series[])[0]).toMatchObject({ type: 'bar', data: [335, 160, 98] });
    expect(o.animation).toBe(false);
  });
  it('line: same data as a line', () => {
    const o = buildQuickChartOption(exam, { type: 'line', x: 'certificate', y: 'passed' });
    expect((o.series as Series[])[0]).toMatchObject({ type: 'line', data: [315, 158, 90] });
  });
  it('pie: slices by value, largest first', () => {
    const o = buildQuickChartOption(exam, { type: 'pie', x: 'certificate', y: 'candidates' });
    expect((o.series as Series[])[0]!.data).toEqual([
      { name: '智能财税', value: 335 },
      { name: '网店运营推广', value: 160 },
      { name: '财务共享服务', value: 98 },
    ]);
  });
  it('pie: beyond 11 slices the rest is 其他, and the subtitle says so', () => {
    const n = 15;
    const t: DecodedTable = { numRows: n, columns: [columnOf('k', 'VARCHAR', 'text', Array.from({ length: n }, (_, i) => `c${i}`)), columnOf('v', 'INTEGER', 'number', Array.from({ length: n }, (_, i) => n - i))] };
    const o = buildQuickChartOption(t, { type: 'pie', x: 'k', y: 'v', title: '测试' });
    const data = (o.series as Series[])[0]!.data as { name: string; value: number }[];
    expect(data).toHaveLength(12);
    expect(data[11]).toEqual({ name: '其他', value: 4 + 3 + 2 + 1 });
    expect((o.title as { subtext: string }).subtext).toContain('其他');
  });
  it('scatter: numeric pairs', () => {
    const o = buildQuickChartOption(exam, { type: 'scatter', x: 'candidates', y: 'passed' });
    expect((o.series as Series[])[0]!.data).toEqual([[335, 315], [100, 98], [60, 60], [98, 90]]);
  });
  it('heatmap: certificate × level cells, summed, with a value scale', () => {
    const o = buildQuickChartOption(exam, { type: 'heatmap', x: 'certificate', y: 'level', value: 'candidates' });
    expect((o.yAxis as { data: string[] }).data).toEqual(['（空）', '初级', '中级']);
    expect((o.series as Series[])[0]!.data).toEqual([[0, 0, 335], [1, 1, 100], [1, 2, 60], [2, 0, 98]]);
    expect(o.visualMap).toMatchObject({ min: 60, max: 335 });
  });
  it('a title for the exported picture', () => {
    const o = buildQuickChartOption(exam, { type: 'bar', x: 'certificate', y: 'candidates', title: '各证书考证人数' });
    expect(o.title).toMatchObject({ show: true, text: '各证书考证人数' });
  });
});
