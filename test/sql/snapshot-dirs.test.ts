/**
 * Snapshot directories a killed server left in the temp dir are removed at
 * the next startup; those of live processes, and anything not made by the
 * sandbox, stay.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeSnapshotDir, pidAlive, removeStaleSnapshotDirs, snapshotDirOwner, SNAPSHOT_OWNER_FILE } from '../../server/lib/sql-snapshot-dirs.js';
import { startSandbox } from './sandbox-harness.js';

/** The pid of a process that has ended (and been reaped). */
function deadPid(): number {
  const { pid, status } = spawnSync(process.execPath, ['-e', '']);
  expect(status).toBe(0);
  expect(pidAlive(pid!)).toBe(false);
  return pid!;
}

/** A directory as the sandbox makes one (name and owner file), with a snapshot file in it. */
function fakeSnapshotDir(base: string, pid: number, suffix: string, owner: string | null = String(pid)): string {
  const dir = join(base, `xpilot-sql-snapshot-${pid}-${suffix}`);
  mkdirSync(join(dir, 'spill'), { recursive: true });
  writeFileSync(join(dir, 'snapshot.duckdb'), 'not really a database');
  if (owner !== null) writeFileSync(join(dir, SNAPSHOT_OWNER_FILE), `${owner}\n`);
  return dir;
}

let base: string;
beforeEach(() => {
  base = mkdtempSync(join(tmpdir(), 'xpilot-snapdirs-test-'));
});
afterEach(() => rmSync(base, { recursive: true, force: true }));

describe('makeSnapshotDir', () => {
  it('names the directory after this process and writes its pid inside', () => {
    const dir = makeSnapshotDir(base);
    expect(dir.startsWith(join(base, `xpilot-sql-snapshot-${process.pid}-`))).toBe(true);
    expect(readFileSync(join(dir, SNAPSHOT_OWNER_FILE), 'utf8').trim()).toBe(String(process.pid));
    expect(snapshotDirOwner(base, dir.slice(base.length + 1))).toBe(process.pid);
  });
});

describe('removeStaleSnapshotDirs', () => {
  it('removes a dead process\'s snapshot dir and keeps everything else', () => {
    const dead = deadPid();
    const stale = fakeSnapshotDir(base, dead, 'Ab12Cd');
    const live = fakeSnapshotDir(base, process.pid, 'Ef34Gh');
    const parent = fakeSnapshotDir(base, process.ppid, 'Ij56Kl');
    // Not ours, whatever the pid: no owner file (maybe being made right now), an owner file naming another pid,
    // a name of another form (an older server's xpilot-sql-XXXXXX, a short suffix), a plain file, a symlink.
    const noOwner = fakeSnapshotDir(base, dead, 'Mn78Op', null);
    const otherOwner = fakeSnapshotDir(base, dead, 'Qr90St', String(process.pid));
    const oldStyle = join(base, 'xpilot-sql-Uv12Wx');
    mkdirSync(oldStyle);
    const shortName = join(base, `xpilot-sql-snapshot-${dead}-abc`);
    mkdirSync(shortName);
    writeFileSync(join(shortName, SNAPSHOT_OWNER_FILE), String(dead));
    const plainFile = join(base, `xpilot-sql-snapshot-${dead}-Yz34Ab`);
    writeFileSync(plainFile, String(dead));
    const target = fakeSnapshotDir(mkdtempSync(join(base, 'elsewhere-')), dead, 'Cd56Ef');
    const link = join(base, `xpilot-sql-snapshot-${dead}-Gh78Ij`);
    symlinkSync(target, link);

    const result = removeStaleSnapshotDirs(base);
    expect(result).toEqual({ removed: [stale], failed: [] });
    expect(existsSync(stale)).toBe(false);
    for (const p of [live, parent, noOwner, otherOwner, oldStyle, shortName, plainFile, link, target]) expect(existsSync(p), p).toBe(true);
    expect(existsSync(join(target, 'snapshot.duckdb'))).toBe(true);
  });

  it('a missing temp dir is reported, not thrown', () => {
    const result = removeStaleSnapshotDirs(join(base, 'missing'));
    expect(result.removed).toEqual([]);
    expect(result.failed).toHaveLength(1);
  });
});

describe('the sandbox at startup', () => {
  it('removes the stale snapshot dir of a killed server, keeps the live one, and cleans its own at close', async () => {
    const stale = fakeSnapshotDir(base, deadPid(), 'Kl90Mn');
    const live = fakeSnapshotDir(base, process.pid, 'Op12Qr');
    const app = await startSandbox({ tmpDir: base });
    let own: string[];
    try {
      expect(existsSync(stale)).toBe(false);
      expect(existsSync(join(live, 'snapshot.duckdb'))).toBe(true);
      // The sandbox's own snapshot is in the same temp dir, named and marked as ours.
      own = readdirSync(base).filter((n) => n !== live.slice(base.length + 1));
      expect(own).toHaveLength(1);
      expect(snapshotDirOwner(base, own[0]!)).toBe(process.pid);
      expect(existsSync(join(base, own[0]!, 'snapshot.duckdb'))).toBe(true);
    } finally {
      await app.close();
    }
    expect(existsSync(join(base, own[0]!))).toBe(false);
    expect(existsSync(live)).toBe(true);
  });
});
