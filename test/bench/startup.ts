/**
 * Bench section "startup": the real server (server/main.ts, as `npm start`
 * runs it after the build step) on a private copy of the generated dataset —
 * time from spawn to the first 200 from /api/health and from `/`, and the
 * server process's resident memory then and once the SQL console's snapshot
 * is ready (or after 60 s). Goal (issue 13): the page answers within 5 s on
 * the national set, RSS under 1 GB.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../../server/config.js';
import type { BenchContext } from './context.js';

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

/** Resident memory of a process in MB (Linux /proc), null where unreadable. */
export function rssMb(pid: number): number | null {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

async function firstOk(url: string, t0: number, deadline: number, alive: () => boolean): Promise<{ ms: number; status: number } | null> {
  for (;;) {
    if (!alive()) return null;
    try {
      const res = await fetch(url);
      await res.arrayBuffer();
      if (res.status < 500) return { ms: performance.now() - t0, status: res.status };
    } catch { /* not listening yet */ }
    if (performance.now() > deadline) return null;
    await new Promise((r) => setTimeout(r, 25));
  }
}

export async function startupSection(ctx: BenchContext): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'xpilot-bench-start-'));
  try {
    const db = join(dir, 'start.duckdb');
    copyFileSync(ctx.dbPath, db);
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    let ready = false;
    let readyMs = 0;
    const t0 = performance.now();
    // tsx as a loader in this one process (its CLI would put the server in a child, whose memory we could not read).
    const server = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'server/main.ts')], {
      cwd: ROOT,
      env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', XPILOT_DB: db, LOG_LEVEL: 'warn', XPILOT_ADMIN_PASSWORD: 'bench-startup-口令', XPILOT_DATASET: '' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    server.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      if (!ready && chunk.includes('SQL 控制台已就绪')) {
        ready = true;
        readyMs = performance.now() - t0;
      }
    });
    const alive = () => server.exitCode === null;
    try {
      const deadline = t0 + 180_000;
      const health = await firstOk(`${base}/api/health`, t0, deadline, alive);
      const page = await firstOk(`${base}/`, t0, deadline, alive);
      const rssFirst = rssMb(server.pid!);
      const until = performance.now() + 60_000;
      while (!ready && alive() && performance.now() < until) await new Promise((r) => setTimeout(r, 100));
      const rssReady = rssMb(server.pid!);
      const pad = (s: string) => `${s} `.padEnd(52 - (s.match(/[\u3000-\uffff]/gu) ?? []).length);
      const ms = (r: { ms: number; status: number } | null) => (r ? `${(r.ms / 1000).toFixed(2)} s${r.status === 200 ? '' : ` (HTTP ${r.status})`}` : 'no answer');
      console.log(`\n== startup: the server on a copy of ${ctx.scale} (${ctx.dbPath})`);
      console.log(`${pad('spawn → first 200 from /api/health')}${ms(health)}`);
      console.log(`${pad(`spawn → first answer from /${existsSync(join(ROOT, 'build', '200.html')) ? '' : ' (no web build: npm run build)'}`)}${ms(page)}`);
      console.log(`${pad('server RSS at the first answers')}${rssFirst === null ? 'n/a' : `${rssFirst.toFixed(0)} MB`}`);
      console.log(`${pad(ready ? `server RSS when the SQL snapshot is ready (${(readyMs / 1000).toFixed(1)} s)` : 'server RSS 60 s later (snapshot not ready)')}${rssReady === null ? 'n/a' : `${rssReady.toFixed(0)} MB`}`);
    } finally {
      server.kill('SIGTERM');
      await new Promise((r) => (server.exitCode !== null ? r(null) : server.once('exit', r)));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
