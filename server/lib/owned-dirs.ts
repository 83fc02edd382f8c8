/**
 * Temporary directories owned by a process, and the sweep of those a killed
 * process left behind. Used for the SQL sandbox's snapshots and for uploads
 * and candidate-level import copies (each kind has its own name prefix).
 *
 * A directory is named `<prefix><pid>-XXXXXX` (pid: the process that made it)
 * and holds an `owner.pid` file with the same pid, written right after the
 * directory is made. A sweep removes a directory only if all of these hold:
 * its name has that form for one of the sweep's prefixes, it is a real
 * directory (not a symlink), it belongs to this user, its owner.pid file is a
 * regular file naming the pid of the name, and that process does not exist.
 * Anything else in the temp dir — other programs' files, a directory being
 * made by another process right now (no owner file yet), a live process's
 * directories, our own — is left alone.
 */
import { lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const OWNER_FILE = 'owner.pid';

const namePattern = (prefix: string) => new RegExp(`^${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}([1-9]\\d*)-[A-Za-z0-9]{6}$`);

/** Makes a directory `<prefix><pid>-XXXXXX` owned by this process under `base`. */
export function makeOwnedDir(base: string, prefix: string): string {
  const dir = mkdtempSync(join(base, `${prefix}${process.pid}-`));
  try {
    writeFileSync(join(dir, OWNER_FILE), `${process.pid}\n`, { flag: 'wx' });
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
export function ownedDirOwner(base: string, name: string, prefix: string): number | undefined {
  const m = namePattern(prefix).exec(name);
  if (!m) return undefined;
  const pid = Number(m[1]);
  if (!Number.isSafeInteger(pid)) return undefined;
  const dir = join(base, name);
  try {
    const st = lstatSync(dir);
    if (!st.isDirectory()) return undefined;
    if (typeof process.getuid === 'function' && st.uid !== process.getuid()) return undefined;
    const owner = join(dir, OWNER_FILE);
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

/** Removes the directories under `base`, of any of `prefixes`, whose owner process is gone. */
export function removeStaleOwnedDirs(base: string, prefixes: readonly string[], alive: (pid: number) => boolean = pidAlive): SweepResult {
  const result: SweepResult = { removed: [], failed: [] };
  let names: string[];
  try {
    names = readdirSync(base);
  } catch (err) {
    result.failed.push({ dir: base, error: err instanceof Error ? err.message : String(err) });
    return result;
  }
  for (const name of names) {
    const prefix = prefixes.find((p) => name.startsWith(p));
    if (prefix === undefined) continue;
    const pid = ownedDirOwner(base, name, prefix);
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
