/**
 * Issue 12 items 1 and 2, over every reader (CSV, TSV, XLSX, report text):
 * a quota table in which two programmes are not split by city — their city
 * cells empty, the reason in a 备注 column or a footnote — and a 合计 row whose
 * overall figure (650) includes them while its city cells (310 + 280 = 590)
 * do not. Nothing may vanish, and 650 is checked against the 小计 it totals.
 */
import { describe, expect, it } from 'vitest';
import { readDefaultDataset } from '../../server/dataset/default-dataset.js';
import { readConfig } from '../../server/config.js';
import { runPipeline, type PipelineResult } from '../../server/import/pipeline.js';
import { HAVE_SEEDS, NEEDS_SEEDS, SEED_FILES, seedBytes, workbook } from './helpers.js';
import { unaccounted } from './invariant.js';

const registry = readDefaultDataset(readConfig().dataDir).registry;
const ON_DEMAND = '专业教师总量较少，各地按需报名';

const HEADER = ['培训项目', '专业类别或专题', '承担院校', '小计', '杭州', '宁波', '备注'];
const ROWS = [
  ['专业带头人领军能力研修', '信息技术类', '浙江工业大学', '300', '160', '140', ''],
  ['专业带头人领军能力研修', '旅游服务类', '浙江师范大学', '290', '150', '140', ''],
  ['“双师型”教师专业技能培训', '食品、农产品检测及质量安全', '浙江经贸职业技术学院', '30', '', '', ON_DEMAND],
  ['“双师型”教师专业技能培训', '服装制版师、服装制作与生产管理', '浙江纺织服装职业技术学院', '30', '', '', ON_DEMAND],
  ['合计', '', '', '650', '310', '280', ''],
];

const delimited = (sep: string, rows = ROWS, header = HEADER) => [header, ...rows].map((r) => r.join(sep)).join('\n') + '\n';
const report = (rows = ROWS, header = HEADER, notes: string[] = []) =>
  ['浙江省教育厅办公室关于下达2021年骨干教师培训名额的通知', '', '培训名额分配表', '', delimited('\t', rows, header), ...notes, ''].join('\n');
const xlsx = (rows = ROWS) => workbook((wb) => {
  const ws = wb.addWorksheet('名额');
  ws.addRow(HEADER);
  for (const r of rows) ws.addRow(r.map((c) => (/^\d+$/.test(c) ? Number(c) : c === '' ? null : c)));
});

async function run(name: string, bytes: Buffer | string): Promise<PipelineResult> {
  return runPipeline({ fileName: name, bytes: typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes, options: { province: '浙江', year: '2021' } }, { registry });
}

const READERS: [string, () => Promise<PipelineResult>][] = [
  ['CSV', () => run('名额.csv', delimited(','))],
  ['TSV', () => run('名额.tsv', delimited('\t'))],
  ['XLSX', async () => run('名额.xlsx', await xlsx())],
  ['report text', () => run('名额通知.txt', report())],
];

describe.each(READERS)('a quota table with a 备注 column, read as %s', (_label, read) => {
  it('keeps both on-demand programmes (city empty, quota = 小计, the remark as note): 590 split + 60 on demand', async () => {
    const r = await read();
    const q = r.facts.training_quotas;
    expect(q.filter((x) => x.city === null).map((x) => [x.programme, x.quota, x.note, x.source_row])).toEqual([
      ['食品、农产品检测及质量安全', 30, ON_DEMAND, 3],
      ['服装制版师、服装制作与生产管理', 30, ON_DEMAND, 4],
    ]);
    expect(q.filter((x) => x.city !== null).reduce((n, x) => n + x.quota, 0)).toBe(590);
    expect(q.reduce((n, x) => n + x.quota, 0)).toBe(650);
    expect(r.findings.filter((f) => f.code === 'quota_not_split').map((f) => [f.severity, f.source_row])).toEqual([['info', 3], ['info', 4]]);
  });

  it('the 合计 row agrees: 650 with the four 小计, each city with its column — no warning, nothing an error', async () => {
    const r = await read();
    expect(r.findings.filter((f) => f.severity !== 'info')).toEqual([]);
  });

  it('every printed figure is a fact, a stated total or named in a finding', async () => {
    expect(unaccounted(await read())).toEqual([]);
  });
});

