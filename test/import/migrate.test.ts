/**
 * A database file made by an older release (schema of commit b5fafd1: no
 * overlap, visibility or scope columns on imports, no message_en on
 * findings, no address/user_agent on sql_audit) opens with the new code: its
 * rows survive, the new columns hold NULL or their defaults, and the tables
 * have exactly the shape of a fresh file's.
 *
 * Crash safety: the start that migrates is killed (-9) at each write,
 * fsync, truncate and unlink of the database file and its write-ahead log
 * (strace, as in kill.test.ts; timed kills without strace). After each kill
 * the file opens — before the fix, an ALTER TABLE … ADD COLUMN left in the
 * WAL of a table with a function default made DuckDB 1.5 refuse it — and
 * holds the old shape or the new one, and the next start finishes the job.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { openDb } from '../../server/plugins/app/duckdb.js';
import { ROOT } from '../../server/config.js';
import { staleTables } from '../../server/dataset/migrate.js';

const OLD_SCHEMA = readFileSync(new URL('./schema-b5fafd1.sql', import.meta.url), 'utf8');
const HAS_STRACE = spawnSync('strace', ['-qq', '-o', '/dev/null', 'true']).status === 0;
const IO = /^\d+\s+(write|pwrite64|pwritev2?|fsync|fdatasync|ftruncate|unlink|unlinkat|rename|renameat2?)\(/;
const KILL_DELAY_US = 10_000;
const PARALLEL = 2;

const dir = mkdtempSync(join(tmpdir(), 'xpilot-migrate-'));
const old = join(dir, 'old.duckdb');
const children = new Set<ChildProcess>();
afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

/** Runs SQL on a file with a bare instance (no schema, no migration), as the old release would. */
async function raw<T>(path: string, fn: (run: (sql: string) => Promise<Record<string, unknown>[]>) => Promise<T>): Promise<T> {
  const instance = await DuckDBInstance.create(path);
  try {
    const conn = await instance.connect();
    try {
      return await fn(async (sql) => (await conn.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[]);
    } finally {
      conn.closeSync();
    }
  } finally {
    instance.closeSync();
  }
}

const SHAPE = "SELECT table_name, list(column_name || ' ' || data_type ORDER BY column_index) AS cols FROM duckdb_columns() WHERE database_name = current_database() AND schema_name = 'main' GROUP BY table_name ORDER BY table_name";

async function shapeOf(path: string): Promise<Record<string, string>> {
  return raw(path, async (run) => Object.fromEntries((await run(SHAPE)).map((r) => [String(r.table_name), JSON.stringify(r.cols)])));
}

const fresh = join(dir, 'fresh.duckdb');
let freshShape: Record<string, string>;
let oldShape: Record<string, string>;

beforeAll(async () => {
  await raw(old, async (run) => {
    await run(OLD_SCHEMA);
    await run(`INSERT INTO schools VALUES (1, '广州城市职业学院', '高职', '广东省', '广州市');
      INSERT INTO certificates (id, name) VALUES (7, '智能财税');
      INSERT INTO imports (file_name, sha256, kind, imported_by, row_count, status, note) VALUES
        ('seed.txt', 'aaa', 'seed', '默认数据集', 0, 'committed', '已发布文件'),
        ('广州2021.csv', 'bbb', 'exam_results', '王老师', 1, 'committed', NULL);
      INSERT INTO exam_results (import_id, school_id, year, certificate_id, candidates, passed, certificate_as_printed) VALUES (2, 1, 2021, 7, 10, 8, '智能财税');
      INSERT INTO findings (import_id, severity, code, message) VALUES (2, 'warning', 'rate_mismatch', '通过率与人数不符');
      INSERT INTO sql_audit (user_name, started_at, sql, outcome) VALUES ('127.0.0.1', TIMESTAMP '2026-01-02 03:04:05', 'SELECT 1', 'ok');
      CHECKPOINT;`);
  });
  oldShape = await shapeOf(old);
  (await openDb(fresh)).close();
  freshShape = await shapeOf(fresh);
}, 120_000);

describe('opening a database file made before the new columns', () => {
  it('keeps every row, fills the new columns with NULL or defaults, and has a fresh file\'s shape', async () => {
    const path = join(dir, 'migrated.duckdb');
    copyFileSync(old, path);
    const { db, close } = await openDb(path);
    try {
      const imports = (await db.query('SELECT id, kind, status, visibility, school_ids, school_provinces, provinces, overlap_choice, overlap_reason, overlap_imports FROM imports ORDER BY id')).rows;
      expect(imports).toEqual([
        { id: 1, kind: 'seed', status: 'committed', visibility: 'public', school_ids: [], school_provinces: [], provinces: [], overlap_choice: null, overlap_reason: null, overlap_imports: null },
        { id: 2, kind: 'exam_results', status: 'committed', visibility: 'restricted', school_ids: [1], school_provinces: ['广东省'], provinces: [], overlap_choice: null, overlap_reason: null, overlap_imports: null },
      ]);
      expect((await db.query('SELECT import_id, message, message_en FROM findings')).rows).toEqual([{ import_id: 2, message: '通过率与人数不符', message_en: null }]);
      expect((await db.query('SELECT user_name, sql, address, user_agent FROM sql_audit')).rows).toEqual([{ user_name: '127.0.0.1', sql: 'SELECT 1', address: null, user_agent: null }]);
      // The sequence goes on after the copied ids; comments are back.
      expect((await db.query("INSERT INTO imports (file_name, sha256, kind, imported_by, row_count, status) VALUES ('n', 'c', 'k', 'u', 0, 'committed') RETURNING id")).rows).toEqual([{ id: 3 }]);
      expect((await db.query("SELECT comment FROM duckdb_tables() WHERE table_name = 'imports'")).rows[0]!.comment).toMatch(/导入/);
      expect(await db.withConnection((conn) => staleTables(conn))).toEqual([]);
    } finally {
      close();
    }
    expect(await shapeOf(path)).toEqual(freshShape);
  });

  it('a current file is left alone: nothing to rebuild', async () => {
    const { db, close } = await openDb(fresh);
    try {
      expect(await db.withConnection((conn) => staleTables(conn))).toEqual([]);
    } finally {
      close();
    }
  });
});

interface Run {
  points: string[];
  killed: boolean;
  ms: number;
  out: string;
}

/** Starts migrate-child.ts on a copy of the old file, killing it after I/O point `at` (or `afterMs`). */
async function run(db: string, kill: { at?: number; afterMs?: number } = {}): Promise<Run> {
  for (const suffix of ['', '.wal', '.mark']) rmSync(db + suffix, { force: true });
  copyFileSync(old, db);
  const node = [process.execPath, '--import', 'tsx', join(ROOT, 'test/import/migrate-child.ts'), db];
  const paths = ['', '.wal', '.wal.checkpoint', '.wal.recovery', '.mark'].flatMap((s) => ['-P', db + s]);
  const cmd = HAS_STRACE
    ? ['strace', '-f', '-qq', '-y', '-o', '|cat >&3', ...paths, '-e', 'trace=openat,write,pwrite64,pwritev,pwritev2,fsync,fdatasync,ftruncate,unlink,unlinkat,rename,renameat,renameat2', '-e', `inject=write,pwrite64,pwritev,pwritev2,fsync,fdatasync,ftruncate,unlink,unlinkat,rename,renameat,renameat2:delay_exit=${KILL_DELAY_US}`, ...node]
    : node;
  const child = spawn(cmd[0]!, cmd.slice(1), { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe', 'pipe'] });
  children.add(child);
  let out = '';
  let pid = 0;
  let killed = false;
  let writingAt = 0;
  const points: string[] = [];
  const killChild = () => {
    if (killed || !pid) return;
    killed = true;
    process.kill(pid, 'SIGKILL');
  };
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString('utf8');
    pid ||= Number(/@pid (\d+)/.exec(out)?.[1] ?? 0);
    if (!writingAt && out.includes('@write')) {
      writingAt = Date.now();
      if (kill.afterMs !== undefined) setTimeout(killChild, kill.afterMs);
    }
  });
  child.stderr!.on('data', (d: Buffer) => (out += d.toString('utf8')));
  let marked = false;
  if (HAS_STRACE) {
    createInterface({ input: child.stdio[3] as NodeJS.ReadableStream }).on('line', (line) => {
      if (!marked) {
        marked = line.includes(`${db}.mark`);
        return;
      }
      if (!IO.test(line) || line.includes('resumed>')) return;
      points.push(line.replace(/^\d+\s+/, '').slice(0, 60));
      if (kill.at === points.length) killChild();
    });
  }
  const started = Date.now();
  await new Promise((resolve) => child.on('close', resolve));
  children.delete(child);
  return { points, killed, ms: writingAt ? Date.now() - writingAt : Date.now() - started, out };
}

describe(`kill -9 during the migrating start (${HAS_STRACE ? 'strace kill points' : 'timed kills: strace not installed'})`, () => {
  it('after each kill the file opens with the old shape or the new, and the next start migrates it with every row', async () => {
    const ref = await run(join(dir, 'ref.duckdb'));
    expect(ref.out).toContain('@done');
    const count = HAS_STRACE ? ref.points.length : 10;
    expect(count).toBeGreaterThan(0);
    // Inside a run of like writes (the same call on the same file) the first and last stand for the rest.
    const key = (k: number) => ref.points[k - 1]?.split(',')[0];
    const points = HAS_STRACE ? Array.from({ length: count }, (_, i) => i + 1).filter((k) => key(k) !== key(k - 1) || key(k) !== key(k + 1)) : Array.from({ length: count }, (_, i) => i + 1);
    const outcomes: { point: string; killed: boolean; shape: string }[] = [];
    for (let i = 0; i < points.length; i += PARALLEL) {
      await Promise.all(points.slice(i, i + PARALLEL).map(async (k, j) => {
        const db = join(dir, `kill-${j}.duckdb`);
        const kill = HAS_STRACE ? { at: k } : { afterMs: Math.round((ref.ms * (k - 0.5)) / count) };
        const r = await run(db, kill);
        // Opens at all (the WAL replays), with a bare instance: no migration yet.
        const shape = await shapeOf(db);
        const which = shape.imports === oldShape.imports && shape.findings === oldShape.findings && shape.sql_audit === oldShape.sql_audit ? 'old'
          : shape.imports === freshShape.imports && shape.findings === freshShape.findings && shape.sql_audit === freshShape.sql_audit ? 'new' : 'mixed';
        const { db: opened, close } = await openDb(db);
        try {
          const rows = (await opened.query('SELECT (SELECT count(*) FROM imports) AS imports, (SELECT count(*) FROM findings) AS findings, (SELECT count(*) FROM sql_audit) AS audit, (SELECT string_agg(visibility, \',\' ORDER BY id) FROM imports) AS visibility')).rows[0];
          expect(rows, `kill at ${k}`).toEqual({ imports: 2, findings: 1, audit: 1, visibility: 'public,restricted' });
        } finally {
          close();
        }
        expect(await shapeOf(db), `kill at ${k}`).toEqual(freshShape);
        outcomes.push({ point: HAS_STRACE ? `${k}/${count} ${ref.points[k - 1]}` : `${kill.afterMs} ms`, killed: r.killed, shape: which });
      }));
    }
    const tally = (s: string) => outcomes.filter((o) => o.shape === s).length;
    console.log(`migration: ${outcomes.length} kills (of ${count} write points) → ${tally('old')} old shape, ${tally('new')} new shape`);
    // 'old' only when a kill lands before the commit's first WAL write completes (strace kills after a write).
    expect(outcomes.filter((o) => o.shape === 'mixed')).toEqual([]);
    expect(outcomes.filter((o) => o.killed).length).toBeGreaterThan(points.length / 2);
  }, 900_000);
});
