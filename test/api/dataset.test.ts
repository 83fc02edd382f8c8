/**
 * The default dataset on a database file: the first start loads it, a second
 * reuses it, a change to a CSV in data/ reloads it (and only it), and a data/
 * row whose certificate resolves to nothing stops the load, naming the row.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDb } from '../../server/plugins/app/duckdb.js';
import { ensureDefaultDataset } from '../../server/dataset/ensure.js';
import { DatasetError, readDefaultDataset } from '../../server/dataset/default-dataset.js';
import { readConfig } from '../../server/config.js';
import { buildTestApp, query } from '../helpers/app.js';

let dir: string;
let dataDir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'xpilot-dataset-'));
  dataDir = join(dir, 'data');
  cpSync(readConfig().dataDir, dataDir, { recursive: true, filter: (src) => !src.endsWith('.duckdb') && !src.endsWith('.wal') });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function withDb<T>(fn: (db: Awaited<ReturnType<typeof openDb>>['db']) => Promise<T>): Promise<T> {
  const { db, close } = await openDb(join(dir, 'x.duckdb'));
  try {
    return await fn(db);
  } finally {
    close();
  }
}

describe('default dataset on a database file — seed 004, exam table', () => {
  it('loads on the first start and is reused on the second', async () => {
    expect((await withDb((db) => ensureDefaultDataset(db, dataDir))).loaded).toBe(true);
    expect((await withDb((db) => ensureDefaultDataset(db, dataDir))).loaded).toBe(false);
  });

  it('reloads after a CSV in data/ changed, replacing the seed rows instead of adding to them', async () => {
    const file = join(dataDir, 'facts/exam_results.csv');
    writeFileSync(file, readFileSync(file, 'utf8').replace('智能财税,,335,315,94%', '智能财税,,336,315,94%'));
    const app = await buildTestApp({ dbPath: join(dir, 'x.duckdb'), dataDir });
    try {
      const { rows } = await query<{ candidates: number }>(app, 'overview_totals');
      expect(rows[0]!.candidates).toBe(1480);
      const imports = (await app.inject({ url: '/api/imports' })).json() as { imports: unknown[] };
      expect(imports.imports).toHaveLength(5);
    } finally {
      await app.close();
    }
  });

  it('refuses a row whose certificate resolves to no id, naming the file and row', () => {
    const file = join(dataDir, 'facts/exam_results.csv');
    writeFileSync(file, `${readFileSync(file, 'utf8')}广州城市职业学院,2020,火星旅游,,10,5,50%,,004_44f871648b25caa1.txt,exam,17\n`);
    expect(() => readDefaultDataset(dataDir)).toThrow(DatasetError);
    expect(() => readDefaultDataset(dataDir)).toThrow(/data\/facts\/exam_results\.csv 第 20 行 certificate：证书“火星旅游”无法对应/);
  });
});