describe('the reason for an unsplit row, wherever the document wrote it', () => {
  it('in a footnote (注：…) naming the programme', async () => {
    const header = HEADER.slice(0, 6);
    const rows = ROWS.map((r) => r.slice(0, 6));
    const r = await run('名额通知.txt', report(rows, header, ['注：“食品、农产品检测及质量安全”、“服装制版师、服装制作与生产管理”项目专业教师总量较少，各地按需报名，各设区市合计数不含这两个按需报名项目人数。']));
    expect(r.facts.training_quotas.filter((x) => x.city === null).map((x) => [x.quota, x.note?.startsWith('注：')])).toEqual([[30, true], [30, true]]);
    // The note also explains why the city totals add up to 590, not 650: an info, not a warning.
    const info = r.findings.find((f) => f.code === 'city_totals_exclude_unsplit')!;
    expect([info.severity, info.printed_value, info.expected_value]).toEqual(['info', '590', '590']);
    expect(info.message).toContain('全部合计 650 = 分市名额 590 + 按需报名 60');
    expect(r.findings.filter((f) => f.severity !== 'info')).toEqual([]);
  });

  it('nowhere: the row is still kept, with a warning asking why', async () => {
    const rows = ROWS.map((r) => [...r.slice(0, 6), '']);
    const r = await run('名额.csv', delimited(',', rows));
    expect(r.facts.training_quotas.filter((x) => x.city === null).map((x) => [x.quota, x.note])).toEqual([[30, null], [30, null]]);
    expect(r.findings.filter((f) => f.code === 'quota_not_split_unexplained').map((f) => [f.severity, f.source_row, f.source_column])).toEqual([['warning', 3, '小计'], ['warning', 4, '小计']]);
  });

  it('a row with neither city figures nor a 小计 is an error naming its row and cell; nothing is written', async () => {
    const rows = [...ROWS.slice(0, 4), ['专业带头人领军能力研修', '财经商贸类', '浙江经济职业技术学院', '', '', '', ''], ROWS[4]!];
    const r = await run('名额.csv', delimited(',', rows));
    const f = r.findings.find((x) => x.code === 'quota_row_unreadable')!;
    expect([f.severity, f.source_row, f.source_column, f.cell]).toEqual(['error', 5, '小计', { table: 'quotas', row: 4, col: 3 }]);
    expect(f.message).toBe('第 5 行“财经商贸类”既没有各市名额，也没有小计，无法读取');
    expect(r.preview.ok).toBe(false);
  });
});

describe('stated totals are checked against the sum they state', () => {
  it('the overall 合计 against the 小计 column: a row whose cities do not add up to its 小计 is flagged there, not at 合计', async () => {
    // 信息技术类 prints 小计 300 but its cities give 160 + 130 = 290; 宁波's 合计 follows its column (270).
    const rows = ROWS.map((r) => [...r]);
    rows[0]![5] = '130';
    rows[4]![5] = '270';
    const r = await run('名额.csv', delimited(',', rows));
    const warnings = r.findings.filter((f) => f.severity === 'warning');
    expect(warnings.map((f) => [f.code, f.source_row, f.printed_value, f.expected_value])).toEqual([['total_mismatch', 1, '300', '290']]);
    expect(warnings[0]!.message).toBe('“信息技术类”小计所列名额 300 与明细之和 290 不符（差 -10）');
  });

  it('a city’s 合计 against its column, pointing at the 合计 row and the city cell', async () => {
    const rows = ROWS.map((r) => [...r]);
    rows[4]![4] = '309';
    const r = await run('名额.csv', delimited(',', rows));
    const f = r.findings.find((x) => x.code === 'total_mismatch')!;
    expect([f.source_row, f.source_column, f.printed_value, f.expected_value]).toEqual([5, '杭州市', '309', '310']);
    expect(f.cell).toEqual({ table: 'quotas', row: 4, col: 4 });
    expect(f.message).toBe('合计行所列杭州市名额 309 与明细之和 310 不符（差 1）');
  });
});

describe('the seeds: every printed figure is accounted for', () => {
  it.skipIf(!HAVE_SEEDS).each(Object.keys(SEED_FILES) as (keyof typeof SEED_FILES)[])(`seed %s${NEEDS_SEEDS}`, async (id) => {
    const r = await runPipeline({ fileName: SEED_FILES[id], bytes: seedBytes(id) }, { registry });
    expect(unaccounted(r)).toEqual([]);
    expect(r.findings.filter((f) => f.code === 'figure_not_imported')).toEqual([]);
  });

  it('a column nobody mapped is reported figure by figure (排名), not dropped', async () => {
    const r = await runPipeline({ fileName: 'exam.csv', bytes: Buffer.from('证书,考证人数,通过人数,排名\n智能财税,40,36,1\n物流管理,30,27,2\n'), options: { school: '广州城市职业学院', year: '2021' } }, { registry });
    expect(r.findings.filter((f) => f.code === 'figure_not_imported').map((f) => [f.severity, f.source_row, f.source_column, f.printed_value])).toEqual([['warning', 1, '排名', '1'], ['warning', 2, '排名', '2']]);
    expect(unaccounted(r)).toEqual([]);
  });
});
