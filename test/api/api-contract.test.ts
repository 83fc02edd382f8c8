import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableFromIPC } from 'apache-arrow';
import { buildTestApp, type TestApp } from '../helpers/app.js';

let app: TestApp;
beforeAll(async () => { app = await buildTestApp(); });
afterAll(async () => app.close());

const get = (url: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url: encodeURI(url), headers });

describe('GET /api/health and /api/queries', () => {
  it('health says ok with the dataset version', async () => {
    const res = await get('/api/health');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ok', dataset: expect.stringMatching(/^[0-9a-f]{16}$/) });
  });
  it('lists every named query with typed parameters', async () => {
    const { queries } = (await get('/api/queries')).json() as { queries: { name: string; params: { name: string; type: string }[] }[] };
    const rate = queries.find((q) => q.name === 'pass_rate_by_certificate')!;
    expect(rate.params.map((p) => [p.name, p.type])).toEqual([['year', 'integer'], ['province', 'province'], ['city', 'city'], ['school', 'school'], ['level', 'level']]);
  });
  it('serves the OpenAPI document and its UI at /api/docs', async () => {
    expect((await get('/api/docs')).statusCode).toBeLessThan(400);
    const doc = (await get('/api/docs/json')).json() as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/health', '/api/queries']));
  });
});

describe('errors are JSON {error:{code,message}} and never a stack trace', () => {
  it.each([
    ['/api/queries/no_such_query', 404, 'query_not_found', /no_such_query/],
    ['/api/queries/pass_rate_by_certificate?colour=red', 400, 'invalid_params', /colour/],
    ['/api/queries/pass_rate_by_certificate?year=二〇二〇', 400, 'invalid_params', /year/],
    ['/api/queries/pass_rate_by_certificate?level=特级', 400, 'invalid_params', /level/],
    ['/api/queries/pass_rate_by_certificate?school=不存在的学校', 400, 'invalid_params', /school/],
    ['/api/queries/pass_rate_by_certificate?province=火星', 400, 'invalid_params', /province/],
    ['/api/queries/pass_rate_by_certificate?format=pdf', 400, 'invalid_params', /format/],
    ['/api/nothing-here', 404, 'not_found', /nothing-here/],
  ])('%s → %i %s', async (url, status, code, mentions) => {
    const res = await get(url);
    expect(res.statusCode).toBe(status);
    const body = res.json() as { error: { code: string; message: string; message_zh: string } };
    expect(body.error.code).toBe(code);
    expect(body.error.message).toMatch(mentions);
    expect(body.error.message_zh).toMatch(/[\u4e00-\u9fff]/);
    expect(res.body).not.toMatch(/at .*\.ts:\d+/);
  });
});

describe('formats — seed 004, exam table via pass_rate_by_certificate', () => {
  it('CSV is UTF-8 with a BOM, no sep= line, and the Chinese names intact', async () => {
    const res = await get('/api/queries/pass_rate_by_certificate?year=2020&format=csv');
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const lines = res.body.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('certificate,certificate_id,candidates,passed,pass_rate,ci_low,ci_high,schools');
    expect(lines).toHaveLength(17);
    expect(lines.find((l) => l.startsWith('智能财税,'))).toMatch(/^智能财税,\d+,335,315,/);
    expect(res.headers['content-disposition']).toContain("filename*=UTF-8''pass_rate_by_certificate.csv");
  });

  it('Arrow IPC stream by format=arrow decodes with apache-arrow to the same figures as JSON', async () => {
    const res = await get('/api/queries/pass_rate_by_certificate?year=2020&format=arrow');
    expect(res.headers['content-type']).toBe('application/vnd.apache.arrow.stream');
    const table = tableFromIPC(res.rawPayload);
    expect(table.numRows).toBe(16);
    const json = (await get('/api/queries/pass_rate_by_certificate?year=2020')).json() as { rows: Record<string, unknown>[] };
    expect(table.toArray().map((r) => ({ ...r.toJSON() }))).toEqual(json.rows);
  });

  it('Arrow is also chosen by the Accept header', async () => {
    const res = await get('/api/queries/city_quotas?province=浙江', { accept: 'application/vnd.apache.arrow.stream' });
    expect(res.headers['content-type']).toBe('application/vnd.apache.arrow.stream');
    const table = tableFromIPC(res.rawPayload);
    expect(table.numRows).toBe(211);
    expect(table.getChild('quota')!.toArray().reduce((a: number, b: number) => a + b, 0)).toBe(650);
  });
});

describe('results are cached by data version — seed 004, exam table', () => {
  it('answers the second identical request from the cache and a revalidation with 304', async () => {
    const url = '/api/queries/pass_rate_by_certificate?year=2020&province=广东省';
    const first = await get(url);
    const second = await get(url);
    expect(second.headers['x-cache']).toBe('hit');
    expect(second.json()).toEqual(first.json());
    const etag = String(second.headers.etag);
    const revalidated = await get(url, { 'if-none-match': etag });
    expect(revalidated.statusCode).toBe(304);
    expect((await get('/api/queries/pass_rate_by_certificate?year=2021', { 'if-none-match': etag })).statusCode).toBe(200);
  });
});
