/**
 * A generated synthetic dataset for tests (contracts.md, "gen"): the path of
 * a ready DuckDB file, made once per scale + seed + version of the generator's
 * sources and kept in os.tmpdir(). A lock directory makes parallel test files
 * (and parallel vitest runs) generate it once; a lock whose process died is
 * taken over. The file is shared: callers that write must copy it first
 * (copyGeneratedDb).
 */
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../../server/config.js';
import { generateDataset } from '../../server/dataset/generate/generate.js';
import type { Scale } from '../../server/dataset/generate/scales.js';

/** Everything the generated file depends on: a change to any of these makes a new file. */
function sourcesHash(): string {
  const h = createHash('sha256');
  const files = [
    ...readdirSync(join(ROOT, 'server/dataset/generate')).map((f) => `server/dataset/generate/${f}`),
    ...readdirSync(join(ROOT, 'server/sql')).filter((f) => f.startsWith('gen_')).map((f) => `server/sql/${f}`),
    'server/sql/schema.sql', 'server/sql/macros.sql', 'server/sql/scopes.sql', 'server/dataset/migrate.ts',
    'server/domain/regions.ts', 'server/domain/findings-registry.ts', 'server/domain/certificate-names.ts',
  ].sort();
  for (const f of files) h.update(f).update('\0').update(readFileSync(join(ROOT, f))).update('\0');
  return h.digest('hex').slice(0, 16);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The path of a ready generated dataset; generates it (once, under a lock) when absent. Read-only for callers. */
export async function generatedDb(scale: Scale, seed = 1): Promise<string> {
  const dir = join(tmpdir(), 'xpilot-generated');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${scale}-${seed}-${sourcesHash()}.duckdb`);
  const lock = `${path}.lock`;
  for (;;) {
    if (existsSync(path)) return path;
    try {
      mkdirSync(lock);
    } catch {
      // Someone else generates it: wait, unless they died (then take the lock over).
      let holder = NaN;
      try {
        holder = Number(readFileSync(join(lock, 'pid'), 'utf8'));
      } catch { /* the holder has not written its pid yet */ }
      const age = (() => { try { return Date.now() - statSync(lock).mtimeMs; } catch { return 0; } })();
      if ((Number.isInteger(holder) && !alive(holder)) || (Number.isNaN(holder) && age > 30_000)) rmSync(lock, { recursive: true, force: true });
      await new Promise((r) => setTimeout(r, 250));
      continue;
    }
    try {
      writeFileSync(join(lock, 'pid'), String(process.pid));
      if (!existsSync(path)) await generateDataset({ scale, seed, out: path });
      return path;
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
}

/** A private copy of a generated dataset in `dir`, for tests (and servers) that write. */
export async function copyGeneratedDb(scale: Scale, dir: string, seed = 1, name = 'generated.duckdb'): Promise<string> {
  const target = join(dir, name);
  copyFileSync(await generatedDb(scale, seed), target);
  return target;
}
