/**
 * Heavy exports from POST /api/sql over real sockets (issue 11, "Parallel
 * exports" and "Console XLSX over ~300k rows"): parallel CSV exports all
 * arrive whole; a client that stops reading does not make the server buffer
 * the answer; a full export queue answers 503 with Retry-After; an XLSX
 * longer than XPILOT_SQL_XLSX_MAX_ROWS is refused before any byte.
 */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';

const WIDE = (n: number) => `SELECT range AS n, 'row ' || range || ' ' || repeat('x', 80) AS t FROM range(${n})`;

describe('parallel exports', () => {
  let app: TestApp;
  let base: string;
  beforeAll(async () => {
    app = await buildTestApp({ sqlLimits: { timeoutMs: 60_000, exportsRunning: 2, exportsQueued: 1, maxRunningPerUser: 8 } });
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
    await app.sqlSandbox.whenReady();
  });
  afterAll(async () => app.close());

  // Every request comes from one address (one anonymous owner), so the per-user cap is raised above the export queue's.
  const post = (body: object, _user: string) => fetch(`${base}/api/sql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('three parallel 150 000-row CSV exports all succeed, each with every row', async () => {
    const N = 150_000;
    const answers = await Promise.all(
      [0, 1, 2].map(async (i) => {
        const res = await post({ sql: WIDE(N), format: 'csv' }, `exporter-${i}`);
        const text = await res.text();
        return { status: res.status, rowCount: res.headers.get('x-row-count'), lines: text.split('\r\n').length - 2, last: text.split('\r\n').at(-2) };
      }),
    );
    for (const a of answers) expect(a).toEqual({ status: 200, rowCount: String(N), lines: N, last: `${N - 1},row ${N - 1} ${'x'.repeat(80)}` });
    expect(app.sqlSandbox.exports()).toEqual({ running: 0, queued: 0 });
  });

  it('beyond the running exports and the queue: 503 sql_export_queue_full with Retry-After, the others still whole', async () => {
    const N = 150_000;
    // Two exports whose bodies are not read yet hold both slots; a third waits in the queue (room for one).
    const running = await Promise.all([0, 1].map((i) => post({ sql: WIDE(N), format: 'csv' }, `queue-${i}`)));
    const waiting = post({ sql: WIDE(N), format: 'csv' }, 'queue-2');
    while (app.sqlSandbox.exports().queued < 1) await new Promise((r) => setTimeout(r, 20));
    const refused = await post({ sql: WIDE(N), format: 'csv' }, 'queue-3');
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('10');
    expect(((await refused.json()) as { error: { code: string; message_zh: string } }).error).toMatchObject({ code: 'sql_export_queue_full', message_zh: expect.stringContaining('排队') });
    // Reading the running ones frees the slots; only then does the waiting one get its answer.
    for (const res of running) {
      expect(res.status).toBe(200);
      expect((await res.text()).split('\r\n').length - 2).toBe(N);
    }
    const third = await waiting;
    expect(third.status).toBe(200);
    expect((await third.text()).split('\r\n').length - 2).toBe(N);
  });

  it('a client that stops reading does not grow the server’s memory with the answer', async () => {
    // ~100 MB of CSV: buffered, it would show in arrayBuffers many times over the bound.
    const N = 1_000_000;
    const body = JSON.stringify({ sql: WIDE(N), format: 'csv' });
    const { port } = app.server.address() as { port: number };
    global.gc?.();
    const before = process.memoryUsage();
    const sock = connect({ port, host: '127.0.0.1' });
    let got = 0;
    let firstByte!: () => void;
    const started = new Promise<void>((r) => (firstByte = r));
    sock.on('data', (b: Buffer) => {
      got += b.length;
      firstByte();
      if (got > 64 * 1024) sock.pause();
    });
    sock.write(`POST /api/sql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    await started;
    let grew = 0;
    // Long enough for the worker to encode far more than the bound if nothing held it back.
    for (let i = 0; i < 40; i++) {
      await new Promise((r) => setTimeout(r, 250));
      const now = process.memoryUsage();
      grew = Math.max(grew, now.arrayBuffers - before.arrayBuffers);
    }
    sock.destroy();
    expect(got).toBeLessThan(20 * 1024 * 1024);
    expect(grew).toBeLessThan(48 * 1024 * 1024);
  });
});

describe('console XLSX over the limit', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await buildTestApp({ sqlLimits: { xlsxMaxRows: 1_000 } });
  });
  afterAll(async () => app.close());

  it('a result longer than XPILOT_SQL_XLSX_MAX_ROWS is refused with 422 naming the limit', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/sql', payload: { sql: 'SELECT range AS n FROM range(1001)', format: 'xlsx' } });
    expect(res.statusCode).toBe(422);
    const err = (res.json() as { error: { code: string; message: string; message_zh: string; xlsx_max_rows: number } }).error;
    expect(err).toMatchObject({ code: 'sql_xlsx_too_many_rows', xlsx_max_rows: 1_000 });
    expect(err.message).toContain('XPILOT_SQL_XLSX_MAX_ROWS');
    expect(err.message_zh).toContain('1000 行');
  });

  it('exactly the limit, or a smaller limit the user chose, still downloads', async () => {
    const full = await app.inject({ method: 'POST', url: '/api/sql', payload: { sql: 'SELECT range AS n FROM range(1000)', format: 'xlsx' } });
    expect(full.statusCode).toBe(200);
    expect(full.headers['x-row-count']).toBe('1000');
    const chosen = await app.inject({ method: 'POST', url: '/api/sql', payload: { sql: 'SELECT range AS n FROM range(5000)', format: 'xlsx', limit: 10 } });
    expect(chosen.statusCode).toBe(200);
    expect(chosen.headers['x-truncated']).toBe('true');
  });
});
