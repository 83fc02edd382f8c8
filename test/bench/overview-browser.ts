/**
 * Bench section "overview-browser" (issue 13, goal 4): the overview in
 * Debian's Chromium against the real server (server/main.ts on a private copy
 * of the generated dataset) over loopback.
 *
 * - cold load: a fresh browser context (empty HTTP cache) opens `/` until
 *   every chart is drawn (test/browser/overview-drawn.ts: each card ready or
 *   empty, each ECharts box's first frame of its current option painted).
 *   The first run also meets a cold server cache; the rest a warm one.
 * - filter change: the year and province selects changed one at a time, each
 *   timed from the change to all charts redrawn; the first round computes
 *   every view (cache misses), later rounds revisit them.
 *
 * Goals: cold load < 1 s; filter change p50 < 100 ms, p95 < 300 ms.
 * At --scale small it runs a couple of rounds to prove it works (not timed).
 */
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { ROOT } from '../../server/config.js';
import { CHROMIUM_ARGS, chromiumPath } from '../browser/chromium.js';
import { overviewDrawn } from '../browser/overview-drawn.js';
import type { BenchContext } from './context.js';
import { rssMb } from './startup.js';
import { freePort } from './ports.js';

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]! : NaN;
};
const fmt = (xs: number[]) => (xs.length ? `p50 ${pct(xs, 50).toFixed(0)} ms · p95 ${pct(xs, 95).toFixed(0)} ms · max ${Math.max(...xs).toFixed(0)} ms (n=${xs.length})` : 'none');

async function waitUp(url: string, deadline: number): Promise<boolean> {
  while (performance.now() < deadline) {
    try {
      const res = await fetch(url);
      await res.arrayBuffer();
      if (res.ok) return true;
    } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

async function change(page: Page, key: 'year' | 'province', value: string): Promise<number> {
  const t0 = performance.now();
  await page.selectOption(`[data-testid="filter-${key}"]`, value);
  await page.waitForURL((u) => (u.searchParams.get(key) ?? '') === value);
  await overviewDrawn(page, new URL(page.url()).search.slice(1), 120_000);
  return performance.now() - t0;
}

export async function overviewBrowserSection(ctx: BenchContext): Promise<void> {
  const executablePath = chromiumPath();
  console.log(`\n== overview-browser: the overview in Chromium on a copy of ${ctx.scale}, loopback`);
  if (!executablePath) return void console.log('   skipped: no Chromium at /usr/bin/chromium');
  if (!existsSync(join(ROOT, 'build', '200.html'))) return void console.log('   skipped: no web build (npm run build)');
  const small = ctx.scale === 'small';
  const dir = mkdtempSync(join(tmpdir(), 'xpilot-bench-overview-'));
  const db = join(dir, 'overview.duckdb');
  copyFileSync(ctx.dbPath, db);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  let snapshotReady = false;
  const server = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'server/main.ts')], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', XPILOT_DB: db, LOG_LEVEL: 'warn', XPILOT_ADMIN_PASSWORD: 'bench-overview-口令', XPILOT_DATASET: '' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  server.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    if (chunk.includes('SQL 控制台已就绪')) snapshotReady = true;
  });
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  try {
    if (!(await waitUp(`${base}/api/health`, performance.now() + 180_000))) throw new Error('the server did not answer within 180 s');
    // The SQL console's snapshot is built in the background at start: let it finish so it does not share the CPU with the runs.
    const until = performance.now() + 90_000;
    while (!snapshotReady && performance.now() < until) await new Promise((r) => setTimeout(r, 200));

    const cold: number[] = [];
    const coldRuns = small ? 2 : 6;
    for (let i = 0; i < coldRuns; i++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      const t0 = performance.now();
      await page.goto(`${base}/`);
      await overviewDrawn(page, '', 120_000);
      cold.push(performance.now() - t0);
      await context.close();
    }

    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${base}/`);
    await overviewDrawn(page, '', 120_000);
    const years = (await page.locator('[data-testid="filter-year"] option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))).filter(Boolean);
    const provinces = (await page.locator('[data-testid="filter-province"] option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))).filter(Boolean);
    const pick = <T>(xs: T[], n: number) => xs.slice(0, n);
    const steps: ['year' | 'province', string][] = [
      ...pick(years, small ? 2 : 4).flatMap((y): ['year', string][] => [['year', y]]),
      ['year', ''],
      ...pick(provinces, small ? 2 : 4).flatMap((p): ['province', string][] => [['province', p]]),
      ['province', ''],
    ];
    const first: number[] = [];
    const again: number[] = [];
    const rounds = small ? 2 : 4;
    for (let round = 0; round < rounds; round++) {
      for (const [key, value] of steps) (round === 0 ? first : again).push(await change(page, key, value));
    }
    await context.close();
    const all = [...first, ...again];
    const pad = (s: string) => `${s} `.padEnd(56 - (s.match(/[\u3000-\uffff]/gu) ?? []).length);
    console.log(`${pad('cold load → all charts drawn, first (server cold)')}${cold[0]!.toFixed(0)} ms`);
    console.log(`${pad('cold load → all charts drawn, later (browser cold)')}${fmt(cold.slice(1))}   goal < 1000 ms`);
    console.log(`${pad('filter change → all charts redrawn, all')}${fmt(all)}   goal p50 < 100, p95 < 300 ms`);
    console.log(`${pad('  first visit of each view (server computes)')}${fmt(first)}`);
    console.log(`${pad('  views seen before (server cache)')}${fmt(again)}`);
    console.log(`${pad('server RSS after the runs')}${rssMb(server.pid!)?.toFixed(0) ?? 'n/a'} MB`);
  } finally {
    await browser.close();
    server.kill('SIGTERM');
    await new Promise((r) => (server.exitCode !== null ? r(null) : server.once('exit', r)));
    rmSync(dir, { recursive: true, force: true });
  }
}
