/**
 * The report-text reader end to end on a report kept in this repository
 * (test/fixtures/report-text/report-2022.txt, written in the shape of seed 004:
 * exam table with a level breakdown wrapped across lines by PDF extraction, a
 * 合计 row, a teachers table with a skipped number, narrative totals). Unlike
 * seeds.test.ts it needs nothing beside the repository, so it runs everywhere.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readDefaultDataset } from '../../server/dataset/default-dataset.js';
import { readConfig, ROOT } from '../../server/config.js';
import { runPipeline, type PipelineResult } from '../../server/import/pipeline.js';

const FILE = 'report-2022.txt';
let r: PipelineResult;

beforeAll(async () => {
  const { registry } = readDefaultDataset(readConfig().dataDir);
  r = await runPipeline({ fileName: FILE, bytes: readFileSync(join(ROOT, 'test/fixtures/report-text', FILE)) }, { registry });
});

describe(`report text — fixture ${FILE} (exam table, teachers table, narrative)`, () => {
  it('finds the school and year in the title', () => {
    expect(r.kind).toBe('exam_results');
    expect(r.preview.context.school).toMatchObject({ value: '广州城市职业学院', from: 'title' });
    expect(r.preview.context.year).toMatchObject({ value: 2022, from: 'title' });
  });

  it('exam table: one row per certificate, the wrapped level note split into 初级 55/50 and 中级 25/20, 合计 kept out', () => {
    const rows = r.facts.exam_results.map((e) => [e.certificate_as_printed, e.level, e.candidates, e.passed, e.stated_rate]);
    expect(rows).toEqual([
      ['智能财税', null, 120, 110, 0.917],
      ['3D 引擎技术应用', '初级', 55, 50, null],
      ['3D 引擎技术应用', '中级', 25, 20, null],
      ['物流管理', null, 60, 45, 0.8],
      ['WEB 前端开发', null, 40, 25, 0.6],
    ]);
    const total = (m: string) => r.facts.stated_totals.find((t) => t.source_table === 'exam' && t.label === '合计' && t.metric === m)?.value;
    expect([total('candidates'), total('passed')]).toEqual([300, 250]);
  });

  it('teachers table: 17 teachers in 3 rows with printed numbers 1, 2, 4', () => {
    expect(r.facts.teacher_training.map((t) => [t.teachers_trained, t.printed_seq])).toEqual([[8, 1], [5, 2], [4, 4]]);
  });

  it('records what the document gets wrong, figures kept as printed', () => {
    const got = r.findings.map((f) => [f.severity, f.code, f.source_table, f.source_row]);
    expect(got).toEqual([
      ['warning', 'stated_rate_mismatch', 'exam', 3], // 物流管理 45/60 = 75.0%, printed 80%
      ['warning', 'stated_rate_mismatch', 'exam', 4], // WEB 前端开发 25/40 = 62.5%, printed 60%
      ['warning', 'skipped_sequence', 'teachers', 3], // 2 then 4
      ['warning', 'narrative_total_mismatch', 'narrative', null], // text says 20 teachers, the table 17
      ['info', 'cell_rejoined', 'exam', null],
      ['info', 'certificate_merged', 'exam', 4], // WEB 前端开发 → the registry's Web 前端开发
      ['info', 'certificate_merged', 'teachers', 3],
    ]);
  });
});
