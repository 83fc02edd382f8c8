/**
 * Starts the real server (the same entry as `npm start`, minus the build
 * step) on a free port with a temporary database, and a headless Debian
 * Chromium to drive it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ROOT } from '../../server/config.js';
import { CHROMIUM_ARGS, chromiumPath } from './chromium.js';
import { openDb, type Db } from '../../server/plugins/app/duckdb.js';
import { ensureDefaultDataset } from '../../server/dataset/ensure.js';
import type { Scale } from '../../server/dataset/generate/scales.js';
import { copyGeneratedDb } from '../helpers/generated.js';

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

export interface Harness {
  baseUrl: string;
  browser: Browser;
  /** A page in a fresh context; `httpCredentials` sends HTTP Basic on every request (as an extra header: playwright's own httpCredentials answer only a 401 challenge, which reads never send) until the sign-in page lands. */
  newPage(width?: number, height?: number, httpCredentials?: { username: string; password: string }): Promise<Page>;
  stop(): Promise<void>;
}

/** XPILOT_ADMIN_PASSWORD of the harness's server. */
export const HARNESS_ADMIN_PASSWORD = 'browser-admin-口令';

/**
 * `prepare` runs on the database file before the server opens it (users, extra rows), with the default dataset loaded.
 * `dataset` starts the server on a private copy of a generated synthetic set (test/helpers/generated.ts) instead of the seeds.
 */
export async function startHarness(opts: { prepare?: (db: Db) => Promise<void>; dataset?: Scale } = {}): Promise<Harness> {
  const executablePath = chromiumPath();
  if (!executablePath) throw new Error('Chromium not found at /usr/bin/chromium (apt-get install -y chromium)');
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'xpilot-browser-'));
  if (opts.dataset) await copyGeneratedDb(opts.dataset, dir, 1, 'test.duckdb');
  if (opts.prepare) {
    const { db, close } = await openDb(join(dir, 'test.duckdb'));
    try {
      // A synthetic set stays as generated (ensureDefaultDataset leaves it alone).
      await ensureDefaultDataset(db, join(ROOT, 'data'));
      await opts.prepare(db);
    } finally {
      close();
    }
  }
  const server: ChildProcess = spawn(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, 'server/main.ts')], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', XPILOT_DB: join(dir, 'test.duckdb'), LOG_LEVEL: 'warn', XPILOT_ADMIN_PASSWORD: HARNESS_ADMIN_PASSWORD },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (server.exitCode !== null) throw new Error(`server exited with ${server.exitCode}`);
    try {
      const res = await fetch(`${baseUrl}/api/health`);
      if (res.ok) break;
    } catch { /* not up yet */ }
    if (Date.now() > deadline) throw new Error('server did not start within 60 s');
    await new Promise((r) => setTimeout(r, 200));
  }
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  return {
    baseUrl,
    browser,
    async newPage(width = 1280, height = 800, httpCredentials?: { username: string; password: string }) {
      const context = await browser.newContext({ viewport: { width, height }, locale: 'zh-CN', acceptDownloads: true, deviceScaleFactor: 1, ...(httpCredentials ? { extraHTTPHeaders: { authorization: `Basic ${Buffer.from(`${httpCredentials.username}:${httpCredentials.password}`, 'utf8').toString('base64')}` } } : {}) });
      return context.newPage();
    },
    async stop() {
      await browser.close();
      server.kill('SIGTERM');
      await new Promise((r) => (server.exitCode !== null ? r(null) : server.once('exit', r)));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
