/**
 * Bench section "load" (issue 13, goal 5): 128 concurrent clients, each
 * requesting the overview's queries one after another (keep-alive, as a
 * browser does) for 30 s at national scale (10 s province, 5 s small). The
 * URLs are the overview at national scope and per province for a few
 * provinces and years, so the run mixes cache hits with misses that many
 * clients want at once. The server is its own process (`server/main.ts`).
 * The load starts once the SQL console's snapshot is ready, and runs twice:
 * cold (every URL a miss at first) and warm (the same again). Printed: requests, non-200 answers by status, socket errors, req/s, p50 and
 * p99 latency, server RSS before and after, and its peak. Goal: 0 errors,
 * RSS bounded.
 *
 * Run alone: `npx tsx test/bench/load.ts <db file> [seconds] [clients]`.
 */
import { Agent, request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { copyDb, median, quantile, rssMb, startServer, waitFor200 } from './server-process.js';
import type { BenchContext } from './context.js';

const OVERVIEW = ['overview_totals', 'pass_rate_by_certificate', 'trainees_by_college', 'city_quotas', 'city_quota_totals', 'filter_options'];
const PROVINCES = ['', '广东省', '浙江省', '四川省'];
const YEARS = ['', '2021', '2022'];

function overviewUrls(): string[] {
  const urls: string[] = [];
  for (const province of PROVINCES) {
    for (const year of YEARS) {
      for (const q of OVERVIEW) {
        const qs = new URLSearchParams();
        if (province && q !== 'filter_options') qs.set('province', province);
        if (year && q !== 'filter_options') qs.set('year', year);
        urls.push(`/api/queries/${q}${qs.size ? `?${qs}` : ''}`);
      }
    }
  }
  return [...new Set(urls)];
}

interface Outcome {
  status: number;
  ms: number;
}

function get(agent: Agent, port: number, path: string): Promise<Outcome> {
  const start = performance.now();
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path, agent, headers: { accept: 'application/json' } }, (res) => {
      res.on('data', () => undefined);
      res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - start }));
      res.on('error', () => resolve({ status: -1, ms: performance.now() - start }));
    });
    req.on('error', () => resolve({ status: -1, ms: performance.now() - start }));
    req.end();
  });
}

async function phaseRun(phase: 'cold' | 'warm', port: number, pid: number, urls: string[], clients: number, seconds: number, scale: string): Promise<void> {
  const before = rssMb(pid);
  const agent = new Agent({ keepAlive: true, maxSockets: clients });
  const outcomes: Outcome[] = [];
  const until = performance.now() + seconds * 1000;
  const t0 = performance.now();
  let peakDuring = before.rss;
  const sampler = setInterval(() => {
    try {
      peakDuring = Math.max(peakDuring, rssMb(pid).rss);
    } catch {
      // The server exited; its answers say so.
    }
  }, 250);
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      // Each client walks the list from its own place, as different visitors' pages do.
      for (let i = c; performance.now() < until; i++) outcomes.push(await get(agent, port, urls[i % urls.length]!));
    }),
  );
  const elapsed = (performance.now() - t0) / 1000;
  clearInterval(sampler);
  agent.destroy();
  const after = rssMb(pid);
  const byStatus = new Map<number, number>();
  for (const o of outcomes) byStatus.set(o.status, (byStatus.get(o.status) ?? 0) + 1);
  const errors = outcomes.filter((o) => o.status !== 200).length;
  const ms = outcomes.map((o) => o.ms);
  console.log(`\n== load (${scale}, ${phase} cache): ${clients} clients × ${seconds} s over ${urls.length} overview URLs`);
  console.log(`requests ${outcomes.length}, ${(outcomes.length / elapsed).toFixed(0)} req/s, errors ${errors} (${[...byStatus].filter(([s]) => s !== 200).map(([s, n]) => `${s < 0 ? 'socket' : s}: ${n}`).join(', ') || 'none'})`);
  console.log(`latency p50 ${median(ms).toFixed(0)} ms, p99 ${quantile(ms, 0.99).toFixed(0)} ms, max ${Math.max(...ms).toFixed(0)} ms`);
  console.log(`server RSS before ${before.rss.toFixed(0)} MB, after ${after.rss.toFixed(0)} MB, highest during ${peakDuring.toFixed(0)} MB (process peak ${after.peak.toFixed(0)} MB)`);
}

export async function loadSection({ scale, dbPath }: BenchContext, seconds = scale === 'national' ? 30 : scale === 'province' ? 10 : 5, clients = 128): Promise<void> {
  const copy = copyDb(dbPath);
  const server = await startServer(copy.path);
  try {
    await waitFor200(`${server.base}/api/health`, server.started, 300_000, server.child);
    // A server that has finished starting: the SQL console's snapshot (built after the start) is not part of the load.
    while (!((await (await fetch(`${server.base}/api/sql/limits`)).json()) as { ready?: boolean }).ready) await new Promise((r) => setTimeout(r, 200));
    const urls = overviewUrls();
    for (const phase of ['cold', 'warm'] as const) {
      // cold: every URL is a miss at first (many clients wanting each); warm: the same load again, answered from the cache.
      await phaseRun(phase, server.port, server.child.pid!, urls, clients, seconds, scale);
    }
  } finally {
    await server.stop();
    copy.cleanup();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const dbPath = process.argv[2];
  if (!dbPath) throw new Error('usage: npx tsx test/bench/load.ts <db file> [seconds] [clients]');
  await loadSection({ scale: 'national', dbPath }, process.argv[3] ? Number(process.argv[3]) : undefined, process.argv[4] ? Number(process.argv[4]) : undefined);
}
