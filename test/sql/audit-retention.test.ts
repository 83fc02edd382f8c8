/**
 * Retention of the SQL console's audit log (sql_audit): at most
 * XPILOT_SQL_AUDIT_DAYS days, XPILOT_SQL_AUDIT_MAX_ROWS rows and
 * XPILOT_SQL_AUDIT_MAX_MB of text, oldest dropped first; pruned at startup and
 * once every so many statements, never at the expense of the entry being
 * written. Each entry keeps a statement's first 4 KB with its sha256 and size
 * (issue 11: 300 refused 100 KB statements had grown the database by 37 MB).
 * Real DuckDB throughout.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../server/plugins/app/duckdb.js';
import { createHash } from 'node:crypto';
import { AUDIT_SQL_BYTES, auditedText, auditTimestamp, defaultPruneEvery, pruneSqlAudit, readAuditRetention } from '../../server/lib/sql-audit.js';
import { buildTestApp } from '../helpers/app.js';
import { sqlFile } from '../../server/lib/sql-files.js';
import { runSql, startSandbox, type SandboxApp } from './sandbox-harness.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Writes an audit entry the way the sandbox does (same INSERT file). */
async function writeEntry(db: Db, sql: string, startedAt: Date) {
  await db.query(sqlFile('sql_audit_insert'), {
    user_name: 'seed',
    started_at: auditTimestamp(startedAt),
    sql,
    sql_sha256: null,
    sql_bytes: null,
    sql_truncated: false,
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
    expect(readAuditRetention({})).toEqual({ days: 180, maxRows: 100_000, maxBytes: 64 * 1024 * 1024, pruneEvery: 1000, pruneIntervalMs: 3_600_000 });
  });
  it('XPILOT_SQL_AUDIT_DAYS and XPILOT_SQL_AUDIT_MAX_ROWS override them', () => {
    expect(readAuditRetention({ XPILOT_SQL_AUDIT_DAYS: '30', XPILOT_SQL_AUDIT_MAX_ROWS: '5000', XPILOT_SQL_AUDIT_MAX_MB: '2' })).toMatchObject({ days: 30, maxRows: 5000, maxBytes: 2 * 1024 * 1024, pruneEvery: 50 });
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
    expect(await pruneSqlAudit(db, { days: 180, maxRows: 10 })).toEqual({ byAge: 0, byCount: 15, byBytes: 0 });
    expect(await kept(db)).toEqual(range(15, 25));
    // Again: nothing more to do.
    expect(await pruneSqlAudit(db, { days: 180, maxRows: 10 })).toEqual({ byAge: 0, byCount: 0, byBytes: 0 });
    expect(await kept(db)).toEqual(range(15, 25));
  });

  it('entries older than `days` go, the rest stay', async () => {
    const now = new Date('2025-06-30T12:00:00Z');
    // q0 is 9.5 days old … q9 half a day.
    for (let i = 0; i < 10; i++) await writeEntry(db, `q${i}`, new Date(now.getTime() - (9.5 - i) * DAY_MS));
    expect(await pruneSqlAudit(db, { days: 5, maxRows: 100 }, now)).toEqual({ byAge: 5, byCount: 0, byBytes: 0 });
    expect(await kept(db)).toEqual(range(5, 10));
  });

  it('both limits: age first, then the row cap', async () => {
    const now = new Date('2025-06-30T12:00:00Z');
    for (let i = 0; i < 20; i++) await writeEntry(db, `q${i}`, new Date(now.getTime() - (19.5 - i) * DAY_MS));
    expect(await pruneSqlAudit(db, { days: 10, maxRows: 4 }, now)).toEqual({ byAge: 10, byCount: 6, byBytes: 0 });
    expect(await kept(db)).toEqual(range(16, 20));
  });

  it('fewer entries than maxRows, none too old: nothing is deleted', async () => {
    for (let i = 0; i < 3; i++) await writeEntry(db, `q${i}`, new Date());
    expect(await pruneSqlAudit(db, { days: 1, maxRows: 3 })).toEqual({ byAge: 0, byCount: 0, byBytes: 0 });
    expect(await kept(db)).toEqual(range(0, 3));
  });
});

