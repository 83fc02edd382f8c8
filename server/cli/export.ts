/**
 * npm run export -- --lake DIR: writes the database (XPILOT_DB) as a lake of
 * hive-partitioned Parquet with a manifest (server/lake), and moves
 * DIR/current to it. The database must not be open in a running server
 * (DuckDB lets one process hold a file); a writer exports in-process instead.
 */
import { resolve } from 'node:path';
import { readConfig } from '../config.js';
import { openDb } from '../plugins/app/duckdb.js';
import { exportLake } from '../lake/export.js';

function usage(message: string): never {
  console.error(`${message}\n用法 / usage: npm run export -- --lake DIR [--keep N]`);
  process.exit(2);
}

const args = process.argv.slice(2);
const at = args.indexOf('--lake');
const dir = at >= 0 ? args[at + 1] : undefined;
if (!dir || dir.startsWith('--')) usage('缺少 --lake DIR / missing --lake DIR');
const keepAt = args.indexOf('--keep');
const keep = keepAt >= 0 ? Number(args[keepAt + 1]) : 2;
if (!Number.isInteger(keep) || keep < 0) usage('--keep 应为非负整数 / --keep takes a whole number ≥ 0');

const config = readConfig();
const t0 = performance.now();
const { db, close } = await openDb(config.dbPath);
try {
  const manifest = await exportLake(db, resolve(dir), { keep });
  const files = manifest.tables.reduce((s, t) => s + t.files.length, 0);
  const bytes = manifest.tables.reduce((s, t) => s + t.files.reduce((b, f) => b + f.bytes, 0), 0);
  console.log(`已导出 ${manifest.tables.length} 张表、${files} 个 Parquet 文件（${(bytes / 1e6).toFixed(1)} MB），用时 ${Math.round(performance.now() - t0)} ms → ${resolve(dir)}/current（版本 ${manifest.id}）`);
  console.log(`Exported ${manifest.tables.length} tables, ${files} Parquet files (${(bytes / 1e6).toFixed(1)} MB) in ${Math.round(performance.now() - t0)} ms → ${resolve(dir)}/current (version ${manifest.id})`);
  for (const t of manifest.tables) console.log(`  ${t.name.padEnd(22)} ${String(t.rows).padStart(10)} rows  ${String(t.files.length).padStart(5)} files  ${t.partition_by.length ? `by ${t.partition_by.join('/')}` : ''}`);
} finally {
  close();
}
