import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, query, type TestApp } from '../helpers/app.js';

interface FindingRow { severity: string; code: string; message: string; source: string; source_file: string; source_table: string; source_row: number | null; import_id: number }

let app: TestApp;
let findings: FindingRow[];
beforeAll(async () => {
  app = await buildTestApp();
  findings = (await query<FindingRow>(app, 'data_findings')).rows;
});
afterAll(async () => app.close());

const codesOf = (file: string) => findings.filter((f) => f.source_file.startsWith(file)).map((f) => [f.code, f.source_table, f.source_row]);

describe('data_findings — the inconsistencies the seeds contain, figures kept as printed', () => {
  it('seed 004: WEB 前端开发 stated 56.8% vs 33/62, and 序号 10 and 11 printed twice in the teacher table', () => {
    expect(codesOf('004')).toEqual([
      ['stated_rate_mismatch', 'exam', 14],
      ['duplicate_sequence', 'teachers', 12],
      ['duplicate_sequence', 'teachers', 13],
      // Spellings the alias registry merged (info): printed → certificate, per table and row.
      ['certificate_merged', 'exam', 14],
      ['certificate_merged', 'exam', 16],
      ['certificate_merged', 'teachers', 3],
      ['certificate_merged', 'teachers', 15],
      ['certificate_merged', 'teachers', 18],
    ]);
    expect(findings.find((f) => f.code === 'stated_rate_mismatch')!.message).toContain('56.8% 与 33/62 = 53.2% 不符');
  });

  it('seed 001: missing level (row 16), truncated 「(中」 (row 18), approved 104 > requested 101 (row 23), 中级 pilots 9 vs narrative 10', () => {
    expect(codesOf('001')).toEqual([
      ['missing_level', 'applications', 16],
      ['truncated_name', 'applications', 18],
      ['approved_exceeds_requested', 'applications', 23],
      ['narrative_total_mismatch', 'narrative', null],
    ]);
  });

  it('seed 003: the annex-2 合计 row is one short of its column in 10 of 11 cities; its note on the on-demand programmes is an info', () => {
    const all = findings.filter((f) => f.source_file.startsWith('003'));
    expect(all.filter((f) => f.severity === 'info').map((f) => [f.code, f.source_row])).toEqual([['city_totals_exclude_unsplit', 22]]);
    const rows = all.filter((f) => f.severity !== 'info');
    expect(rows).toHaveLength(10);
    expect(rows.every((f) => f.source_row === 22)).toBe(true);
    expect(rows.every((f) => f.code === 'total_mismatch' && f.source_table === 'annex2')).toBe(true);
    expect(rows.map((f) => f.message)).toContain('合计行所列杭州市名额 85 与明细之和 86 不符（差 1）');
    expect(rows.some((f) => f.message.includes('舟山市'))).toBe(false);
  });

  it('seeds 000 and 002 add no findings; nothing is an error', () => {
    expect(codesOf('000')).toEqual([]);
    expect(codesOf('002')).toEqual([]);
    expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
  });

  it('filters by import id', async () => {
    const imports = findings.filter((f) => f.source_file.startsWith('004'));
    const { rows } = await query<FindingRow>(app, 'data_findings', { import: imports[0]!.import_id });
    expect(rows).toHaveLength(8);
  });
});
