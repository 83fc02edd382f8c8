/**
 * The start-up integrity check (server/dataset/integrity.ts) on a database
 * file damaged the way interrupted writes damage it: the server starts, the
 * rows that belong to no committed import are gone, one warning says in
 * Chinese and English what was removed and why; damage it must not repair
 * stops the start with a clear message and changes nothing.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Writable } from 'node:stream';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../../server/app.js';
import { readConfig } from '../../server/config.js';
import { openDb } from '../../server/plugins/app/duckdb.js';
import { ensureDefaultDataset } from '../../server/dataset/ensure.js';
import { IntegrityError } from '../../server/dataset/integrity.js';
import { sqlFile } from '../../server/lib/sql-files.js';
import { TEST_ADMIN_PASSWORD } from '../helpers/app.js';

const dir = mkdtempSync(join(tmpdir(), 'xpilot-integrity-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const fixture = (name: string) => readFileSync(new URL(`./${name}.sql`, import.meta.url), 'utf8');
const FINGERPRINT = fixture('fingerprint');

/** A database file with the default dataset, then `damage` run on it. */
async function damagedDb(name: string, damage: string): Promise<{ path: string; before: Record<string, string> }> {
  const path = join(dir, `${name}.duckdb`);
  const { db, close } = await openDb(path);
  try {
    await ensureDefaultDataset(db, readConfig().dataDir);
    const before = await fingerprint(path, db);
    await db.withConnection((conn) => conn.run(damage));
    return { path, before };
  } finally {
    close();
  }
}

async function fingerprint(_path: string, db: Awaited<ReturnType<typeof openDb>>['db']): Promise<Record<string, string>> {
  return Object.fromEntries((await db.query(FINGERPRINT)).rows.map((r) => [String(r.table_name), `${r.rows}:${r.hash}`]));
}

/** Starts the whole app on `path` with its warnings collected. */
async function start(path: string) {
  const lines: { level: number; msg: string; removed?: unknown }[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const l of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(l));
      done();
    },
  });
  const config = readConfig({ XPILOT_DB: path, XPILOT_ADMIN_PASSWORD: TEST_ADMIN_PASSWORD });
  const app = await buildApp({ ...config, logger: { level: 'warn', stream } });
  return { app, lines };
}

describe('start-up integrity check', () => {
  it('removes rows of a missing, pending or undone import, logs what and why, and keeps everything else', async () => {
    const { path, before } = await damagedDb('orphans', fixture('integrity_damage'));
    const { app, lines } = await start(path);
    try {
      const warning = lines.find((l) => l.msg.startsWith('数据完整性检查'));
      expect(warning?.msg).toContain('导入 #901：删除 3 行（exam_records 2, findings 1），原因：导入记录不存在（提交未完成时进程被终止）');
      expect(warning?.msg).toContain('导入 #902：删除 1 行（exam_results 1），原因：导入已撤销（撤销时进程被终止，未删完）');
      expect(warning?.msg).toContain('导入 #903：删除 1 行（stated_totals 1），原因：导入未写完（提交未完成时进程被终止）');
      expect(warning?.msg).toContain('Data integrity check: removed rows that belong to no committed import');
      expect(warning?.msg).toContain('import #901: removed 3 rows (exam_records 2, findings 1) because its import row does not exist');
      expect(warning?.level).toBe(40);

      expect((await app.db.query(sqlFile('integrity_orphans'))).rows).toEqual([]);
      const after = await fingerprint(path, app.db);
      // Every table as before the damage, but for the undone import's own row (history) and the administrator this start stored.
      const untouched = (fp: Record<string, string>) => ({ ...fp, imports: undefined, admin_account: undefined, admin_password_state: undefined });
      expect(untouched(after)).toEqual(untouched(before));
      const list = (await app.inject({ method: 'GET', url: '/api/imports' })).json() as { imports: { id: number; status: string }[] };
      expect(list.imports.filter((i) => i.id > 900).map((i) => [i.id, i.status])).toEqual([[902, 'undone']]);
    } finally {
      await app.close();
    }

    // The next start finds nothing to do and says nothing.
    const again = await start(path);
    await again.app.close();
    expect(again.lines.filter((l) => l.msg.includes('数据完整性'))).toEqual([]);
  });

  it('refuses to start when a committed import holds fewer rows than it recorded, and changes nothing', async () => {
    const { path } = await damagedDb('lost', fixture('integrity_lost_rows'));
    const { db, close } = await openDb(path);
    const damaged = await fingerprint(path, db);
    close();
    const err = await start(path).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(IntegrityError);
    expect((err as Error).message).toMatch(/^拒绝启动：已提交的导入中数据行数与记录不符（现有\/应有）：#1 .+。请从备份恢复 .+lost\.duckdb/);
    expect((err as Error).message).toContain('Refusing to start: committed imports hold a different number of rows than they recorded');
    const reopened = await openDb(path);
    expect(await fingerprint(path, reopened.db)).toEqual(damaged);
    reopened.close();
  });

  it('refuses to start when rows belong to an import of unknown status', async () => {
    const { path } = await damagedDb('unknown', fixture('integrity_unknown_status'));
    const err = await start(path).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(IntegrityError);
    expect((err as Error).message).toContain('拒绝启动：有数据属于状态未知的导入：#904 (archived)');
  });

  it('checks and repairs every table that has an import_id column', async () => {
    const { db, close } = await openDb(':memory:');
    try {
      const tables = (await db.query(fixture('tables_with_import_id'))).rows.map((r) => String(r.table_name));
      expect(tables.length).toBeGreaterThan(8);
      const named = (file: string, re: RegExp) => [...sqlFile(file).matchAll(re)].map((m) => m[1]!).sort();
      expect(named('integrity_orphans', /count\(\*\)(?: AS rows)? FROM (\w+)/g)).toEqual(tables);
      expect(named('integrity_remove', /DELETE FROM (\w+) WHERE import_id/g)).toEqual(tables);
    } finally {
      close();
    }
  });
});
