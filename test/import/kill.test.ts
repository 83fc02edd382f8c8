/**
 * A process killed (kill -9) in the middle of a large import leaves the
 * database as it was: the CLI imports 1.5 million candidate rows into a
 * temporary database file, is killed while it writes, and the reopened
 * database has exactly the tables it had before.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDb } from '../../server/plugins/app/duckdb.js';
import { ensureDefaultDataset } from '../../server/dataset/ensure.js';
import { readConfig, ROOT } from '../../server/config.js';
import { sqlFile } from '../../server/lib/sql-files.js';
import { writeCandidateCsv } from '../bench/candidates.js';

const dir = mkdtempSync(join(tmpdir(), 'xpilot-kill-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function countsOf(path: string): Promise<Record<string, number>> {
  const { db, close } = await openDb(path);
  try {
    await ensureDefaultDataset(db, readConfig().dataDir);
    const { rows } = await db.query(sqlFile('table_counts'));
    return Object.fromEntries(rows.map((r) => [String(r.table_name), Number(r.rows)]));
  } finally {
    close();
  }
}

describe('kill -9 during an import', () => {
  it('the CLI killed while writing 1.5M candidate rows: reopened, the database is as it was', async () => {
    const dbPath = join(dir, 'kill.duckdb');
    const csv = join(dir, 'candidates.csv');
    await writeCandidateCsv(csv, 1_500_000);
    const before = await countsOf(dbPath);
    expect(before.imports).toBe(5);

    // tsx's loader in this very process (not the tsx CLI, which would run the import in a grandchild the kill misses).
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'server/cli/import.ts'), csv, '--school', '广州城市职业学院', '--year', '2021'], {
      cwd: ROOT,
      env: { ...process.env, XPILOT_DB: dbPath, XPILOT_IMPORT_MAX_MB: '1024' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => { out += d.toString('utf8'); });
    child.stderr.on('data', (d: Buffer) => { out += d.toString('utf8'); });
    const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
    const deadline = Date.now() + 120_000;
    while (!out.includes('写入数据库') && child.exitCode === null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(out).toContain('写入数据库');
    // Well inside the transaction that writes exam_records (it takes seconds for 1.5M rows).
    await new Promise((r) => setTimeout(r, 600));
    child.kill('SIGKILL');
    const { signal } = await exited;
    expect(signal).toBe('SIGKILL');
    expect(out).not.toContain('已导入');

    const after = await countsOf(dbPath);
    expect(after).toEqual(before);
  }, 240_000);
});
