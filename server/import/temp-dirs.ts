/**
 * Where imports keep temporary files: the uploaded file while it is checked
 * and committed (`xpilot-upload-<pid>-XXXXXX`), and the UTF-8 CSV copy of a
 * candidate-level file for DuckDB's reader (`xpilot-records-<pid>-XXXXXX`).
 * Each is removed when its request ends; a process killed before that leaves
 * them (one upload can be XPILOT_IMPORT_MAX_MB and its copy as much again),
 * so every start of the server and of `npm run import` sweeps those whose
 * owner process is gone (owned-dirs.ts).
 */
import { tmpdir } from 'node:os';
import { makeOwnedDir, removeStaleOwnedDirs, type SweepResult } from '../lib/owned-dirs.js';

export const IMPORT_DIR_PREFIXES = { upload: 'xpilot-upload-', records: 'xpilot-records-' } as const;

/** A temporary directory for one upload or one records copy, owned by this process. */
export function makeImportTempDir(kind: keyof typeof IMPORT_DIR_PREFIXES, base: string = tmpdir()): string {
  return makeOwnedDir(base, IMPORT_DIR_PREFIXES[kind]);
}

/** Removes the import temp dirs under `base` that killed processes left. */
export function sweepImportTempDirs(base: string = tmpdir()): SweepResult {
  return removeStaleOwnedDirs(base, Object.values(IMPORT_DIR_PREFIXES));
}

/** One line for a person, in Chinese and English, or null when nothing was removed. */
export function describeSweep(result: SweepResult): string | null {
  if (result.removed.length === 0) return null;
  return `已删除 ${result.removed.length} 个已终止进程留下的导入临时目录 / removed ${result.removed.length} import temp dir(s) left by processes that were killed: ${result.removed.join(', ')}`;
}
