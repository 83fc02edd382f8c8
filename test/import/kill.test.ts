/**
 * kill -9 at every point of a large commit, and of an undo: after each kill
 * the next start (integrity check, default dataset) finds every table exactly
 * as before the write or as after it — compared by row count and a hash of all
 * rows, table by table (fingerprint.sql).
 *
 * Kill points: the child runs under strace, which reports each write, fsync,
 * truncate and unlink of the database file and its write-ahead log and holds
 * the writing thread for KILL_DELAY_US after it; the test counts those
 * reports from the moment the child starts writing and kills it after the
 * k-th. A reference run without a kill lists the points. Without strace the
 * kills are timed instead, spread over the reference run's duration.
 *
 * Size: XPILOT_KILL_ROWS candidate rows (default 130,000: just over one of
 * DuckDB's 122,880-row groups, so the commit writes row groups before COMMIT
 * as a large one does). Set XPILOT_KILL_ROWS (e.g. 1000000) for a large run,
 * which also kills at 8 points inside each run of like writes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDb } from '../../server/plugins/app/duckdb.js';
import { ensureDefaultDataset } from '../../server/dataset/ensure.js';
import { studentKeySalt } from '../../server/import/exam-records.js';
import { readConfig, ROOT } from '../../server/config.js';
import { sqlFile } from '../../server/lib/sql-files.js';
import { writeCandidateCsv } from '../bench/candidates.js';

const ROWS = Number(process.env.XPILOT_KILL_ROWS ?? 130_000);
const LARGE = process.env.XPILOT_KILL_ROWS !== undefined;
const INSIDE_RUN = LARGE ? 8 : 0;
const TIMEOUT = LARGE ? 7_200_000 : 600_000;
const KILL_DELAY_US = 10_000;
const PARALLEL = 2;
const FINGERPRINT = readFileSync(new URL('./fingerprint.sql', import.meta.url), 'utf8');
// Installed and allowed to trace (a container may forbid ptrace).
const HAS_STRACE = spawnSync('strace', ['-qq', '-o', '/dev/null', 'true']).status === 0;
const IO = /^\d+\s+(write|pwrite64|pwritev2?|fsync|fdatasync|ftruncate|unlink|unlinkat|rename|renameat2?)\(/;

const dir = mkdtempSync(join(tmpdir(), 'xpilot-kill-'));
const children = new Set<ChildProcess>();
afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

type Fingerprint = Record<string, string>;

/** Opens the database as a start does (integrity check included) and fingerprints every table. */
async function restart(path: string): Promise<{ fp: Fingerprint; repair: string | null }> {
  const { db, close } = await openDb(path);
  try {
    let repair: string | null = null;
    await ensureDefaultDataset(db, readConfig().dataDir, (message) => (repair = message));
    const { rows } = await db.query(FINGERPRINT);
    return { fp: Object.fromEntries(rows.map((r) => [String(r.table_name), `${r.rows}:${r.hash}`])), repair };
  } finally {
    close();
  }
}

interface Run {
  /** The I/O reports after the child started writing (strace mode). */
  points: string[];
  killed: boolean;
  ms: number;
  out: string;
}

