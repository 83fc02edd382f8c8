/**
 * `npm run bench [-- --scale small|province|national] [--only a,b]`: timings
 * that matter, printed side by side in one run. The scale (default national)
 * picks the generated dataset the sections run on (data/generated/<scale>-1.duckdb,
 * generated first when absent); each section is a function in its own file
 * here, registered with one line below, receiving { scale, dbPath }.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT } from '../../server/config.js';
import { parseScale } from '../../server/dataset/generate/scales.js';
import { generatedPath } from '../../server/dataset/generate/paths.js';
import { generateDataset } from '../../server/dataset/generate/generate.js';
import type { BenchSection } from './context.js';
import { importSection } from './import.js';
import { sqlTransferSection } from './sql-transfer.js';
import { chartPngSection } from './chart-png.js';
import { startupSection } from './startup.js';
import { overviewBrowserSection } from './overview-browser.js';

const SECTIONS: [string, BenchSection][] = [
  // import — candidate CSV through the import pipeline vs DuckDB read_csv (test/bench/import.ts).
  ['import', importSection],
  // sql-transfer — a large SQL console result to a client as Arrow vs JSON (test/bench/sql-transfer.ts).
  ['sql-transfer', sqlTransferSection],
  // chart-png — server chart PNGs, font subset vs whole font (test/bench/chart-png.ts).
  ['chart-png', chartPngSection],
  // startup — the server on the generated dataset: first 200 from /api/health and /, RSS (test/bench/startup.ts).
  ['startup', startupSection],
  // overview-browser — the overview in Chromium: cold load and filter changes until all charts are drawn (test/bench/overview-browser.ts).
  ['overview-browser', overviewBrowserSection],
];

const { values } = parseArgs({ options: { scale: { type: 'string', default: 'national' }, only: { type: 'string' } } });
const scale = parseScale(values.scale);
const only = values.only ? new Set(values.only.split(',')) : null;
const unknown = [...(only ?? [])].filter((n) => !SECTIONS.some(([s]) => s === n));
if (unknown.length > 0) throw new Error(`unknown bench section(s) ${unknown.join(', ')}; known: ${SECTIONS.map(([s]) => s).join(', ')}`);

const dbPath = generatedPath(ROOT, scale);
if (!existsSync(dbPath)) {
  console.log(`== generating the ${scale} dataset first (npm run generate -- --scale ${scale}) → ${dbPath}`);
  mkdirSync(dirname(dbPath), { recursive: true });
  const r = await generateDataset({ scale, seed: 1, out: dbPath });
  console.log(`   ${(r.ms / 1000).toFixed(1)} s, ${(r.bytes / 1048576).toFixed(1)} MB`);
}
console.log(`== bench at scale ${scale} on ${dbPath}`);
for (const [name, section] of SECTIONS) {
  if (only && !only.has(name)) continue;
  await section({ scale, dbPath });
}
