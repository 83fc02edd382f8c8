/**
 * Retention of the SQL console's audit log (sql_audit): at most
 * XPILOT_SQL_AUDIT_DAYS days and XPILOT_SQL_AUDIT_MAX_ROWS rows, oldest
 * dropped first; pruned at startup and once every so many statements, never
 * at the expense of the entry being written. Real DuckDB throughout.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../server/plugins/app/duckdb.js';
import { auditTimestamp, defaultPruneEvery, pruneSqlAudit, readAuditRetention } from '../../server/lib/sql-audit.js';
import { sqlFile } from '../../server/lib/sql-files.js';
import { runSql, startSandbox, type SandboxApp } from './sandbox-harness.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Writes an audit entry the way the sandbox does (same INSERT file). */
async function writeEntry(db: Db, sql: string, startedAt: Date) {
  await db.query(sqlFile('sql_audit_insert'), {
    user_name: 'seed',
    started_at: auditTimestamp(startedAt),
    sql,
    params: '{}',
    format: 'json',
    duration_ms: 1,
    row_count: 1,
    truncated: false,
    outcome: 'ok',
    error_code: null,
    address: null,
    user_agent: null,
  });
}

const kept = async (db: Db): Promise<string[]> => (await db.query('SELECT sql FROM sql_audit ORDER BY id')).rows.map((r) => String(r.sql));
const range = (from: number, to: number, name = (i: number) => `q${i}`) => Array.from({ length: to - from }, (_, k) => name(from + k));

describe('configuration', () => {
  it('defaults: 180 days, 100 000 rows, pruned every 1 000 entries and hourly', () => {
    expect(readAuditRetention({})).toEqual({ days: 180, maxRows: 100_000, pruneEvery: 1000, pruneIntervalMs: 3_600_000 });
  });
  it('XPILOT_SQL_AUDIT_DAYS and XPILOT_SQL_AUDIT_MAX_ROWS override them', () => {
    expect(readAuditRetention({ XPILOT_SQL_AUDIT_DAYS: '30', XPILOT_SQL_AUDIT_MAX_ROWS: '5000' })).toMatchObject({ days: 30, maxRows: 5000, pruneEvery: 50 });
  });
  it('refuses what is not a positive whole number', () => {
    expect(() => readAuditRetention({ XPILOT_SQL_AUDIT_DAYS: '0' })).toThrow(/XPILOT_SQL_AUDIT_DAYS/);
    expect(() => readAuditRetention({ XPILOT_SQL_AUDIT_MAX_ROWS: '1e9x' })).toThrow(/XPILOT_SQL_AUDIT_MAX_ROWS/);
    expect(() => readAuditRetention({ XPILOT_SQL_AUDIT_MAX_ROWS: '2.5' })).toThrow(/XPILOT_SQL_AUDIT_MAX_ROWS/);
  });
  it('the prune cadence lets the table overshoot its cap by at most 1 %', () => {
    expect([3, 99, 100, 5000, 100_000, 10_000_000].map(defaultPruneEvery)).toEqual([1, 1, 1, 50, 1000, 1000]);
  });
});

describe('pruneSqlAudit', () => {
  let db: Db;
  let close: () => void;
  beforeEach(async () => ({ db, close } = await openDb(':memory:')));
  afterEach(() => close());

  it('more entries than maxRows: exactly the newest maxRows are kept', async () => {
    const now = Date.now();
    for (let i = 0; i < 25; i++) await writeEntry(db, `q${i}`, new Date(now - (25 - i) * 60_000));
    expect(await pruneSqlAudit(db, { days: 180, maxRows: 10 })).toEqual({ byAge: 0, byCount: 15 });
    expect(await kept(db)).toEqual(range(15, 25));
    // Again: nothing more to do.
    expect(await pruneSqlAudit(db, { days: 180, maxRows: 10 })).toEqual({ byAge: 0, byCount: 0 });
    expect(await kept(db)).toEqual(range(15, 25));
  });

  it('entries older than `days` go, the rest stay', async () => {
    const now = new Date('2025-06-30T12:00:00Z');
    // q0 is 9.5 days old … q9 half a day.
    for (let i = 0; i < 10; i++) await writeEntry(db, `q${i}`, new Date(now.getTime() - (9.5 - i) * DAY_MS));
    expect(await pruneSqlAudit(db, { days: 5, maxRows: 100 }, now)).toEqual({ byAge: 5, byCount: 0 });
    expect(await kept(db)).toEqual(range(5, 10));
  });

  it('both limits: age first, then the row cap', async () => {
    const now = new Date('2025-06-30T12:00:00Z');
    for (let i = 0; i < 20; i++) await writeEntry(db, `q${i}`, new Date(now.getTime() - (19.5 - i) * DAY_MS));
    expect(await pruneSqlAudit(db, { days: 10, maxRows: 4 }, now)).toEqual({ byAge: 10, byCount: 6 });
    expect(await kept(db)).toEqual(range(16, 20));
  });

  it('fewer entries than maxRows, none too old: nothing is deleted', async () => {
    for (let i = 0; i < 3; i++) await writeEntry(db, `q${i}`, new Date());
    expect(await pruneSqlAudit(db, { days: 1, maxRows: 3 })).toEqual({ byAge: 0, byCount: 0 });
    expect(await kept(db)).toEqual(range(0, 3));
  });
});

describe('the sandbox prunes at startup and every `pruneEvery` statements', () => {
  const dir = mkdtempSync(join(tmpdir(), 'xpilot-audit-test-'));
  const dbPath = join(dir, 'audit.duckdb');
  let app: SandboxApp;

  beforeAll(async () => {
    // A database whose audit log outgrew the limits: 10 entries of a year ago, 20 of the last hours.
    const { db, close } = await openDb(dbPath);
    const now = Date.now();
    for (let i = 0; i < 10; i++) await writeEntry(db, `old${i}`, new Date(now - 365 * DAY_MS + i * 60_000));
    for (let i = 0; i < 20; i++) await writeEntry(db, `q${i}`, new Date(now - (20 - i) * 60_000));
    close();
    app = await startSandbox({ dbPath, audit: { days: 180, maxRows: 8, pruneEvery: 3 } });
  });
  afterAll(async () => {
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('startup: the year-old entries and all but the newest 8 are gone', async () => {
    expect(await kept(app.db)).toEqual(range(12, 20));
  });

  it('each statement is audited; the log is pruned on every 3rd, keeping the newest 8 including the one just written', async () => {
    const statement = (i: number) => `SELECT ${i} AS n`;
    const counts: number[] = [];
    const logs: string[][] = [];
    for (let i = 0; i < 7; i++) {
      // Every 4th statement is refused (its audit entry counts too).
      const sql = i % 4 === 3 ? `DELETE FROM exam_results -- ${i}` : statement(i);
      expect(await runSql(app, sql)).toBe(i % 4 === 3 ? 'sql_not_read_only' : 'ok');
      const log = await kept(app.db);
      expect(log.at(-1)).toBe(sql);
      counts.push(log.length);
      logs.push(log);
    }
    // Not pruned on every statement: 9, 10, then back to 8 on the 3rd, and so on.
    expect(counts).toEqual([9, 10, 8, 9, 10, 8, 9]);
    // At each prune, exactly the newest 8.
    expect(logs[2]).toEqual([...range(15, 20), statement(0), statement(1), statement(2)]);
    expect(logs[5]).toEqual(['q18', 'q19', statement(0), statement(1), statement(2), 'DELETE FROM exam_results -- 3', statement(4), statement(5)]);
    expect(logs[6]).toEqual([...logs[5]!, statement(6)]);
  });
});
