/**
 * The lake: the database's data tables as Parquet, hive-partitioned by
 * `province=…/year=…` where a table has those columns, with a manifest that
 * says what is there. Layout of a lake root:
 *
 *   ROOT/current -> versions/<id>        (a symlink, swapped atomically)
 *   ROOT/versions/<id>/manifest.json
 *   ROOT/versions/<id>/<table>/province=…/year=…/data_0.parquet
 *   ROOT/versions/<id>/<table>/data.parquet   (tables without those columns)
 *
 * A version directory is never changed after its manifest is written; a
 * replica that opened it keeps reading it until it sees `current` move.
 */
import { readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { SANDBOX_TABLES } from '../lib/sql-snapshot.js';

export const LAKE_FORMAT = 'xpilot-lake/1';
export const MANIFEST = 'manifest.json';
export const CURRENT = 'current';
export const VERSIONS = 'versions';

/**
 * What goes to the lake: the analyst-visible data tables (the SQL console's
 * allow-list) and `meta` (data version, the peer-label salt) — never
 * accounts, sessions, tokens, saved queries or audit logs, and never the
 * salt that pseudonymises student keys (a table added later stays out
 * until it is named here).
 */
export const LAKE_TABLES: readonly string[] = [...SANDBOX_TABLES, 'meta'];
/** Partition columns, in directory order, where a table has them. */
export const PARTITION_COLUMNS = ['province', 'year'] as const;

export interface LakeFile {
  /** Relative to the version directory, `/`-separated. */
  path: string;
  rows: number;
  bytes: number;
  sha256: string;
}

export interface LakeTable {
  name: string;
  columns: { name: string; type: string }[];
  /** Directory partitions, in order. A partition column that is not in `columns` (a school's province) is there for other engines' pruning; the replica's view leaves it out. */
  partition_by: string[];
  rows: number;
  files: LakeFile[];
}

export interface LakeManifest {
  format: typeof LAKE_FORMAT;
  /** The database's data version at export (server/sql/data_version.sql). */
  data_version: string;
  /** The version directory's name. */
  id: string;
  exported_at: string;
  tables: LakeTable[];
}

/** The version directory `ROOT/current` points to now. */
export function currentVersionDir(root: string): string {
  return realpathSync(join(root, CURRENT));
}

export class LakeError extends Error {}

export function readManifest(versionDir: string): LakeManifest {
  let manifest: LakeManifest;
  try {
    manifest = JSON.parse(readFileSync(join(versionDir, MANIFEST), 'utf8')) as LakeManifest;
  } catch (err) {
    throw new LakeError(`No readable lake manifest in ${versionDir} (${err instanceof Error ? err.message : String(err)}); write one with npm run export -- --lake DIR`);
  }
  if (manifest.format !== LAKE_FORMAT) throw new LakeError(`${join(versionDir, MANIFEST)} is not a ${LAKE_FORMAT} manifest`);
  return manifest;
}
