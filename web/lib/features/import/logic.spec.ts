import { describe, expect, it } from 'vitest';
import { canUndo, cellKey, contextRows, fieldLabel, findingPlace, findingsByCell, formatBytes, formFields, groupFindings, mappingJson, overlapReady, pastedFile, rowCountText, withColumn, withKind, worst } from './logic';
import { EMPTY_FORM, type ImportFinding, type Preview, type PreviewTable } from './types';

const finding = (severity: ImportFinding['severity'], cell: ImportFinding['cell'], extra: Partial<ImportFinding> = {}): ImportFinding => ({
  severity, code: 'x', message: 'm', source_file: 'f', source_table: 'exam', source_row: 14, source_column: '通过率', printed_value: null, expected_value: null, cell, ...extra,
});

const table = { key: 'exam', overrideKey: 'exam' } as PreviewTable;

describe('findingsByCell', () => {
  it('keys findings by table:row:col, most severe first; findings without a cell are left out', () => {
    const map = findingsByCell([
      finding('info', { table: 'exam', row: 13, col: 4 }),
      finding('warning', { table: 'exam', row: 13, col: 4 }),
      finding('error', { table: 'exam', row: -1, col: null }),
      finding('error', null),
    ]);
    expect([...map.keys()]).toEqual(['exam:13:4', 'exam:-1:*']);
    expect(map.get('exam:13:4')!.map((f) => f.severity)).toEqual(['warning', 'info']);
    expect(cellKey('annex2', 21, 4)).toBe('annex2:21:4');
  });

  it.each([
    [[], null],
    [['info'], 'info'],
    [['info', 'error', 'warning'], 'error'],
    [['warning', 'info'], 'warning'],
  ] as const)('worst(%j) = %s', (levels, want) => {
    expect(worst(levels.map((s) => finding(s, null)))).toBe(want);
  });
});

describe('labels', () => {
  it.each([
    [finding('warning', null), '考核结果表 · 第 14 行 · 通过率'],
    [finding('warning', null, { source_table: 'narrative', source_row: null, source_column: 'pilots_中级', line: 5 }), '正文 · 中级试点数 · 正文第 5 行'],
    [finding('error', null, { source_table: null, source_row: null, source_column: 'year' }), '年份'],
    [finding('warning', null, { source_table: 'annex2', source_row: 3, source_column: null }), '附件 2 · 第 3 行'],
  ])('findingPlace → %s', (f, want) => {
    expect(findingPlace(f)).toBe(want);
  });
  it.each([
    ['candidates', '考证人数'],
    ['quota:杭州市', '名额·杭州市'],
    [null, '（不导入）'],
    ['mystery', 'mystery'],
  ])('fieldLabel(%s) = %s', (t, want) => {
    expect(fieldLabel(t)).toBe(want);
  });
  it.each([
    [500, '500 B'],
    [1536, '1.5 KB'],
    [52428800, '50.0 MB'],
  ])('formatBytes(%i) = %s', (n, want) => {
    expect(formatBytes(n)).toBe(want);
  });
  it('rowCountText shows the tables with rows', () => {
    expect(rowCountText({ exam_results: 18, pilot_applications: 0, stated_totals: 16, exam_records: 1000000 })).toBe('考核结果 18 · 文件所列合计 16 · 考生记录 1,000,000');
    expect(rowCountText({})).toBe('无');
  });
  it('groupFindings: errors, then warnings, then info; empty groups left out', () => {
    expect(groupFindings([finding('info', null), finding('error', null), finding('info', null)]).map((g) => [g.severity, g.items.length])).toEqual([['error', 1], ['info', 2]]);
  });
});

describe('what the page sends', () => {
  it('mapping overrides only for changed tables, by override key', () => {
    expect(mappingJson({})).toBe('');
    expect(mappingJson({ exam: { columns: {} } })).toBe('');
    const o = withKind(withColumn({}, table, '报名数', 'candidates'), table, 'exam_results');
    expect(mappingJson(o)).toBe('{"tables":{"exam":{"columns":{"报名数":"candidates"},"kind":"exam_results"}}}');
  });

  it('formFields: trimmed values, auto encoding left out, replace as "true"', () => {
    expect(formFields({ ...EMPTY_FORM, school: ' 广州城市职业学院 ', year: '2021', encoding: 'auto', replace: true })).toEqual({ school: '广州城市职业学院', year: '2021', replace: 'true', visibility: 'restricted' });
    expect(formFields({ ...EMPTY_FORM, encoding: 'GBK', overrides: withColumn({}, table, '合格', '') })).toEqual({ encoding: 'GBK', mapping: '{"tables":{"exam":{"columns":{"合格":""}}}}', visibility: 'restricted' });
  });

  it.each([
    ['证书\t考证人数\r\n智能财税\t10\r\n\r\n', { name: '粘贴的表格.tsv', text: '证书\t考证人数\n智能财税\t10\n' }],
    ['证书,考证人数\n智能财税,10', { name: '粘贴的表格.csv', text: '证书,考证人数\n智能财税,10\n' }],
    ['  \n', null],
  ])('pastedFile(%j)', (text, want) => {
    expect(pastedFile(text)).toEqual(want);
  });

  it('canUndo: only committed imports that are not the default dataset', () => {
    expect([canUndo({ status: 'committed', kind: 'exam_results' }), canUndo({ status: 'undone', kind: 'exam_results' }), canUndo({ status: 'committed', kind: 'seed' })]).toEqual([true, false, false]);
  });

  it('contextRows: what was found, where from, and what is missing', () => {
    const preview = { context: { school: { value: '广州城市职业学院', from: 'title' }, year: null, province: { value: '广东省', from: 'registry' }, city: null }, missing: ['year'] } as unknown as Preview;
    expect(contextRows(preview, { ...EMPTY_FORM, year: '2021' }).map((r) => [r.field, r.found, r.from, r.missing, r.value])).toEqual([
      ['school', '广州城市职业学院', '来自标题', false, ''],
      ['year', null, null, true, '2021'],
      ['province', '广东省', '来自学校登记表', false, ''],
      ['city', null, null, false, ''],
    ]);
  });
});

describe('overlap choice — a commit over overlapping imports needs replace, or keep with a reason', () => {
  const o = { id: 7, file_name: 'a.csv', kind: 'exam_results', imported_at: null, rows: 1, tables: [] };
  it.each([
    [[], '', '', true],
    [[o], '', '', false],
    [[o], 'replace', '', true],
    [[o], 'keep', '  ', false],
    [[o], 'keep', '两个批次', true],
  ] as const)('overlaps %j, overlap %s, reason %j → %s', (overlaps, overlap, reason, ready) => {
    expect(overlapReady(overlaps, { overlap, reason })).toBe(ready);
  });
  it('sends overlap, and the reason only with keep', () => {
    expect(formFields({ ...EMPTY_FORM, overlap: 'keep', reason: ' 两个批次 ' })).toEqual({ overlap: 'keep', reason: '两个批次', visibility: 'restricted' });
    expect(formFields({ ...EMPTY_FORM, overlap: 'replace', reason: 'x' })).toEqual({ overlap: 'replace', visibility: 'restricted' });
  });
});