/** Runs kill-child.ts on a copy of `base`, killing it after I/O point `killAt` (or `killAfterMs`). */
async function run(base: string, db: string, args: string[], kill: { at?: number; afterMs?: number } = {}): Promise<Run> {
  for (const suffix of ['', '.wal', '.mark']) rmSync(db + suffix, { force: true });
  copyFileSync(base, db);
  const node = [process.execPath, '--import', 'tsx', join(ROOT, 'test/import/kill-child.ts'), ...args];
  const paths = ['', '.wal', '.wal.checkpoint', '.wal.recovery', '.mark'].flatMap((s) => ['-P', db + s]);
  const cmd = HAS_STRACE
    ? ['strace', '-f', '-qq', '-y', '-o', '|cat >&3', ...paths, '-e', 'trace=openat,write,pwrite64,pwritev,pwritev2,fsync,fdatasync,ftruncate,unlink,unlinkat,rename,renameat,renameat2', '-e', `inject=write,pwrite64,pwritev,pwritev2,fsync,fdatasync,ftruncate,unlink,unlinkat,rename,renameat,renameat2:delay_exit=${KILL_DELAY_US}`, ...node]
    : node;
  const child = spawn(cmd[0]!, cmd.slice(1), { cwd: ROOT, env: { ...process.env, XPILOT_DB: db, XPILOT_IMPORT_MAX_MB: '1024' }, stdio: ['ignore', 'pipe', 'pipe', 'pipe'] });
  children.add(child);
  let out = '';
  let pid = 0;
  let writingAt = 0;
  let killed = false;
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

/**
 * Kill points of a reference run: every point, except that inside a run of
 * like writes (the same call on the same file: DuckDB's row-group writes, the
 * undo's log pages) the first and last stand for the rest, with INSIDE_RUN
 * evenly spaced ones between them (large runs only).
 */
function killPoints(ref: Run): number[] {
  if (!HAS_STRACE) return Array.from({ length: 10 }, (_, i) => i);
  const key = (k: number) => ref.points[k - 1]?.split(',')[0];
  const keep: number[] = [];
  for (let start = 1; start <= ref.points.length;) {
    let end = start;
    while (key(end + 1) === key(start)) end++;
    const inside = end - start - 1;
    const step = Math.ceil(inside / (INSIDE_RUN + 1));
    for (let k = start; k <= end; k++) if (k === start || k === end || (INSIDE_RUN > 0 && (k - start) % step === 0)) keep.push(k);
    start = end + 1;
  }
  return keep;
}

async function sweep(base: string, args: string[], ref: Run, before: Fingerprint, after: Fingerprint) {
  const points = killPoints(ref);
  const outcomes: { point: string; killed: boolean; state: 'before' | 'after' | 'neither'; repair: string | null; diff?: string[] }[] = [];
  for (let i = 0; i < points.length; i += PARALLEL) {
    await Promise.all(points.slice(i, i + PARALLEL).map(async (k, j) => {
      const db = join(dir, `kill-${j}.duckdb`);
      const kill = HAS_STRACE ? { at: k } : { afterMs: Math.round((ref.ms * (k + 0.5)) / points.length) };
      const r = await run(base, db, args, kill);
      const { fp, repair } = await restart(db);
      const state = JSON.stringify(fp) === JSON.stringify(before) ? 'before' : JSON.stringify(fp) === JSON.stringify(after) ? 'after' : 'neither';
      // Which tables look like which state, for a kill that left a mix.
      const diff = state === 'neither' ? Object.keys(fp).filter((t) => before[t] !== after[t]).map((t) => `${t}: ${fp[t] === before[t] ? 'before' : fp[t] === after[t] ? 'after' : fp[t]}`) : undefined;
      outcomes.push({ point: HAS_STRACE ? `${k}/${ref.points.length} ${ref.points[k - 1]}` : `${kill.afterMs} ms`, killed: r.killed, state, repair, diff });
    }));
  }
  return outcomes;
}

describe(`kill -9 during a commit of ${ROWS.toLocaleString('en')} candidate rows and during its undo (${HAS_STRACE ? 'strace kill points' : 'timed kills: strace not installed'})`, () => {
  const base = join(dir, 'base.duckdb');
  const committed = join(dir, 'committed.duckdb');
  const undone = join(dir, 'undone.duckdb');
  const csv = join(dir, 'candidates.csv');
  const commitArgs = ['commit', csv, '广州城市职业学院', '2021'];
  let before: Fingerprint;
  let after: Fingerprint;
  let afterUndo: Fingerprint;
  let commitRef: Run;
  let undoRef: Run;
  let importId: number;

  beforeAll(async () => {
    await writeCandidateCsv(csv, ROWS);
    const { db, close } = await openDb(base);
    try {
      await ensureDefaultDataset(db, readConfig().dataDir);
      // The pseudonym salt is random per database: made here, every copy hashes student keys alike.
      await db.withConnection((conn) => studentKeySalt(conn));
    } finally {
      close();
    }
    before = (await restart(base)).fp;
    commitRef = await run(base, committed, commitArgs);
    expect(commitRef.out).toContain('@done');
    importId = Number(/@done (\d+)/.exec(commitRef.out)![1]);
    after = (await restart(committed)).fp;
    undoRef = await run(committed, undone, ['undo', String(importId)]);
    expect(undoRef.out).toContain('@done');
    afterUndo = (await restart(undone)).fp;
  }, TIMEOUT);

  it('the fingerprint covers every table of the schema, and the commit changes what it should', async () => {
    const { db, close } = await openDb(base);
    try {
      const tables = (await db.query(sqlFile('schema_tables'))).rows.map((r) => String(r.name));
      expect(Object.keys(before).sort()).toEqual(tables);
    } finally {
      close();
    }
    expect(after.exam_records).toMatch(new RegExp(`^${ROWS}:`));
    expect(before.exam_records).toMatch(/^0:/);
    expect(after.imports).not.toBe(before.imports);
    expect(afterUndo.exam_records).toMatch(/^0:/);
    expect(afterUndo.imports).not.toBe(after.imports);
    if (HAS_STRACE) expect(commitRef.points.length).toBeGreaterThan(5);
  });

  it('killed at every point of the commit: each restart finds every table as before or as after', async () => {
    const outcomes = await sweep(base, commitArgs, commitRef, before, after);
    console.log(`commit: ${outcomes.length} kills (of ${commitRef.points.length} write points) → ${outcomes.filter((o) => o.state === 'before').length} before, ${outcomes.filter((o) => o.state === 'after').length} after, ${outcomes.filter((o) => o.repair).length} repaired at start`);
    expect(outcomes.filter((o) => o.state === 'neither')).toEqual([]);
    expect(outcomes.some((o) => o.state === 'before')).toBe(true);
    // A kill after the import row was reserved needs the start-up repair.
    expect(outcomes.some((o) => o.repair?.includes('导入未写完'))).toBe(true);
  }, TIMEOUT);

  it('killed at every point of the undo: each restart finds every table as before or as after', async () => {
    const outcomes = await sweep(committed, ['undo', String(importId)], undoRef, after, afterUndo);
    console.log(`undo: ${outcomes.length} kills (of ${undoRef.points.length} write points) → ${outcomes.filter((o) => o.state === 'before').length} before, ${outcomes.filter((o) => o.state === 'after').length} after, ${outcomes.filter((o) => o.repair).length} repaired at start`);
    expect(outcomes.filter((o) => o.state === 'neither')).toEqual([]);
  }, TIMEOUT);
});
