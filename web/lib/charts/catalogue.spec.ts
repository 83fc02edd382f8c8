import { describe, expect, it } from 'vitest';
import { CHARTS, buildChart, chartDef, chartFileName, chartParams, exportText, scopeParts } from './catalogue';
import { PASS_RATE_ROWS } from './fixtures/seed';
import { SCHOOL_COMPARISON_ROWS, FUNNEL_LIMIT_ROWS } from './fixtures/views';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

describe('chart catalogue', () => {
  it('every chart names its queries, a data slot among them and a file base', () => {
    for (const def of Object.values(CHARTS)) {
      const p = Object.fromEntries(def.accepts.map((k) => [k, k === 'year' ? '2020' : k === 'schools' ? '1,2' : '1']));
      const queries = def.queries(p);
      expect(queries.length).toBeGreaterThan(0);
      expect(queries.map((q) => q.slot)).toContain(def.dataSlot);
      expect(def.fileBase).toMatch(/^[\u4e00-\u9fff_（）]+$/);
      for (const key of def.required ?? []) expect(def.accepts).toContain(key);
    }
  });

  it('passes each query only the parameters it reads (school_levels asks by_level)', () => {
    expect(CHARTS.school_levels!.queries({ school: '1', year: '2020' })).toEqual([
      { slot: 'rows', query: 'school_benchmark', params: { school: '1', year: '2020', by_level: 'true' } },
    ]);
    expect(CHARTS.school_trend!.queries({ school: '1' })[0]!.params).toEqual({ school: '1' });
  });

  it('chartParams keeps the accepted, non-empty parameters', () => {
    expect(chartParams(CHARTS.pass_rate_by_certificate!, { year: 2020, province: '', school: '1', certificate: '26', sort: 'x' })).toEqual({ year: '2020', school: '1' });
  });

  it('names files after what they show (通过率_按证书_2020.png)', () => {
    const def = chartDef('pass_rate_by_certificate')!;
    expect(chartFileName(def, { year: '2020' }, {}, 'png')).toBe('通过率_按证书_2020.png');
    expect(chartFileName(def, {}, {}, 'svg')).toBe('通过率_按证书_全部.svg');
    expect(chartFileName(CHARTS.school_funnel!, { certificate: '26', year: '2020' }, { certificate: '智能财税' }, 'png', '_3x')).toBe('漏斗图_院校通过率_2020_智能财税_3x.png');
    expect(chartFileName(CHARTS.school_benchmark!, { school: '1' }, { school: '广州城市职业学院' }, 'csv')).toBe('通过率_与全省对比_广州城市职业学院.csv');
  });

  it('writes the export title block from the parameters', () => {
    expect(scopeParts({ year: '2020', province: '广东省', certificate: '26' }, { certificate: '智能财税' })).toEqual(['2020 年', '广东省', '智能财税']);
    expect(exportText(CHARTS.pass_rate_by_certificate!, { year: '2020' })).toEqual({ title: '各证书通过率', subtitle: '2020 年　来源：1+X 证书试点数据' });
  });

  it('builds the page’s chart and its export from the same builder (export = page + title block)', () => {
    const page = buildChart('pass_rate_by_certificate', { rows: PASS_RATE_ROWS }, { year: '2020' });
    const exported = buildChart('pass_rate_by_certificate', { rows: PASS_RATE_ROWS }, { year: '2020' }, exportText(CHARTS.pass_rate_by_certificate!, { year: '2020' }));
    expect(exported.height).toBe(page.height + 62);
    expect((exported.option as Loose).series[0].data).toEqual((page.option as Loose).series[0].data);
    expect((exported.option as Loose).title.text).toBe('各证书通过率');
  });

  it('an empty chart says so in the middle', () => {
    const empty = buildChart('school_funnel', { schools: [], limits: [] }, { certificate: '1' });
    expect(empty.empty).toBe(true);
    expect((empty.option as Loose).graphic[0].style.text).toBe('当前筛选条件下没有数据');
    const full = buildChart('school_funnel', { schools: SCHOOL_COMPARISON_ROWS, limits: FUNNEL_LIMIT_ROWS }, { certificate: '26' });
    expect(full.empty).toBe(false);
    expect((full.option as Loose).graphic).toBeUndefined();
  });
});
