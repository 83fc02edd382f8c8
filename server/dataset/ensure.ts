/**
 * Makes the database hold the current default dataset. The first start loads
 * it; a later start reuses it; a start after anything in data/ changed
 * replaces the seed imports (and only them) inside one transaction. Every
 * start first runs the integrity check (integrity.ts), which removes what an
 * interrupted commit or undo left behind and reports it through `log`.
 */
import type { Db } from '../plugins/app/duckdb.js';
import { readDefaultDataset } from './default-dataset.js';
import { deleteImportRows, writeImport, writeRegions, writeRegistry } from './writer.js';
import { loadRegions } from '../domain/regions.js';
import { sqlFile } from '../lib/sql-files.js';
import { checkIntegrity, type IntegrityReport } from './integrity.js';

export const SEED_KIND = 'seed';

export interface EnsureResult {
  loaded: boolean;
  version: string;
  integrity: IntegrityReport;
}

/** `log` receives the integrity check's line when it repaired something (default: stderr). */
export async function ensureDefaultDataset(db: Db, dataDir: string, log: (message: string, report: IntegrityReport) => void = (m) => console.warn(m)): Promise<EnsureResult> {
  const integrity = await checkIntegrity(db);
  if (integrity.message) log(integrity.message, integrity);
  // A generated synthetic file (npm run generate) is a dataset of its own: never mix the seeds into it.
  const synthetic = await db.query(sqlFile('meta_get'), { key: 'synthetic' });
  if (synthetic.rows.length > 0) {
    const version = await db.query(sqlFile('meta_get'), { key: 'dataset_version' });
    return { loaded: false, version: String(version.rows[0]?.value ?? ''), integrity };
  }
  const dataset = readDefaultDataset(dataDir);
  const current = await db.query(sqlFile('meta_get'), { key: 'dataset_version' });
  if (current.rows[0]?.value === dataset.version) return { loaded: false, version: dataset.version, integrity };
  await db.transaction(async (conn) => {
    await writeRegions(conn, loadRegions());
    await writeRegistry(conn, dataset.registry);
    const old = (await conn.runAndReadAll(sqlFile('seed_imports'), { kind: SEED_KIND })).getRowObjectsJS();
    for (const row of old) await deleteImportRows(conn, Number(row.id));
    await conn.run('DELETE FROM imports WHERE kind = $kind', { kind: SEED_KIND });
    for (const doc of dataset.documents) {
      await writeImport(conn, { file_name: doc.file, sha256: doc.sha256, kind: SEED_KIND, imported_by: '默认数据集', note: doc.title, visibility: 'public' }, doc.facts, doc.findings);
    }
    await conn.run(sqlFile('meta_set'), { key: 'dataset_version', value: dataset.version });
  });
  return { loaded: true, version: dataset.version, integrity };
}
