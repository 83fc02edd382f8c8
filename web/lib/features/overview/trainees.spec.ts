import { describe, expect, it } from 'vitest';
import { areaChartRows, areaLevel, areaTable } from './trainees';
import { EMPTY_FILTERS } from './filters';
import { traineeSeriesNames } from '../../charts/trainees-by-college';
import type { TraineesByAreaRow } from './rows';

const row = (over: Partial<TraineesByAreaRow>): TraineesByAreaRow => ({
  area: '广东省', area_value: '广东省', area_kind: 'province', grp: 'top', members: 300, areas: 1,
  requested: 10, approved: 8, candidates: 100, passed: 60, teachers_trained: 5, area_rank: 1, area_count: 31, ...over,
});

describe('trainees card rows (trainees_by_area)', () => {
  const rows = [row({}), row({ area: '其他 29 个省份', area_value: null, area_kind: 'other', grp: 'other', members: 8000, areas: 29, area_rank: null }), row({ area: '上海市', area_value: '上海市', grp: 'bottom', members: 20, area_rank: 31 })];
  it.each([
    [{ province: '', city: '' }, 'province'],
    [{ province: '广东省', city: '' }, 'city'],
    [{ province: '广东省', city: '广州市' }, 'school'],
  ] as const)('filters %o show the level %s', (f, level) => expect(areaLevel(f)).toBe(level));

  it('labels each bar with its rank, and 其他 with the schools it sums', () => {
    expect(areaChartRows(rows).map((r) => [r.school, r.city])).toEqual([
      ['广东省', '第 1 名 · 300 所'],
      ['其他 29 个省份', '8,000 所学校合计'],
      ['上海市', '第 31 名 · 20 所'],
    ]);
  });

  it('links each named group one level down, keeping the year; 其他 has no link; headers carry the years', () => {
    const names = traineeSeriesNames({ application: '2021', exam: '2020' });
    const t = areaTable(rows, { ...EMPTY_FILTERS, year: '2021' }, names);
    expect(t.cellHrefs).toEqual([[null, `?${new URLSearchParams({ year: '2021', province: '广东省' })}`], [null, null], [null, `?${new URLSearchParams({ year: '2021', province: '上海市' })}`]]);
    expect(t.columns.map((c) => c.label)).toContain('申请培训人数（2021 年）');
    expect(t.columns.map((c) => c.label)).toContain('考证人数（2020 年）');
    expect(t.caption).toContain('共 31 个');
  });
});

describe('the trainees chart everywhere (page, exports, server image, report)', () => {
  it('reads the top/bottom rows, never every school', async () => {
    const { CHARTS, buildChart } = await import('../../charts/catalogue');
    expect(CHARTS.trainees_by_college!.queries({ province: '广东省' })).toEqual([{ slot: 'rows', query: 'trainees_by_area', params: { province: '广东省', n: 10 } }]);
    const rows = [row({}), row({ area: '其他 29 个省份', area_value: null, area_kind: 'other', grp: 'other', area_rank: null })];
    const built = buildChart('trainees_by_college', { rows }, {});
    const xAxis = built.option.xAxis as { data: string[] };
    expect(xAxis.data).toEqual(['广东省', '其他 29 个省份']);
  });
});
