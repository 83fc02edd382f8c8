/**
 * Arrow answers of the SQL console built from DuckDB's own buffers and
 * streamed from the running statement (issue 13, speed goal 2): every type
 * decodes (web/lib/arrow.ts) to exactly the values JSON sends, across several
 * record batches; a client that stops reading holds the worker back instead
 * of the worker reading the whole result.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tableFromIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { decodeArrow, rowObject } from '../../web/lib/arrow.js';

const WIDE = readFileSync(new URL('./arrow-wide.sql', import.meta.url), 'utf8');
/** JSON sends lists and structs as values; Arrow as their JSON text. */
const AS_JSON_TEXT = new Set(['lst', 'st']);

let app: TestApp;
beforeAll(async () => {
  app = await buildTestApp({ sqlLimits: { timeoutMs: 60_000, exportMaxRows: 5_000_000 } });
  await app.sqlSandbox.whenReady();
});
afterAll(async () => app.close());

const sql = (body: Record<string, unknown>) => app.inject({ method: 'POST', url: '/api/sql', payload: body });

describe('Arrow from DuckDB buffers: the same values as JSON', () => {
  it('every type, NULLs and Chinese text, 66 000 rows in two record batches', async () => {
    const n = 66_000;
    const [arrow, json] = await Promise.all([sql({ sql: WIDE, params: { n }, format: 'arrow' }), sql({ sql: WIDE, params: { n } })]);
    expect(arrow.statusCode, arrow.body.slice(0, 300)).toBe(200);
    expect(json.statusCode, json.body.slice(0, 300)).toBe(200);
    const rows = (json.json() as { rows: Record<string, unknown>[] }).rows;
    const raw = tableFromIPC(arrow.rawPayload);
    expect(raw.batches.length).toBeGreaterThan(1);
    const t = decodeArrow(arrow.rawPayload);
    expect(t.numRows).toBe(n);
    expect(rows).toHaveLength(n);
    const types = Object.fromEntries(raw.schema.fields.map((f) => [f.name, String(f.type)]));
    expect(types).toMatchObject({ tiny: 'Int32', int: 'Int32', ui: 'Float64', big: 'Int64', ubig: 'Uint64', huge: 'Utf8', d: 'Float64', dec18: 'Float64', flag: 'Bool', txt: 'Utf8', day: 'Utf8', ts: 'Utf8' });
    const mismatches: string[] = [];
    for (const c of t.columns) {
      const all = c.values;
      for (let r = 0; r < n; r++) {
        const want = rows[r]![c.name];
        let got: unknown = c.get(r);
        if (AS_JSON_TEXT.has(c.name) && typeof got === 'string') got = JSON.parse(got);
        if (!Object.is(JSON.stringify(got), JSON.stringify(want)) || JSON.stringify(all[r]) !== JSON.stringify(c.get(r))) {
          if (mismatches.length < 20) mismatches.push(`${c.name}[${r}]: arrow ${JSON.stringify(got)} / values ${JSON.stringify(all[r])} vs json ${JSON.stringify(want)}`);
        }
      }
    }
    expect(mismatches).toEqual([]);
    // The edges are really in the data (not all NULL by accident).
    expect(rowObject(t, 1)).toMatchObject({ d: 'Infinity', dayx: 'infinity', tsx: 'infinity' });
    expect(rowObject(t, 2)).toMatchObject({ d: 'NaN', dayx: '-infinity', hugex: '170141183460469231731687303715884105727', tsx: '1960-01-01T00:00:00.001Z' });
    expect(rowObject(t, 3)).toMatchObject({ bigx: '9007199254740993', dayx: '5881580-07-10', txt: '广州城市职业学院 3' });
    expect(rowObject(t, 4)).toMatchObject({ bigx: '-9223372036854775808', dayx: '0044-03-15 (BC)', txt: '智能财税' });
    expect(rowObject(t, 5)).toMatchObject({ dec18x: 999999999999999.999, dayx: null, big: null, txt: 'a fairly long ascii string 5' });
  });
});

/** VmRSS of this process's SQL workers (the shared one and any scoped one), in bytes. */
function workersRss(): number {
  let sum = 0;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid !== process.pid || !readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('sql-worker')) continue;
      sum += Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) * 1024;
    } catch {
      // The process ended meanwhile.
    }
  }
  return sum;
}

describe('a streamed Arrow answer to a client that stops reading', () => {
  it('the worker reads no further ahead than the client: its memory stays far below the result', async () => {
    // 2 000 000 rows of ~320 bytes: ~640 MB if the worker read the whole result before sending.
    const N = 2_000_000;
    const body = JSON.stringify({ sql: `SELECT range AS n, 'row ' || range || ' ' || repeat('文', 100) AS t FROM range(${N})`, format: 'arrow', limit: N });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as { port: number };
    // The same caller's worker (a scoped one for an anonymous reader) is started and warm before measuring.
    const warm = await fetch(`http://127.0.0.1:${port}/api/sql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sql: 'SELECT range AS n, repeat(\'文\', 100) AS t FROM range(100000)', format: 'arrow', limit: 100000 }) });
    expect(warm.status).toBe(200);
    await warm.arrayBuffer();
    const before = workersRss();
    expect(before).toBeGreaterThan(0);
    const sock = connect({ port, host: '127.0.0.1' });
    let got = 0;
    let head = '';
    let firstByte!: () => void;
    const started = new Promise<void>((r) => (firstByte = r));
    sock.on('data', (b: Buffer) => {
      if (!head) head = b.toString('latin1', 0, Math.min(b.length, 4000));
      got += b.length;
      firstByte();
      if (got > 64 * 1024) sock.pause();
    });
    sock.write(`POST /api/sql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    await started;
    let grew = 0;
    // Long enough for the worker to read far more than the bound if nothing held it back.
    for (let i = 0; i < 40; i++) {
      await new Promise((r) => setTimeout(r, 250));
      grew = Math.max(grew, workersRss() - before);
    }
    sock.destroy();
    expect(head).toMatch(/^HTTP\/1\.1 200/);
    expect(head.toLowerCase()).toContain('application/vnd.apache.arrow.stream');
    expect(got).toBeLessThan(24 * 1024 * 1024);
    // Reading the whole result first (the old path) grew the worker by ~1 GB here; streamed, it stays within one batch or two.
    expect(grew).toBeLessThan(256 * 1024 * 1024);
  });
});
