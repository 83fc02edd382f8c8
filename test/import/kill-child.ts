/**
 * The process kill.test.ts kills: what `npm run import` and the server's
 * DELETE /api/imports/:id do, on the database XPILOT_DB names.
 *
 *   kill-child.ts commit FILE SCHOOL YEAR    kill-child.ts undo ID
 *
 * Prints `@pid <pid>`, then opens the database as a start does (integrity
 * check, default dataset), then opens `<db>.mark` — the line in strace's
 * trace from which the parent counts kill points — and prints `@write`, then
 * commits or undoes, prints `@done <id>` and closes the database.
 */
import { closeSync, openSync } from 'node:fs';
import { openDb } from '../../server/plugins/app/duckdb.js';
import { ensureDefaultDataset } from '../../server/dataset/ensure.js';
import { readConfig } from '../../server/config.js';
import { registryFromDb } from '../../server/import/registry-db.js';
import { commitImport, prepareImport, undoImport } from '../../server/import/commit.js';
import { basename } from 'node:path';

const [what, arg, school, year] = process.argv.slice(2);
console.log(`@pid ${process.pid}`);
const config = readConfig();
const { db, close } = await openDb(config.dbPath);
try {
  await ensureDefaultDataset(db, config.dataDir);
  let id: number;
  if (what === 'commit') {
    const registry = await registryFromDb(db);
    const prepared = await prepareImport(db, { fileName: basename(arg!), path: arg!, options: { school, year } }, registry);
    closeSync(openSync(`${config.dbPath}.mark`, 'w'));
    console.log('@write');
    id = (await commitImport(db, prepared, { importedBy: 'kill-test', replace: false })).id;
  } else {
    closeSync(openSync(`${config.dbPath}.mark`, 'w'));
    console.log('@write');
    id = (await undoImport(db, Number(arg))).id;
  }
  console.log(`@done ${id}`);
} finally {
  close();
}