describe('bounded entries: a statement\'s first 4 KB, its hash and size', () => {
  it.each([
    ['a short statement is kept whole', 'SELECT 1', 'SELECT 1', false],
    ['100 KB of ASCII: the first 4096 bytes', `SELECT 1 -- ${'x'.repeat(100_000)}`, `SELECT 1 -- ${'x'.repeat(4096 - 12)}`, true],
    // 3-byte characters from byte 11 on: 1361 of them fit in the 4085 bytes left; the 1362nd would be cut in half.
    ['Chinese text is cut between characters, never inside one', `SELECT 1 -- ${'证'.repeat(5000)}`, `SELECT 1 -- ${'证'.repeat(1361)}`, true],
  ])('%s', (_name, sql, text, truncated) => {
    const kept = auditedText(sql);
    expect(kept).toEqual({ text, truncated, bytes: Buffer.byteLength(sql), sha256: createHash('sha256').update(sql).digest('hex') });
    expect(Buffer.byteLength(kept.text)).toBeLessThanOrEqual(AUDIT_SQL_BYTES);
  });

  it('the log is bounded by bytes: the oldest go until the text fits, the newest always stays', async () => {
    const { db, close } = await openDb(':memory:');
    try {
      const now = Date.now();
      for (let i = 0; i < 10; i++) await writeEntry(db, `q${i} ${'x'.repeat(998 - String(i).length)}`, new Date(now - (10 - i) * 1000));
      // Each entry holds 1,001 bytes of SQL + 2 of params + 200 for the rest: 1,203; 4,000 bytes hold 3 of them.
      expect(await pruneSqlAudit(db, { days: 180, maxRows: 100, maxBytes: 4000 })).toEqual({ byAge: 0, byCount: 0, byBytes: 7 });
      expect((await kept(db)).map((s) => s.split(' ')[0])).toEqual(['q7', 'q8', 'q9']);
      expect(await pruneSqlAudit(db, { days: 180, maxRows: 100, maxBytes: 10 })).toEqual({ byAge: 0, byCount: 0, byBytes: 2 });
      expect((await kept(db)).map((s) => s.split(' ')[0])).toEqual(['q9']);
    } finally {
      close();
    }
  });

  it('20 refused 100 KB statements store 4 KB each; /api/sql/history shows them marked as truncated', async () => {
    const app = await buildTestApp();
    try {
      const long = (i: number) => `DELETE FROM exam_results -- ${i} ${'填'.repeat(34_000)}`;
      for (let i = 0; i < 20; i++) {
        const res = await app.inject({ method: 'POST', url: '/api/sql', payload: { sql: long(i) } });
        expect(res.json().error.code).toBe('sql_not_read_only');
      }
      // Anonymous statements are audited under the client's address (inject's 127.0.0.1).
      const size = (await app.db.query("SELECT count(*) AS n, sum(strlen(sql)) AS bytes, bool_and(sql_truncated) AS cut FROM sql_audit WHERE user_name = '127.0.0.1'")).rows[0]!;
      expect({ n: Number(size.n), cut: size.cut }).toEqual({ n: 20, cut: true });
      // 2 MB sent, at most 80 KB kept.
      expect(Number(size.bytes)).toBeLessThanOrEqual(20 * AUDIT_SQL_BYTES);
      const history = (await app.inject({ method: 'GET', url: '/api/sql/history?limit=1' })).json();
      expect(history.items[0]).toMatchObject({
        sql: auditedText(long(19)).text,
        sqlTruncated: true,
        sqlBytes: Buffer.byteLength(long(19)),
        sqlSha256: createHash('sha256').update(long(19)).digest('hex'),
        outcome: 'refused',
      });
      const short = await app.inject({ method: 'POST', url: '/api/sql', payload: { sql: 'SELECT 42 AS n' } });
      expect(short.statusCode).toBe(200);
      const latest = (await app.inject({ method: 'GET', url: '/api/sql/history?limit=1' })).json().items[0];
      expect([latest.sql, latest.sqlTruncated, latest.sqlBytes]).toEqual(['SELECT 42 AS n', false, 14]);
    } finally {
      await app.close();
    }
  }, 120_000);
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
