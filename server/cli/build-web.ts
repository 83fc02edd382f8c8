/**
 * Builds the web app when build/ is missing or older than its sources, so
 * `npm start` on a fresh clone needs no separate build step.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../config.js';

const SOURCES = ['web', 'svelte.config.js', 'vite.config.ts', 'package.json'];

function newest(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  return readdirSync(path).reduce((m, e) => Math.max(m, newest(join(path, e))), st.mtimeMs);
}

export function webBuildIsStale(): boolean {
  const marker = join(ROOT, 'build', '200.html');
  if (!existsSync(marker)) return true;
  const built = statSync(marker).mtimeMs;
  return SOURCES.some((s) => existsSync(join(ROOT, s)) && newest(join(ROOT, s)) > built);
}

export function buildWeb(): void {
  console.log('正在构建网页（首次启动或源码有改动，约需一两分钟）… / building the web app (first start or changed sources; a minute or two)…');
  const t0 = performance.now();
  const vite = join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  const result = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: ROOT, stdio: ['inherit', 'pipe', 'inherit'], encoding: 'utf8' });
  // SvelteKit's advice to run `npm run preview` does not apply: the server started next serves the build.
  const out = (result.stdout ?? '').split('\n').filter((line) => line.trim() !== '' && !line.includes('npm run preview'));
  if (out.length) console.log(out.join('\n'));
  if (result.status !== 0) throw new Error('web build failed (vite build)');
  console.log(`网页构建完成（${Math.round((performance.now() - t0) / 1000)} s） / web app built`);
}

export function ensureWebBuild(): void {
  if (webBuildIsStale()) buildWeb();
}
