/**
 * Bench section "named-queries" (issue 13, goal 1): every named query a page
 * uses, on a cache miss, through HTTP (a real port, JSON as the pages ask)
 * against the same SQL with the same bound values run directly on DuckDB —
 * the same instance and file, a connection of its own, the whole result read
 * into DuckDB's chunks. Rounds alternate which goes first; each round clears
 * the server's result cache and name lookups first, so every HTTP request is
 * a true miss. Printed per query: median ms of each, and the median and p95
 * of the per-round ratio HTTP / direct. Goal: ≤ 1.1× at the median.
 *
 * Run alone: `npx tsx test/bench/named-queries.ts <db file> [rounds]`.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildApp } from '../../server/app.js';
import { readConfig } from '../../server/config.js';
import { bindParams } from '../../server/lib/query-params.js';
import { SCOPE_PARAM } from '../../server/lib/query-registry.js';
import { SCOPE_TYPE, scopeValue } from '../../server/lib/scope.js';
import { ANONYMOUS } from '../../server/lib/principal.js';
import { copyDb, median, quantile } from './server-process.js';
import type { BenchContext } from './context.js';

const PICKS = readFileSync(fileURLToPath(new URL('./named-queries.sql', import.meta.url)), 'utf8');

/** Queries no page runs (the import report's findings are fetched per import). */
const NOT_ON_A_PAGE = new Set(['data_findings']);

export async function namedQueriesSection({ scale, dbPath }: BenchContext, rounds = scale === 'small' ? 5 : 9): Promise<void> {
  const copy = copyDb(dbPath);
  const app = await buildApp({ ...readConfig({ ...process.env, XPILOT_DB: copy.path }), dbPath: copy.path, logger: false });
  try {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    // The SQL console's snapshot is built after the start; measure once it is done, not against it.
    await app.sqlSandbox.whenReady().catch(() => undefined);
    const picks = (await app.db.query(PICKS)).rows[0]!;
    const schools = String(picks.schools ?? '').split(',');
    const given: Record<string, string> = { certificate: String(picks.certificate), school: schools[0]!, schools: schools.join(',') };

    console.log(`\n== named-queries (${scale}): cache miss, HTTP JSON / direct DuckDB, ${rounds} rounds; certificate=${given.certificate}, school=${given.school}`);
    console.log(`${'query'.padEnd(32)}${'rows'.padStart(8)}${'HTTP ms'.padStart(10)}${'direct ms'.padStart(11)}${'median ×'.padStart(10)}${'p95 ×'.padStart(8)}`);
    const medians: number[] = [];
    await app.db.withConnection(async (conn) => {
      for (const q of app.queries.list()) {
        if (NOT_ON_A_PAGE.has(q.name)) continue;
        const raw = Object.fromEntries(q.params.filter((p) => given[p.name] !== undefined).map((p) => [p.name, given[p.name]!]));
        const url = `${base}/api/queries/${q.name}?${new URLSearchParams(raw).toString()}`;
        const { values, types } = await bindParams(app.db, q, raw);
        const bound = q.scope === 'none' ? values : { ...values, [SCOPE_PARAM]: scopeValue(ANONYMOUS) };
        const boundTypes = q.scope === 'none' ? types : { ...types, [SCOPE_PARAM]: SCOPE_TYPE };
        const direct = async () => {
          const t = performance.now();
          const reader = await conn.runAndReadAll(q.sql, bound, boundTypes);
          return { ms: performance.now() - t, rows: reader.currentRowCount };
        };
        const http = async () => {
          app.queries.clearCache();
          const t = performance.now();
          const res = await fetch(url);
          const body = await res.arrayBuffer();
          const ms = performance.now() - t;
          if (res.status !== 200) throw new Error(`${q.name} answered ${res.status}: ${Buffer.from(body).toString().slice(0, 300)}`);
          if (res.headers.get('x-cache') !== 'miss') throw new Error(`${q.name}: expected a cache miss`);
          return { ms, rows: Number(res.headers.get('x-row-count')) };
        };
        // One warm-up of each (DuckDB's buffer pool, the JIT), then the rounds.
        await direct();
        await http();
        const h: number[] = [];
        const d: number[] = [];
        const ratios: number[] = [];
        let rows = 0;
        for (let r = 0; r < rounds; r++) {
          const [a, b] = r % 2 === 0 ? [await http(), await direct()] : [undefined, await direct()];
          const hr = a ?? (await http());
          rows = hr.rows;
          h.push(hr.ms);
          d.push(b.ms);
          ratios.push(hr.ms / b.ms);
        }
        const m = median(ratios);
        medians.push(m);
        console.log(`${q.name.padEnd(32)}${String(rows).padStart(8)}${median(h).toFixed(1).padStart(10)}${median(d).toFixed(1).padStart(11)}${m.toFixed(2).padStart(10)}${quantile(ratios, 0.95).toFixed(2).padStart(8)}`);
      }
    });
    const within = medians.filter((m) => m <= 1.1).length;
    console.log(`${within} of ${medians.length} queries within 1.1× at the median; worst median ${Math.max(...medians).toFixed(2)}×, median of medians ${median(medians).toFixed(2)}×`);
  } finally {
    await app.close();
    copy.cleanup();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const dbPath = process.argv[2];
  if (!dbPath) throw new Error('usage: npx tsx test/bench/named-queries.ts <db file> [rounds]');
  await namedQueriesSection({ scale: 'national', dbPath }, process.argv[3] ? Number(process.argv[3]) : undefined);
}
