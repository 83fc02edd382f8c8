/**
 * Bench helpers for the request-path sections (issue 13, goals 1, 5, 6): a
 * writable copy of the bench database, and the server started on it as its
 * own process (`node --import tsx server/main.ts`), so its RSS and CPU are its
 * own and a load generator does not share its event loop.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** A copy of the bench database in a fresh directory (the server writes to its file); `cleanup` removes both. */
export function copyDb(dbPath: string): { path: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'xpilot-bench-db-'));
  const path = join(dir, 'bench.duckdb');
  copyFileSync(dbPath, path);
  if (existsSync(`${dbPath}.wal`)) copyFileSync(`${dbPath}.wal`, `${path}.wal`);
  return { path, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Resident set size of a process in MB (Linux /proc), and its peak. */
export function rssMb(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

/** CPU seconds (user + system) a process has used so far (Linux /proc; clock ticks of 100 Hz). */
export function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

export interface ServerProcess {
  child: ChildProcess;
  port: number;
  base: string;
  started: number;
  output: () => string;
  stop: () => Promise<void>;
}

export async function startServer(dbPath: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  const port = await freePort();
  let out = '';
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'server/main.ts')], {
    cwd: ROOT,
    env: { ...process.env, XPILOT_DB: dbPath, PORT: String(port), HOST: '127.0.0.1', XPILOT_ADMIN_PASSWORD: 'bench-admin', LOG_LEVEL: 'error', XPILOT_DATASET: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  return {
    child,
    port,
    base: `http://127.0.0.1:${port}`,
    started,
    output: () => out,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** Polls `url` until it answers 200; returns ms since `since`. */
export async function waitFor200(url: string, since: number, timeoutMs = 120_000, child?: ChildProcess): Promise<number> {
  for (;;) {
    if (child && child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      const res = await fetch(url);
      await res.arrayBuffer();
      if (res.status === 200) return performance.now() - since;
    } catch {
      // Not listening yet.
    }
    if (performance.now() - since > timeoutMs) throw new Error(`${url} did not answer 200 within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export const median = (xs: number[]) => quantile(xs, 0.5);
export function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const i = (s.length - 1) * q;
  const lo = Math.floor(i);
  return s[lo]! + (s[Math.min(lo + 1, s.length - 1)]! - s[lo]!) * (i - lo);
}
