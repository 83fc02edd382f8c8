/**
 * Bounded work for an XLSX preview (open without sign-in, issue 11): hostile
 * workbooks built in the test are refused with a clear 4xx naming the limit,
 * the parse runs in a worker thread so /api/health answers while it runs, and
 * a worker that runs out of its heap answers 422 instead of taking the server
 * down.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readXlsx } from '../../server/import/xlsx.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { bombXlsx, gridXlsx, lyingXlsx } from './hostile-xlsx.js';
import { multipart } from './helpers.js';

const MB = 1024 * 1024;
const limits = { maxUncompressedBytes: 8 * MB, maxRows: 1000, maxCells: 5000 };

describe('XLSX parts, rows and cells are bounded before anything is built', () => {
  it('a part whose honest header declares more than the limit is refused unread, naming the limit', async () => {
    const bytes = await bombXlsx('xl/sharedStrings.xml', 64 * MB);
    expect(bytes.length).toBeLessThan(200 * 1024);
    await expect(readXlsx(bytes, 'bomb.xlsx', null, limits)).rejects.toMatchObject({
      statusCode: 422,
      code: 'xlsx_too_large',
      message: expect.stringContaining('XPILOT_XLSX_MAX_UNCOMPRESSED_MB'),
      messageZh: expect.stringContaining('最多解压 8 MB'),
      details: { part: 'xl/sharedStrings.xml', unpacked_mb: 64, max_mb: 8 },
    });
  });

  it('a gigabyte-sized part the import does not need (an image) is never inflated', async () => {
    const read = await readXlsx(await bombXlsx('xl/media/image1.png', 64 * MB), 'media.xlsx', null, limits);
    expect(read.table!.rows.map((r) => r.cells)).toEqual([['智能财税', '10', '9']]);
  });

  it('a sheet whose header understates its size stops at the declared size', async () => {
    await expect(readXlsx(await lyingXlsx(64 * MB), 'lying.xlsx', null, limits)).rejects.toMatchObject({
      statusCode: 422,
      code: 'invalid_xlsx',
      messageZh: expect.stringContaining('大于其声明的 1024 字节'),
    });
  });

  it('rows and cells beyond the limits are refused, naming them', async () => {
    await expect(readXlsx(await gridXlsx(1500, 2), 'rows.xlsx', null, limits)).rejects.toMatchObject({ statusCode: 422, code: 'too_many_rows', details: { rows: 1501, max_rows: 1000 } });
    await expect(readXlsx(await gridXlsx(500, 20), 'cells.xlsx', null, limits)).rejects.toMatchObject({
      statusCode: 422,
      code: 'too_many_cells',
      message: expect.stringContaining('XPILOT_IMPORT_MAX_CELLS'),
      details: { cells: 10_020, max_cells: 5000 },
    });
    const ok = await readXlsx(await gridXlsx(200, 20), 'ok.xlsx', null, limits);
    expect(ok.table!.rows).toHaveLength(200);
  });
});

/** Builds an app with these environment settings (read when the import routes register). */
async function appWith(env: Record<string, string>): Promise<TestApp> {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  try {
    return await buildTestApp();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

async function preview(base: string, name: string, bytes: Buffer): Promise<{ status: number; body: { error?: { code: string; message: string; message_zh: string } } }> {
  const body = await multipart({ name, bytes }, { school: '1', year: '2021' });
  const res = await fetch(`${base}/api/imports?dryRun=true`, { method: 'POST', body: new Uint8Array(body.payload), headers: body.headers });
  return { status: res.status, body: (await res.json()) as { error?: { code: string; message: string; message_zh: string } } };
}

describe('XLSX preview over a real port: off the event loop', () => {
  let app: TestApp;
  let base: string;
  beforeAll(async () => {
    app = await appWith({ XPILOT_IMPORT_MAX_CELLS: '3000000', XPILOT_IMPORT_MAX_ROWS: '200000' });
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  });
  afterAll(() => app.close());

  it('/api/health answers while a large sheet is being read, each time in a small part of the parse time', async () => {
    const bytes = await gridXlsx(60_000, 20);
    let parsing = true;
    const latencies: number[] = [];
    const t0 = performance.now();
    const parse = preview(base, 'large.xlsx', bytes).finally(() => {
      parsing = false;
    });
    while (parsing) {
      const t = performance.now();
      const sent = parsing;
      const res = await fetch(`${base}/api/health`);
      expect(res.status).toBe(200);
      // A check counts if it was sent while the parse ran (the one a blocked loop holds answers after it).
      if (sent) latencies.push(performance.now() - t);
      await new Promise((r) => setTimeout(r, 20));
    }
    const result = await parse;
    const parseMs = performance.now() - t0;
    expect(result.status).toBe(200);
    expect(latencies.length).toBeGreaterThanOrEqual(3);
    // On the event loop, one health check waited for most of the parse; in the worker each is a small fraction of it.
    expect(Math.max(...latencies)).toBeLessThan(parseMs / 5);
  }, 180_000);

  it('the honest zip bomb and the lying header answer 422 with their codes', async () => {
    const bomb = await preview(base, 'bomb.xlsx', await bombXlsx('xl/sharedStrings.xml', 300 * MB));
    expect([bomb.status, bomb.body.error?.code]).toEqual([422, 'xlsx_too_large']);
    expect(bomb.body.error?.message_zh).toContain('XPILOT_XLSX_MAX_UNCOMPRESSED_MB');
    const lying = await preview(base, 'lying.xlsx', await lyingXlsx(64 * MB));
    expect([lying.status, lying.body.error?.code]).toEqual([422, 'invalid_xlsx']);
  }, 120_000);
});

describe('a parse worker that runs out of its heap or time', () => {
  it('answers 422 import_too_complex naming the limit, and the server keeps serving', async () => {
    const app = await appWith({ XPILOT_IMPORT_WORKER_MEMORY_MB: '64', XPILOT_IMPORT_MAX_CELLS: '3000000' });
    try {
      await app.listen({ port: 0, host: '127.0.0.1' });
      const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
      const res = await preview(base, 'heavy.xlsx', await gridXlsx(60_000, 20));
      expect(res.status).toBe(422);
      expect(res.body.error).toMatchObject({ code: 'import_too_complex', message: expect.stringContaining('XPILOT_IMPORT_WORKER_MEMORY_MB'), message_zh: expect.stringContaining('64 MB') });
      expect((await fetch(`${base}/api/health`)).status).toBe(200);
    } finally {
      await app.close();
    }
  }, 120_000);

  it('answers 422 import_too_slow naming the time limit', async () => {
    const app = await appWith({ XPILOT_IMPORT_PARSE_TIMEOUT_MS: '1' });
    try {
      const body = await multipart({ name: 'ok.xlsx', bytes: await gridXlsx(10, 3) }, { school: '1', year: '2021' });
      const res = await app.inject({ method: 'POST', url: '/api/imports?dryRun=true', payload: body.payload, headers: body.headers });
      expect([res.statusCode, res.json().error.code]).toEqual([422, 'import_too_slow']);
      expect(res.json().error.message).toContain('XPILOT_IMPORT_PARSE_TIMEOUT_MS');
    } finally {
      await app.close();
    }
  }, 60_000);
});
