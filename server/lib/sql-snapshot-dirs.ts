/**
 * The SQL sandbox's snapshot directories in the temp dir, and the sweep of
 * those a killed server left behind.
 *
 * A snapshot directory is named `xpilot-sql-snapshot-<pid>-XXXXXX` (pid: the
 * server process that made it) and holds an `owner.pid` file with the same
 * pid, written right after the directory is made. At startup the sandbox
 * removes such directories whose owner process is no longer running. A
 * directory is removed only if all of these hold: its name has that form, it
 * is a real directory (not a symlink), it belongs to this user, its
 * owner.pid file is a regular file naming the pid of the name, and that
 * process does not exist. Anything else in the temp dir — other programs'
 * files, a directory being made by another server right now (no owner file
 * yet), a live server's snapshots, our own — is left alone.
 */
import { lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const SNAPSHOT_DIR_PREFIX = 'xpilot-sql-snapshot-';
export const SNAPSHOT_OWNER_FILE = 'owner.pid';
const NAME = /^xpilot-sql-snapshot-([1-9]\d*)-[A-Za-z0-9]{6}$/;

/** Makes a snapshot directory owned by this process under `base`. */
export function makeSnapshotDir(base: string): string {
  const dir = mkdtempSync(join(base, `${SNAPSHOT_DIR_PREFIX}${process.pid}-`));
  try {
    writeFileSync(join(dir, SNAPSHOT_OWNER_FILE), `${process.pid}\n`, { flag: 'wx' });
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return dir;
}

/** Whether a process with this pid exists (EPERM: it does, under another user). */
export function pidAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/** The owner pid of a directory of ours, or undefined when `name` under `base` is not one. */
export function snapshotDirOwner(base: string, name: string): number | undefined {
  const m = NAME.exec(name);
  if (!m) return undefined;
  const pid = Number(m[1]);
  if (!Number.isSafeInteger(pid)) return undefined;
  const dir = join(base, name);
  try {
    const st = lstatSync(dir);
    if (!st.isDirectory()) return undefined;
    if (typeof process.getuid === 'function' && st.uid !== process.getuid()) return undefined;
    const owner = join(dir, SNAPSHOT_OWNER_FILE);
    if (!lstatSync(owner).isFile()) return undefined;
    if (readFileSync(owner, 'utf8').trim() !== String(pid)) return undefined;
    return pid;
  } catch {
    return undefined;
  }
}

export interface SweepResult {
  removed: string[];
  /** Directories that should have gone but could not be removed. */
  failed: { dir: string; error: string }[];
}

/** Removes the snapshot directories under `base` whose owner process is gone. */
export function removeStaleSnapshotDirs(base: string, alive: (pid: number) => boolean = pidAlive): SweepResult {
  const result: SweepResult = { removed: [], failed: [] };
  let names: string[];
  try {
    names = readdirSync(base);
  } catch (err) {
    result.failed.push({ dir: base, error: err instanceof Error ? err.message : String(err) });
    return result;
  }
  for (const name of names) {
    if (!name.startsWith(SNAPSHOT_DIR_PREFIX)) continue;
    const pid = snapshotDirOwner(base, name);
    if (pid === undefined || alive(pid)) continue;
    const dir = join(base, name);
    try {
      rmSync(dir, { recursive: true, force: true });
      result.removed.push(dir);
    } catch (err) {
      result.failed.push({ dir, error: err instanceof Error ? err.message : String(err) });
    }
  }
  return result;
}
