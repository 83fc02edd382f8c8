/**
 * Bench section "import": a candidate-level CSV imported through the whole
 * pipeline (sniffing, sha256, profile, one transaction writing exam_records
 * with salted pseudonymous keys) against DuckDB's plain `read_csv` of the same
 * file into a table, as a ratio. 1,000,000 rows (20,000 at --scale small);
 * BENCH_ROWS overrides.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDb } from '../../server/plugins/app/duckdb.js';
import { ensureDefaultDataset } from '../../server/dataset/ensure.js';
import { commitImport, prepareImport } from '../../server/import/commit.js';
import { registryFromDb } from '../../server/import/registry-db.js';
import { readConfig } from '../../server/config.js';
import { writeCandidateCsv } from './candidates.js';
import type { BenchContext } from './context.js';

const READ_CSV = readFileSync(fileURLToPath(new URL('./read_csv.sql', import.meta.url)), 'utf8');

async function time<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await fn();
  return { ms: performance.now() - start, value };
}

export async function importSection(ctx: BenchContext): Promise<void> {
  const rows = Number(process.env.BENCH_ROWS ?? (ctx.scale === 'small' ? 20_000 : 1_000_000));
  const dir = mkdtempSync(join(tmpdir(), 'xpilot-bench-'));
  try {
    const csv = join(dir, 'candidates.csv');
    const gen = await time(() => writeCandidateCsv(csv, rows));
    const mb = statSync(csv).size / 1048576;
    console.log(`\n== import: ${rows.toLocaleString('en')} candidate rows, ${mb.toFixed(1)} MB (generated in ${(gen.ms / 1000).toFixed(1)} s)`);

    const plainTimes: number[] = [];
    const importTimes: number[] = [];
    for (let round = 0; round < 2; round++) {
      // Baseline: DuckDB's read_csv into a table, on a fresh database file.
      const plainDb = await openDb(join(dir, `plain-${round}.duckdb`));
      plainTimes.push((await time(() => plainDb.db.query(READ_CSV, { path: csv }))).ms);
      plainDb.close();

      // The import: a fresh database with the default dataset, then the whole pipeline + commit.
      const config = readConfig();
      const { db, close } = await openDb(join(dir, `import-${round}.duckdb`));
      await ensureDefaultDataset(db, config.dataDir);
      const registry = await registryFromDb(db);
      const t = await time(async () => {
        const prepared = await prepareImport(db, { fileName: 'candidates.csv', path: csv, options: { school: '广州城市职业学院', year: '2021' } }, registry);
        if (!prepared.preview.ok) throw new Error(`bench import has errors: ${prepared.findings.filter((f) => f.severity === 'error').map((f) => f.message).join('; ')}`);
        return commitImport(db, prepared, { importedBy: 'bench', replace: false });
      });
      if (t.value.rowCounts.exam_records !== rows) throw new Error(`imported ${t.value.rowCounts.exam_records} rows, expected ${rows}`);
      importTimes.push(t.ms);
      close();
    }
    const plain = Math.min(...plainTimes);
    const imp = Math.min(...importTimes);
    const pad = (s: string) => s.padEnd(44);
    console.log(`${pad('DuckDB read_csv → table (best of 2)')}${(plain / 1000).toFixed(2)} s  (${Math.round(rows / (plain / 1000)).toLocaleString('en')} rows/s)`);
    console.log(`${pad('X-Pilot import → exam_records (best of 2)')}${(imp / 1000).toFixed(2)} s  (${Math.round(rows / (imp / 1000)).toLocaleString('en')} rows/s)`);
    console.log(`${pad('ratio import / read_csv')}${(imp / plain).toFixed(2)}×`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
