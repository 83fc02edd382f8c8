/**
 * Bench section "sql-transfer": how long a 1,000,000-row SQL console result
 * takes to reach a client as Arrow vs JSON, over a real port — from sending
 * POST /api/sql until the client holds decoded, usable columns (Arrow:
 * web/lib/arrow.ts, the browser's own decoder, which reads cells lazily — the
 * time until every value is also a JS value is printed too; JSON: parsed).
 * The server runs as `npm start` does (tsx server/main.ts), with the JSON cap
 * raised to 1,000,000 rows for the comparison. Best of 3 each, printed side
 * by side with the ratio. BENCH_SQL_ROWS overrides the row count.
 *
 * Run alone: `npx tsx test/bench/sql-transfer.ts`.
 */
import type { BenchContext } from './context.js';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROOT } from '../../server/config.js';
import { decodeArrow } from '../../web/lib/arrow.js';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** A realistic candidate-level shape: ids, text, small integers, a score, a flag ($rows rows). */
const SQL = readFileSync(fileURLToPath(new URL('./sql-transfer.sql', import.meta.url)), 'utf8');

interface Timing {
  ms: number;
  firstByteMs: number;
  bytes: number;
  rows: number;
  /** Arrow only: until every value of every column is also a JS value (what sorting or charting all rows needs). */
  allValuesMs?: number;
}

async function fetchAs(base: string, format: 'arrow' | 'json', rows: number): Promise<Timing> {
  const t0 = performance.now();
  const res = await fetch(`${base}/api/sql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: format === 'arrow' ? 'application/vnd.apache.arrow.stream' : 'application/json' },
    body: JSON.stringify({ sql: SQL, params: { rows }, format, limit: rows }),
  });
  const firstByteMs = performance.now() - t0;
  if (!res.ok) throw new Error(`${format}: HTTP ${res.status} ${await res.text()}`);
  if (format === 'arrow') {
    const buf = new Uint8Array(await res.arrayBuffer());
    const table = decodeArrow(buf);
    const ms = performance.now() - t0;
    for (const c of table.columns) void c.values;
    return { ms, firstByteMs, bytes: buf.byteLength, rows: table.numRows, allValuesMs: performance.now() - t0 };
  }
  const text = await res.text();
  const body = JSON.parse(text) as { rows: unknown[] };
  return { ms: performance.now() - t0, firstByteMs, bytes: Buffer.byteLength(text), rows: body.rows.length };
}

export async function sqlTransferSection(ctx: BenchContext): Promise<void> {
  const rows = Number(process.env.BENCH_SQL_ROWS ?? (ctx.scale === 'small' ? 20_000 : 1_000_000));
  const dir = mkdtempSync(join(tmpdir(), 'xpilot-bench-sql-'));
  const port = await freePort();
  const server = spawn(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, 'server/main.ts')], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      XPILOT_DB: join(dir, 'bench.duckdb'),
      LOG_LEVEL: 'warn',
      XPILOT_SQL_MAX_ROWS: String(rows),
      XPILOT_SQL_EXPORT_MAX_ROWS: String(rows),
      XPILOT_SQL_TIMEOUT_MS: '120000',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  try {
    const deadline = Date.now() + 90_000;
    for (;;) {
      if (server.exitCode !== null) throw new Error(`server exited with ${server.exitCode}`);
      try {
        if ((await fetch(`${base}/api/health`)).ok) break;
      } catch {
        /* not up yet */
      }
      if (Date.now() > deadline) throw new Error('server did not start within 90 s');
      await new Promise((r) => setTimeout(r, 250));
    }
    console.log(`\n== sql-transfer: a ${rows.toLocaleString('en')}-row result of POST /api/sql reaching a client over a real port (best of 3)`);
    // Warm up both paths once (the worker's first statement, JIT).
    await fetchAs(base, 'arrow', 1000);
    await fetchAs(base, 'json', 1000);
    const best: Record<'arrow' | 'json', Timing> = {} as never;
    for (const format of ['arrow', 'json'] as const) {
      for (let round = 0; round < 3; round++) {
        const t = await fetchAs(base, format, rows);
        if (t.rows !== rows) throw new Error(`${format}: got ${t.rows} rows, expected ${rows}`);
        if (!best[format] || t.ms < best[format].ms) best[format] = t;
      }
    }
    const pad = (s: string) => s.padEnd(44);
    const line = (label: string, t: Timing) =>
      console.log(`${pad(label)}${(t.ms / 1000).toFixed(2)} s  (first byte ${(t.firstByteMs / 1000).toFixed(2)} s, ${(t.bytes / 1048576).toFixed(1)} MB)`);
    line('Arrow IPC → table ready (web/lib/arrow)', best.arrow);
    console.log(`${pad('  … and every value as a JS value')}${(best.arrow.allValuesMs! / 1000).toFixed(2)} s`);
    line('JSON → parsed rows', best.json);
    console.log(`${pad('ratio JSON / Arrow')}${(best.json.ms / best.arrow.ms).toFixed(2)}×  (bytes ${(best.json.bytes / best.arrow.bytes).toFixed(2)}×)`);
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => (server.exitCode !== null ? r(null) : server.once('exit', r)));
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await sqlTransferSection({ scale: 'national', dbPath: '' });
}
