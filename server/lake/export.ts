/**
 * Writes the lake (see manifest.ts): every lake table COPY'd by DuckDB itself
 * inside one transaction (one consistent snapshot even while imports commit),
 * into a fresh version directory; the manifest last; then `current` is moved
 * to it by renaming a new symlink over the old one (rename(2) is atomic, so a
 * reader sees the old version or the new one, never half of either). Old
 * versions beyond `keep` are removed.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { Db } from '../plugins/app/duckdb.js';
import { sqlFile } from '../lib/sql-files.js';
import { fillSql, quoteIdent, quoteLiteral } from '../lib/sql-text.js';
import { readTable } from '../lib/values.js';
import { CURRENT, LAKE_FORMAT, LAKE_TABLES, MANIFEST, PARTITION_COLUMNS, VERSIONS, type LakeFile, type LakeManifest, type LakeTable } from './manifest.js';

async function sha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

function parquetFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return (readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith('.parquet')).map((f) => join(dir, f)).sort();
}

export interface ExportOptions {
  /** Version directories kept besides the new one (replicas may still read the previous). Default 2. */
  keep?: number;
}

export async function exportLake(db: Db, root: string, opts: ExportOptions = {}): Promise<LakeManifest> {
  mkdirSync(join(root, VERSIONS), { recursive: true });
  // Replicas label anonymised peers with the database's salt: make sure it exists before it is copied.
  const salt = (await db.query(sqlFile('meta_get'), { key: 'peer_salt' })).rows[0]?.value;
  if (!salt) await db.query(sqlFile('meta_set'), { key: 'peer_salt', value: randomBytes(16).toString('hex') });

  const columns = (await db.query(sqlFile('lake_columns'))).rows as { table_name: string; column_name: string; data_type: string }[];
  const byTable = new Map<string, { name: string; type: string }[]>();
  for (const c of columns) if (LAKE_TABLES.includes(c.table_name)) byTable.set(c.table_name, [...(byTable.get(c.table_name) ?? []), { name: c.column_name, type: c.data_type }]);

  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  const staging = join(root, VERSIONS, `.staging-${process.pid}-${randomBytes(4).toString('hex')}`);
  mkdirSync(staging);
  try {
    const written: { name: string; columns: { name: string; type: string }[]; partition_by: string[] }[] = [];
    let dataVersion = '';
    await db.transaction(async (conn) => {
      dataVersion = String(readTable(await conn.runAndReadAll(sqlFile('data_version'))).rows[0]?.version ?? '');
      for (const [name, cols] of [...byTable.entries()].sort(([a], [b]) => a.localeCompare(b))) {
        // School-level facts carry no province of their own: they are partitioned by their school's.
        const bySchool = cols.some((c) => c.name === 'school_id') && !cols.some((c) => c.name === 'province') && name !== 'findings';
        const partitionBy = PARTITION_COLUMNS.filter((p) => cols.some((c) => c.name === p) || (p === 'province' && bySchool));
        const source =
          name === 'meta' ? sqlFile('lake_meta_source').trim() : bySchool ? fillSql(sqlFile('lake_source_by_school'), { table: quoteIdent(name) }).replace(/^--.*\n/gm, '').trim() : quoteIdent(name);
        const dir = join(staging, name);
        mkdirSync(dir);
        if (partitionBy.length) {
          await conn.run(fillSql(sqlFile('lake_copy_partitioned'), { source, dir: quoteLiteral(dir), partitions: partitionBy.map(quoteIdent).join(', ') }));
        } else {
          await conn.run(fillSql(sqlFile('lake_copy'), { source, file: quoteLiteral(join(dir, 'data.parquet')) }));
        }
        written.push({ name, columns: cols, partition_by: [...partitionBy] });
      }
    });

    const tables: LakeTable[] = [];
    for (const t of written) {
      const dir = join(staging, t.name);
      const paths = parquetFiles(dir);
      const rowsOf = new Map<string, number>();
      if (paths.length) {
        const meta = await db.query(fillSql(sqlFile('lake_file_rows'), { glob: quoteLiteral(join(dir, '**', '*.parquet')) }));
        for (const r of meta.rows) rowsOf.set(String(r.file_name), Number(r.num_rows));
      }
      const files: LakeFile[] = [];
      for (const p of paths) files.push({ path: relative(staging, p).split(sep).join('/'), rows: rowsOf.get(p) ?? 0, bytes: statSync(p).size, sha256: await sha256(p) });
      tables.push({ name: t.name, columns: t.columns, partition_by: t.partition_by, rows: files.reduce((s, f) => s + f.rows, 0), files });
    }
    const id = `${stamp}-${createHash('sha256').update(dataVersion).digest('hex').slice(0, 8)}-${randomBytes(2).toString('hex')}`;
    const manifest: LakeManifest = { format: LAKE_FORMAT, data_version: dataVersion, id, exported_at: new Date().toISOString(), tables };
    writeFileSync(join(staging, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
    const final = join(root, VERSIONS, id);
    renameSync(staging, final);
    // Swap `current` atomically: a new symlink renamed over the old one.
    const link = join(root, `.${CURRENT}-${process.pid}-${randomBytes(4).toString('hex')}`);
    symlinkSync(join(VERSIONS, id), link);
    renameSync(link, join(root, CURRENT));
    prune(root, id, opts.keep ?? 2);
    return manifest;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** Removes all but the newest `keep` older versions (and any staging left by a crash); never the current one. */
function prune(root: string, currentId: string, keep: number): void {
  const dir = join(root, VERSIONS);
  const entries = readdirSync(dir).filter((d) => d !== currentId);
  for (const d of entries.filter((x) => x.startsWith('.staging-') && !x.includes(`-${process.pid}-`))) rmSync(join(dir, d), { recursive: true, force: true });
  const versions = entries.filter((d) => !d.startsWith('.')).sort().reverse();
  for (const d of versions.slice(keep)) rmSync(join(dir, d), { recursive: true, force: true });
}
