/**
 * Upload and records-copy directories a killed process left in the temp dir
 * are removed when the server (or `npm run import`) starts; those of live
 * processes and anything not ours stay.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IMPORT_DIR_PREFIXES, makeImportTempDir, sweepImportTempDirs } from '../../server/import/temp-dirs.js';
import { OWNER_FILE, pidAlive } from '../../server/lib/owned-dirs.js';
import { ROOT } from '../../server/config.js';
import { buildTestApp } from '../helpers/app.js';

let base: string;
beforeEach(() => {
  base = mkdtempSync(join(tmpdir(), 'xpilot-importdirs-test-'));
});
afterEach(() => rmSync(base, { recursive: true, force: true }));

function deadPid(): number {
  const { pid, status } = spawnSync(process.execPath, ['-e', '']);
  expect(status).toBe(0);
  expect(pidAlive(pid!)).toBe(false);
  return pid!;
}

/** A directory as an import makes one, holding `mb` megabytes. */
function fakeDir(name: string, owner: string | null, mb = 1): string {
  const dir = join(base, name);
  mkdirSync(dir);
  writeFileSync(join(dir, 'upload'), Buffer.alloc(mb << 20));
  if (owner !== null) writeFileSync(join(dir, OWNER_FILE), `${owner}\n`);
  return dir;
}

describe('import temp dirs', () => {
  it('are named after the process that made them, with its pid inside', () => {
    for (const kind of ['upload', 'records'] as const) {
      const dir = makeImportTempDir(kind, base);
      expect(dir.startsWith(join(base, `${IMPORT_DIR_PREFIXES[kind]}${process.pid}-`))).toBe(true);
      expect(readdirSync(dir)).toEqual([OWNER_FILE]);
    }
  });

  it('the sweep removes a dead process\'s uploads and records copies and keeps everything else', () => {
    const dead = deadPid();
    const upload = fakeDir(`xpilot-upload-${dead}-aB3dE9`, String(dead));
    const records = fakeDir(`xpilot-records-${dead}-Zz0000`, String(dead));
    const keep = [
      fakeDir(`xpilot-upload-${process.pid}-live01`, String(process.pid)), // a live process (this one)
      fakeDir(`xpilot-upload-${dead}-noown1`, null), // being made right now: no owner file yet
      fakeDir(`xpilot-upload-${dead}-other1`, String(dead + 1)), // owner file names another pid
      fakeDir('xpilot-upload-Ab12Cd', null), // made before directories carried a pid
      fakeDir(`somebody-else-${dead}-aaaaaa`, String(dead)),
    ];
    const result = sweepImportTempDirs(base);
    expect(result.removed.sort()).toEqual([records, upload].sort());
    expect(result.failed).toEqual([]);
    expect(existsSync(upload) || existsSync(records)).toBe(false);
    for (const d of keep) expect(existsSync(d)).toBe(true);
  });

  it('a server start removes the upload dir of an importing process killed with SIGKILL', async () => {
    // A process that makes its upload dir as POST /api/imports does, writes 8 MB and is killed.
    const child = spawn(process.execPath, ['--import', 'tsx', '-e', `
      const { makeImportTempDir } = await import(${JSON.stringify(join(ROOT, 'server/import/temp-dirs.ts'))});
      const { writeFileSync } = await import('node:fs');
      const dir = makeImportTempDir('upload');
      writeFileSync(dir + '/upload', Buffer.alloc(8 << 20));
      console.log(dir);
      setInterval(() => {}, 1000);
    `], { cwd: ROOT, env: { ...process.env, TMPDIR: base }, stdio: ['ignore', 'pipe', 'inherit'] });
    const dir = await new Promise<string>((resolve) => createInterface({ input: child.stdout! }).once('line', resolve));
    child.kill('SIGKILL');
    await new Promise((resolve) => child.on('exit', resolve));
    expect(existsSync(join(dir, 'upload'))).toBe(true);

    const saved = process.env.TMPDIR;
    process.env.TMPDIR = base;
    try {
      const app = await buildTestApp();
      await app.close();
    } finally {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
    }
    expect(existsSync(dir)).toBe(false);
  });
});
