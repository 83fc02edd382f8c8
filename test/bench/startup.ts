/**
 * Bench section "startup" (issue 13, goal 6): the server started on the bench
 * database as its own process, as `npm start` does once the web app is built
 * (`server/main.ts`). Printed: time to the first 200 of /api/health, of the
 * overview's first figures (overview_totals) and of the page itself (`/`, when
 * the web app is built), the server's RSS then, how long until the SQL
 * console's snapshot is ready (built after the start, off its path), and the
 * RSS and its peak once it is. Goal: the page answers within 5 s, RSS < 1 GB.
 *
 * Run alone: `npx tsx test/bench/startup.ts <db file>`.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { copyDb, cpuSeconds, rssMb, startServer, waitFor200, } from './server-process.js';
import type { BenchContext } from './context.js';

const WEB_BUILT = existsSync(fileURLToPath(new URL('../../build/200.html', import.meta.url)));

export async function startupSection({ scale, dbPath }: BenchContext, rounds = 2): Promise<void> {
  console.log(`\n== startup (${scale}): server process on a copy of the database, ${rounds} starts`);
  for (let round = 0; round < rounds; round++) {
    const copy = copyDb(dbPath);
    const server = await startServer(copy.path);
    try {
      const health = await waitFor200(`${server.base}/api/health`, server.started, 300_000, server.child);
      const figures = await waitFor200(`${server.base}/api/queries/overview_totals`, server.started, 300_000, server.child);
      const page = WEB_BUILT ? await waitFor200(`${server.base}/`, server.started, 300_000, server.child) : undefined;
      const atPage = rssMb(server.child.pid!);
      // CPU seconds say what a start costs on a machine busy with other work, where wall time does not.
      const cpuAtPage = cpuSeconds(server.child.pid!);
      let sqlReady = NaN;
      for (;;) {
        const res = await fetch(`${server.base}/api/sql/limits`);
        const body = (await res.json()) as { ready?: boolean };
        if (body.ready) {
          sqlReady = performance.now() - server.started;
          break;
        }
        if (performance.now() - server.started > 600_000) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      const ready = rssMb(server.child.pid!);
      console.log(
        `start ${round + 1}: /api/health ${(health / 1000).toFixed(2)} s, overview figures ${(figures / 1000).toFixed(2)} s` +
          (page !== undefined ? `, page ${(page / 1000).toFixed(2)} s` : ' (web app not built: npm run build)') +
          `, server CPU until then ${cpuAtPage.toFixed(1)} s, RSS then ${atPage.rss.toFixed(0)} MB; SQL console ready ${(sqlReady / 1000).toFixed(1)} s, RSS then ${ready.rss.toFixed(0)} MB, peak ${ready.peak.toFixed(0)} MB`,
      );
    } finally {
      await server.stop();
      copy.cleanup();
    }
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const dbPath = process.argv[2];
  if (!dbPath) throw new Error('usage: npx tsx test/bench/startup.ts <db file>');
  await startupSection({ scale: 'national', dbPath });
}
