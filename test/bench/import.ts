/**
 * Bench section "import" (issue 13, speed goal 3: ≤ 1.3×): a candidate-level
 * CSV imported through the whole pipeline (sniffing, sha256 of the file,
 * one staged read by DuckDB, profile, one transaction writing exam_records
 * with salted pseudonymous keys) against DuckDB's plain `read_csv` of the
 * same file into a table. CPU time of the whole process (DuckDB's threads
 * included, see stats.ts), side by side in each round; the ratio's median
 * and p95 over the rounds. 1,000,000 rows and 5 rounds (20,000 and 2 at
 * --scale small); BENCH_ROWS and BENCH_ROUNDS override.
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
import { measure, median, p95 } from './stats.js';

const READ_CSV = readFileSync(fileURLToPath(new URL('./read_csv.sql', import.meta.url)), 'utf8');

export async function importSection(ctx: BenchContext): Promise<void> {
  const small = ctx.scale === 'small';
  const rows = Number(process.env.BENCH_ROWS ?? (small ? 20_000 : 1_000_000));
  const rounds = Number(process.env.BENCH_ROUNDS ?? (small ? 2 : 5));
  const dir = mkdtempSync(join(tmpdir(), 'xpilot-bench-'));
  try {
    const csv = join(dir, 'candidates.csv');
    const gen = await measure(() => writeCandidateCsv(csv, rows));
    const mb = statSync(csv).size / 1048576;
    console.log(`\n== import: ${rows.toLocaleString('en')} candidate rows, ${mb.toFixed(1)} MB (generated in ${(gen.wallMs / 1000).toFixed(1)} s), ${rounds} rounds`);

    const plain: { cpuMs: number; wallMs: number }[] = [];
    const imports: { cpuMs: number; wallMs: number }[] = [];
    const config = readConfig();
    for (let round = 0; round < rounds; round++) {
      // Baseline: DuckDB's read_csv into a table, on a fresh database file.
      const plainDb = await openDb(join(dir, `plain-${round}.duckdb`));
      plain.push(await measure(() => plainDb.db.query(READ_CSV, { path: csv })));
      plainDb.close();

      // The import: a fresh database with the default dataset, then the whole pipeline + commit.
      const { db, close } = await openDb(join(dir, `import-${round}.duckdb`));
      await ensureDefaultDataset(db, config.dataDir);
      const registry = await registryFromDb(db);
      const t = await measure(async () => {
        const prepared = await prepareImport(db, { fileName: 'candidates.csv', path: csv, options: { school: '广州城市职业学院', year: '2021' } }, registry);
        if (!prepared.preview.ok) throw new Error(`bench import has errors: ${prepared.findings.filter((f) => f.severity === 'error').map((f) => f.message).join('; ')}`);
        return commitImport(db, prepared, { importedBy: 'bench', replace: false });
      });
      if (t.value.rowCounts.exam_records !== rows) throw new Error(`imported ${t.value.rowCounts.exam_records} rows, expected ${rows}`);
      imports.push(t);
      close();
    }
    const cpuRatios = imports.map((t, i) => t.cpuMs / plain[i]!.cpuMs);
    const wallRatios = imports.map((t, i) => t.wallMs / plain[i]!.wallMs);
    const pad = (s: string) => s.padEnd(44);
    const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
    console.log(`${pad('DuckDB read_csv → table (median)')}CPU ${s(median(plain.map((p) => p.cpuMs)))}, wall ${s(median(plain.map((p) => p.wallMs)))}`);
    console.log(`${pad('X-Pilot import → exam_records (median)')}CPU ${s(median(imports.map((p) => p.cpuMs)))}, wall ${s(median(imports.map((p) => p.wallMs)))}`);
    console.log(`${pad('ratio import / read_csv, CPU')}median ${median(cpuRatios).toFixed(2)}×, p95 ${p95(cpuRatios).toFixed(2)}×  (goal ≤ 1.3×: ${median(cpuRatios) <= 1.3 ? 'met' : 'missed'})`);
    console.log(`${pad('ratio import / read_csv, wall')}median ${median(wallRatios).toFixed(2)}×, p95 ${p95(wallRatios).toFixed(2)}×`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
