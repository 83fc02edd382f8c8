import { describe, expect, it } from 'vitest';
import { applicationFooter, applicationRows, benchmarkColumns, benchmarkRows, findingRows, priorities, priorityText, teacherRows } from './school';
import { APPLICATION_ROWS, BENCHMARK_ROWS, TEACHER_ROWS } from '../../charts/fixtures/views';
import type { SchoolBenchmarkRow } from '../../queries';

describe('school page tables', () => {
  it('benchmark: the province’s rate with n and schools, the difference with its Newcombe interval, a verdict badge', () => {
    const rows = benchmarkRows(BENCHMARK_ROWS);
    const tax = rows.find((r) => r.cells.certificate!.text === '智能财税')!;
    expect(tax.cells.certificate!.href).toBe('/certificates/26');
    expect(tax.cells.province).toMatchObject({ text: '84.5%', sub: 'n=660，4 所' });
    expect(tax.cells.diff!.text).toBe('+19.3 个百分点');
    expect(tax.cells.verdict).toMatchObject({ text: '显著高于', badge: 'good' });
    const bim = rows.find((r) => r.cells.certificate!.text === '建筑信息模型（BIM）')!;
    expect(bim.cells.diff).toMatchObject({ text: '—', sub: '省内无其他院校' });
    expect(bim.cells.verdict!.text).toBe('无可比数据');
    expect(benchmarkColumns(BENCHMARK_ROWS).map((c) => c.key)).not.toContain('year');
  });

  it('what to fix first: significantly below the province first; otherwise below the school’s own rate (seed 004: BIM, Web前端 …)', () => {
    const below: SchoolBenchmarkRow[] = BENCHMARK_ROWS.map((r) => (r.certificate === '物流管理' ? { ...r, verdict: 'below', diff: -0.1 } : r));
    expect(priorities(below, 0.8).map((p) => [p.kind, p.row.certificate])).toEqual([['below_province', '物流管理']]);
    const noComparison = BENCHMARK_ROWS.map((r) => ({ ...r, verdict: 'no_comparison' as const, diff: null }));
    const list = priorities(noComparison, 1185 / 1479);
    expect(list.map((p) => p.row.certificate)).toEqual(['建筑信息模型（BIM）']);
    expect(priorityText(list[0]!)).toBe('建筑信息模型（BIM） 15.5%（11/71，95% 区间 8.9%–25.7%）');
  });

  it('applications per batch (seed 001): 沿用批次 610/610, 第一次 869/872 flagged, 第二次 180/180; total 1,659 / 1,662', () => {
    const rows = applicationRows(APPLICATION_ROWS);
    expect(rows.map((r) => [r.cells.batch!.text, r.cells.requested!.text, r.cells.approved!.text, r.tone])).toEqual([
      ['沿用批次', '610', '610', null],
      ['第一次', '869', '872', 'warn'],
      ['第二次', '180', '180', null],
    ]);
    expect(applicationFooter(APPLICATION_ROWS)[0]!.cells).toMatchObject({ requested: { text: '1,659' }, approved: { text: '1,662' }, pilots: { text: '25' } });
  });

  it('teachers beside pass rates; a missing side prints —', () => {
    const rows = teacherRows(TEACHER_ROWS);
    const home = rows.find((r) => r.cells.certificate!.text === '家务管理')!;
    expect([home.cells.teachers!.text, home.cells.candidates!.text, home.cells.rate!.text]).toEqual(['3', '—', '—']);
  });

  it('findings: message with its source, a severity badge, printed → checked value', () => {
    const [f] = findingRows([
      { severity: 'warning', code: 'stated_rate_mismatch', message: 'Web前端开发：所列通过率 56.8% 与 33/62 = 53.2% 不符（按原样保留）', source: '004 · exam · 第 14 行', place: '广州城市职业学院2020年报告 · 考核结果表 · 第 14 行', import_id: 5, file_name: '004', source_table: 'exam', source_row: 14, source_column: '通过率', printed_value: '56.8%', expected_value: '53.2%' },
    ]);
    expect(f!.cells.severity).toMatchObject({ text: '警告', badge: 'warn' });
    expect(f!.cells.printed!.text).toBe('56.8% → 53.2%');
    expect(f!.cells.message!.sub).toBe('广州城市职业学院2020年报告 · 考核结果表 · 第 14 行 · 所列通过率与人数不符');
  });
});
