/**
 * Issue 12 item 3: two different files with the same facts (智能财税 2022 for
 * one school, 40 and 41 candidates) must not both count silently. The
 * preview names the earlier import and the overlapping rows; a commit needs
 * overlap=replace or overlap=keep with a reason (recorded on the import).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, query, type TestApp } from '../helpers/app.js';
import { postImport, tableCounts } from './helpers.js';

let app: TestApp;
// Building the app loads the default dataset: allow for a loaded machine (unit hooks default to 10 s).
beforeAll(async () => {
  app = await buildTestApp();
}, 120_000);
afterAll(async () => app.close());

const FIRST = '证书,考证人数,通过人数\n智能财税,40,30\n物流管理,20,18\n';
const SECOND = '证书,考证人数,通过人数\n智能财税,41,31\n';
const ctx = { school: '广州城市职业学院', year: '2022' };

interface Body { error?: { code: string; message_zh: string; overlaps?: { id: number; rows: number }[] }; import?: { id: number; status: string; overlap_choice: string | null; overlap_reason: string | null; overlap_imports: number[] }; overlapReplaced?: number[]; preview?: { overlaps: { id: number; file_name: string; rows: number }[]; findings: { code: string; severity: string; message: string; action?: string }[] } }

const candidates2022 = async () => (await query<{ candidates: number; certificate: string }>(app, 'pass_rate_by_certificate', { year: 2022, school: '广州城市职业学院' })).rows.find((r) => r.certificate === '智能财税')?.candidates ?? 0;

describe('overlapping imports — same school, year, certificate and level', () => {
  let firstId = 0;

  it('the first file commits as before (no overlap)', async () => {
    const res = await postImport(app, { name: '2022第一批.csv', bytes: FIRST }, ctx);
    expect(res.statusCode).toBe(201);
    firstId = (res.json() as Body).import!.id;
    expect(await candidates2022()).toBe(40);
  });

  it('the preview of a second file names the earlier import and the overlapping rows, with the action to take', async () => {
    const res = await postImport(app, { name: '2022更正.csv', bytes: SECOND }, ctx, { dryRun: true, asAdmin: false });
    const body = res.json() as Body;
    expect(body.preview!.overlaps).toEqual([expect.objectContaining({ id: firstId, file_name: '2022第一批.csv', rows: 1 })]);
    const f = body.preview!.findings.find((x) => x.code === 'overlaps_import')!;
    expect(f.severity).toBe('warning');
    expect(f.message).toContain(`与导入 #${firstId}“2022第一批.csv”有 1 行重叠`);
    expect(f.action).toContain('替换');
  });

  it('a commit without a choice answers 409 overlap_needs_choice naming the import, and writes nothing', async () => {
    const before = await tableCounts(app);
    const res = await postImport(app, { name: '2022更正.csv', bytes: SECOND }, ctx);
    expect(res.statusCode).toBe(409);
    const body = res.json() as Body;
    expect(body.error!.code).toBe('overlap_needs_choice');
    expect(body.error!.message_zh).toContain(`#${firstId}“2022第一批.csv”（1 行）`);
    expect(body.error!.overlaps!.map((o) => [o.id, o.rows])).toEqual([[firstId, 1]]);
    expect(await tableCounts(app)).toEqual(before);
    expect(await candidates2022()).toBe(40);
  });

  it('keep without a reason is refused (400); keep with a reason commits both and records the reason: 81 candidates, on purpose', async () => {
    expect((await postImport(app, { name: '2022更正.csv', bytes: SECOND }, { ...ctx, overlap: 'keep' })).statusCode).toBe(400);
    expect((await postImport(app, { name: '2022更正.csv', bytes: SECOND }, { ...ctx, overlap: 'both' })).statusCode).toBe(400);
    const res = await postImport(app, { name: '2022更正.csv', bytes: SECOND }, { ...ctx, overlap: 'keep', reason: '两个批次' });
    expect(res.statusCode).toBe(201);
    const body = res.json() as Body;
    expect(body.import).toMatchObject({ overlap_choice: 'keep', overlap_reason: '两个批次', overlap_imports: [firstId] });
    expect(await candidates2022()).toBe(81);
    // Undo it for the next case.
    const { adminHeaders } = await import('../helpers/app.js');
    expect((await app.inject({ method: 'DELETE', url: `/api/imports/${body.import!.id}`, headers: await adminHeaders(app) })).statusCode).toBe(200);
    expect(await candidates2022()).toBe(40);
  });

  it('replace replaces the earlier import: 41 candidates, the first marked replaced, its other rows gone too', async () => {
    const res = await postImport(app, { name: '2022更正.csv', bytes: SECOND }, { ...ctx, overlap: 'replace' });
    expect(res.statusCode).toBe(201);
    const body = res.json() as Body;
    expect(body.overlapReplaced).toEqual([firstId]);
    expect(body.import).toMatchObject({ overlap_choice: 'replace', overlap_reason: null, overlap_imports: [firstId] });
    expect(await candidates2022()).toBe(41);
    const old = (await app.inject({ method: 'GET', url: `/api/imports/${firstId}` })).json() as Body;
    expect(old.import!.status).toBe('replaced');
    // The new import stores no overlap warning: its choice is on the import.
    const mine = (await app.inject({ method: 'GET', url: `/api/imports/${body.import!.id}` })).json() as { findings: { code: string }[] };
    expect(mine.findings.map((f) => f.code)).not.toContain('overlaps_import');
  });

  it('identical bytes are still refused as a duplicate (409 duplicate_import), not as an overlap', async () => {
    const res = await postImport(app, { name: 'again.csv', bytes: SECOND }, ctx);
    expect([res.statusCode, (res.json() as Body).error!.code]).toEqual([409, 'duplicate_import']);
  });

  it('replacing the default dataset is refused (seed_import_locked); keeping both with a reason is allowed', async () => {
    const exam2020 = '证书,考证人数,通过人数\n智能财税,335,315\n';
    const opts = { school: '广州城市职业学院', year: '2020' };
    const preview = (await postImport(app, { name: '2020.csv', bytes: exam2020 }, opts, { dryRun: true })).json() as Body;
    expect(preview.preview!.overlaps.map((o) => o.rows)).toEqual([1]);
    const res = await postImport(app, { name: '2020.csv', bytes: exam2020 }, { ...opts, overlap: 'replace' });
    expect([res.statusCode, (res.json() as Body).error!.code]).toEqual([409, 'seed_import_locked']);
  });
});
