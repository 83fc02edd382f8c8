/**
 * The SQL console of a scoped principal (issue 10): it runs on a snapshot that
 * holds only the rows that principal may see, so crafted SQL, the schema
 * browser, sample values, EXPLAIN and error messages have nothing else to
 * show. The administrator keeps the full snapshot.
 *
 * - What a scoped snapshot holds: every sandbox table copied through its
 *   `<table>_in($scope)` macro (server/sql/scopes.sql); reference tables
 *   (certificates, aliases, regions) whole; `schools` only the schools the
 *   principal may know of; `exam_records` never for anonymous visitors.
 *   No benchmark rows: the console has no way to anonymise peers.
 * - When: built on demand at a principal's first statement, keyed by the data
 *   version and scopeKey (two deans of one school share one), rebuilt when the
 *   data version moves on.
 * - How many: each scoped snapshot has its own worker process (the worker
 *   serves one snapshot), at most XPILOT_SQL_SCOPED_SNAPSHOTS of them and
 *   XPILOT_SQL_SCOPED_SNAPSHOT_MB on disk together; beyond, the least recently
 *   used idle one is stopped and its files deleted (`evictions`).
 */
import { positiveIntEnv } from './env.js';

/** How each sandbox table reaches a scoped snapshot: through this table macro, or whole (null: reference data). */
export const SCOPED_SOURCES = {
  exam_results: 'exam_results_in',
  pilot_applications: 'pilot_applications_in',
  teacher_training: 'teacher_training_in',
  training_quotas: 'training_quotas_in',
  training_programmes: 'training_programmes_in',
  training_offers: 'training_offers_in',
  stated_totals: 'stated_totals_in',
  exam_records: 'exam_records_in',
  schools: 'schools_in',
  school_aliases: 'school_aliases_in',
  certificates: null,
  certificate_aliases: null,
  regions: null,
  findings: 'findings_in',
  imports: 'imports_in',
} as const;

export interface ScopedLimits {
  /** Scoped snapshots (and their worker processes) kept at once. */
  maxSnapshots: number;
  /** Their files on disk together, in bytes. */
  maxBytes: number;
}

export function readScopedLimits(env: NodeJS.ProcessEnv = process.env): ScopedLimits {
  return {
    maxSnapshots: positiveIntEnv(env, 'XPILOT_SQL_SCOPED_SNAPSHOTS', 3),
    maxBytes: positiveIntEnv(env, 'XPILOT_SQL_SCOPED_SNAPSHOT_MB', 1024) * 1024 * 1024,
  };
}

export interface PoolEntry {
  key: string;
  lastUsed: number;
  bytes: number;
  /** Statements running (or still sending) on it: never evicted under them. */
  running: number;
}

/**
 * Which entries to stop so the pool fits its limits again: least recently used
 * first, never `keep` (the one just asked for) nor one with statements running.
 * The pool may stay over its limits while everything else is busy.
 *
 * @example evictions([{key:'a',lastUsed:1,bytes:1,running:0},{key:'b',lastUsed:2,bytes:1,running:0}], {maxSnapshots:1,maxBytes:9}, 'b') // ['a']
 */
export function evictions(entries: PoolEntry[], limits: ScopedLimits, keep: string): string[] {
  let count = entries.length;
  let bytes = entries.reduce((s, e) => s + e.bytes, 0);
  const out: string[] = [];
  for (const e of [...entries].sort((a, b) => a.lastUsed - b.lastUsed)) {
    if (count <= limits.maxSnapshots && bytes <= limits.maxBytes) break;
    if (e.key === keep || e.running > 0) continue;
    out.push(e.key);
    count--;
    bytes -= e.bytes;
  }
  return out;
}
