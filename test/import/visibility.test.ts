/**
 * Visibility per import (issue 10): POST /api/imports takes
 * visibility=public|restricted; restricted is the default; a bad value is a
 * 400 naming the field, and writes nothing. The seed imports are public.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { postImport, tableCounts } from './helpers.js';

let app: TestApp;
beforeAll(async () => { app = await buildTestApp(); });
afterAll(async () => app.close());

const CSV = (n: number) => `证书,考证人数,通过人数\n智能财税,${n},${n - 1}\n`;
const anonymousCandidates = async (year: number) => Number(((await app.inject({ method: 'GET', url: `/api/queries/overview_totals?year=${year}` })).json() as { rows: { candidates: number | null }[] }).rows[0]!.candidates ?? 0);

describe('POST /api/imports visibility', () => {
  it('the five seed imports are public', async () => {
    const list = (await app.inject({ method: 'GET', url: '/api/imports' })).json() as { imports: { kind: string; visibility: string }[] };
    expect(list.imports.filter((i) => i.kind === 'seed').map((i) => i.visibility)).toEqual(['public', 'public', 'public', 'public', 'public']);
  });
  it('a bad value is 400 invalid_params naming visibility, in Chinese and English, and nothing is written', async () => {
    const before = await tableCounts(app);
    const res = await postImport(app, { name: 'v.csv', bytes: CSV(10) }, { school: '1', year: '2030', visibility: 'secret' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: { code: 'invalid_params', message: expect.stringContaining('visibility'), message_zh: expect.stringContaining('可见性') } });
    expect(await tableCounts(app)).toEqual(before);
  });
  it('without the field an import is restricted: anonymous visitors do not see its rows', async () => {
    const res = await postImport(app, { name: 'r.csv', bytes: CSV(40) }, { school: '1', year: '2031' });
    expect(res.statusCode).toBe(201);
    expect((res.json() as { import: { visibility: string } }).import.visibility).toBe('restricted');
    expect(await anonymousCandidates(2031)).toBe(0);
  });
  it('visibility=public publishes it', async () => {
    const res = await postImport(app, { name: 'p.csv', bytes: CSV(50) }, { school: '1', year: '2032', visibility: 'public' });
    expect((res.json() as { import: { visibility: string } }).import.visibility).toBe('public');
    expect(await anonymousCandidates(2032)).toBe(50);
  });
});
