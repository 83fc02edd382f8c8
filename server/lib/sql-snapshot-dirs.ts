/**
 * The SQL sandbox's snapshot directories in the temp dir
 * (`xpilot-sql-snapshot-<pid>-XXXXXX`), and the sweep of those a killed
 * server left behind: owned directories as owned-dirs.ts makes and sweeps them.
 */
import { makeOwnedDir, ownedDirOwner, OWNER_FILE, pidAlive, removeStaleOwnedDirs, type SweepResult } from './owned-dirs.js';

export { pidAlive, type SweepResult };
export const SNAPSHOT_DIR_PREFIX = 'xpilot-sql-snapshot-';
export const SNAPSHOT_OWNER_FILE = OWNER_FILE;

/** Makes a snapshot directory owned by this process under `base`. */
export const makeSnapshotDir = (base: string): string => makeOwnedDir(base, SNAPSHOT_DIR_PREFIX);

/** The owner pid of a snapshot directory of ours, or undefined when `name` under `base` is not one. */
export const snapshotDirOwner = (base: string, name: string): number | undefined => ownedDirOwner(base, name, SNAPSHOT_DIR_PREFIX);

/** Removes the snapshot directories under `base` whose owner process is gone. */
export const removeStaleSnapshotDirs = (base: string, alive: (pid: number) => boolean = pidAlive): SweepResult => removeStaleOwnedDirs(base, [SNAPSHOT_DIR_PREFIX], alive);
