/**
 * `npm run generate`: writes a complete synthetic dataset in the product's
 * own schema to a new DuckDB file. Reference data (names) comes from JS; every
 * fact row is made inside DuckDB by the gen_*.sql files. The file is written
 * under a temporary name and renamed when complete, so a killed run never
 * leaves a half-made dataset where the server would open it.
 */
import { createHash } from 'node:crypto';
import { existsSync, renameSync, rmSync, statSync } from 'node:fs';
import type { DuckDBConnection } from '@duckdb/node-api';
import { openDb } from '../../plugins/app/duckdb.js';
import { sqlFile } from '../../lib/sql-files.js';
import { loadRegions } from '../../domain/regions.js';
import { Registry } from '../../domain/registry.js';
import { makeFinding } from '../../domain/findings-registry.js';
import { writeRegions } from '../writer.js';
import { checkIntegrity } from '../integrity.js';
import { makeCertificates, makeSchools } from './names.js';
import { SCALE_SPECS, type Scale } from './scales.js';

export const SYNTHETIC_KIND = 'synthetic';

export interface GenerateOptions {
  scale: Scale;
  seed: number;
  out: string;
  /** Progress lines (default: none). */
  log?: (line: string) => void;
}

export interface GenerateResult {
  path: string;
  ms: number;
  bytes: number;
  counts: Record<string, number>;
}

async function step(conn: DuckDBConnection, name: string, log: (l: string) => void, params?: Record<string, string | number>): Promise<void> {
  const t = performance.now();
  await conn.run(sqlFile(name), params);
  log(`  ${name} ${Math.round(performance.now() - t)} ms`);
}

/** The findings of the inconsistent synthetic reports, worded by the findings registry like the importer's. */
async function writeFindings(conn: DuckDBConnection): Promise<number> {
  const rows = (await conn.runAndReadAll(sqlFile('gen_anomaly_list'))).getRowObjectsJS();
  const findings = rows.map((r) => {
    const at = { source_file: String(r.source_file), source_table: String(r.source_table), source_row: r.source_row === null ? null : Number(r.source_row) };
    const who = String(r.who);
    const a = Number(r.a);
    const b = Number(r.b);
    let f;
    switch (r.code) {
      case 'passed_exceeds_candidates':
        f = makeFinding('passed_exceeds_candidates', { who, passed: a, candidates: b }, { ...at, source_column: '通过人数', printed_value: a, expected_value: `≤ ${b}` });
        break;
      case 'stated_rate_mismatch': {
        const printed = `${(Number(r.rate) * 100).toFixed(1)}%`;
        const actual = `${((a / b) * 100).toFixed(1)}%`;
        f = makeFinding('stated_rate_mismatch', { who, printed, passed: a, candidates: b, actual }, { ...at, source_column: '通过率', printed_value: printed, expected_value: actual });
        break;
      }
      case 'approved_exceeds_requested':
        f = makeFinding('approved_exceeds_requested', { who, approved: a, requested: b }, { ...at, source_column: '批准培训人数', printed_value: a, expected_value: `≤ ${b}` });
        break;
      default:
        f = makeFinding('total_mismatch', { where: '合计行', what: who, printed: String(a), basis: '各行之和', computed: String(b), diff: a - b }, { ...at, source_column: who, printed_value: a, expected_value: b });
    }
    return { import_id: Number(r.import_id), ...f };
  });
  if (findings.length > 0) await conn.run(sqlFile('gen_findings'), { rows: JSON.stringify(findings) });
  return findings.length;
}

export async function generateDataset(opts: GenerateOptions): Promise<GenerateResult> {
  const log = opts.log ?? (() => {});
  const spec = SCALE_SPECS[opts.scale];
  const t0 = performance.now();
  const tmp = `${opts.out}.partial`;
  for (const p of [tmp, `${tmp}.wal`]) rmSync(p, { force: true });
  const { db, close } = await openDb(tmp);
  try {
    const schools = makeSchools(spec.provinces(), spec.schools, opts.seed);
    const certificates = makeCertificates(spec.certificates, opts.seed);
    const aliases = new Registry([], certificates, []).aliasRows();
    log(`  names ${Math.round(performance.now() - t0)} ms`);
    await db.withConnection(async (conn) => {
      await writeRegions(conn, loadRegions());
      await conn.run(sqlFile('gen_schools'), { rows: JSON.stringify(schools) });
      await conn.run(sqlFile('gen_certificates'), { rows: JSON.stringify(certificates) });
      await conn.run(sqlFile('gen_certificate_aliases'), { rows: JSON.stringify(aliases) });
      await step(conn, 'gen_setup', log, {
        seed: opts.seed,
        scale: opts.scale,
        year_from: spec.yearFrom,
        year_to: spec.yearTo,
        higher_certs: spec.higherCerts,
        secondary_certs: spec.secondaryCerts,
        candidates: spec.candidates,
        records: spec.records,
        anomalies: spec.anomalies,
        // Deterministic per seed, so the same seed gives the same file; the keys stay salted pseudonyms.
        salt: createHash('sha256').update(`xpilot-synthetic-${opts.scale}-${opts.seed}`).digest('hex'),
      });
      await step(conn, 'gen_facts', log);
      await step(conn, 'gen_anomalies', log);
      await step(conn, 'gen_records', log);
      const t = performance.now();
      const n = await writeFindings(conn);
      log(`  findings ${n} ${Math.round(performance.now() - t)} ms`);
      await step(conn, 'gen_finish', log);
      await conn.run(sqlFile('checkpoint'));
    });
    // The server's start-up check must accept the file as it is.
    const integrity = await checkIntegrity(db);
    if (integrity.message) throw new Error(`generated file failed the integrity check: ${integrity.message}`);
    const counts = Object.fromEntries((await db.query(sqlFile('table_counts'))).rows.map((r) => [String(r.table_name), Number(r.rows)]));
    close();
    if (existsSync(`${tmp}.wal`)) throw new Error(`${tmp}.wal left after checkpoint`);
    rmSync(`${opts.out}.wal`, { force: true });
    renameSync(tmp, opts.out);
    return { path: opts.out, ms: performance.now() - t0, bytes: statSync(opts.out).size, counts };
  } catch (err) {
    close();
    for (const p of [tmp, `${tmp}.wal`]) rmSync(p, { force: true });
    throw err;
  }
}
