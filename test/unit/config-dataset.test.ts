/** XPILOT_DATASET (README, Configuration): which generated file the server opens, and what it refuses. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, readConfig } from '../../server/config.js';

describe('XPILOT_DATASET', () => {
  it('unset: the seeds database (XPILOT_DB or its default)', () => {
    expect(readConfig({}).dbPath).toBe(join(ROOT, 'data', 'xpilot.duckdb'));
    expect(readConfig({}).dataset).toBeNull();
  });

  it('a scale: the generated file data/generated/<scale>-1.duckdb', () => {
    expect(readConfig({ XPILOT_DATASET: 'national' })).toMatchObject({ dataset: 'national', dbPath: join(ROOT, 'data', 'generated', 'national-1.duckdb') });
    expect(readConfig({ XPILOT_DATASET: 'small' }).dbPath).toBe(join(ROOT, 'data', 'generated', 'small-1.duckdb'));
  });

  it('an unknown scale, or both XPILOT_DATASET and XPILOT_DB, is refused in Chinese and English', () => {
    expect(() => readConfig({ XPILOT_DATASET: 'world' })).toThrow(/规模应为 small、province 或 national.*\n?.*--scale must be small, province or national, got "world"/s);
    expect(() => readConfig({ XPILOT_DATASET: 'small', XPILOT_DB: 'x.duckdb' })).toThrow(/XPILOT_DATASET 与 XPILOT_DB 只能设置一个 \/ set XPILOT_DATASET or XPILOT_DB, not both/);
  });
});

describe('npm start -- --dataset', () => {
  it('an unknown dataset stops the start before anything is built, generated or opened', () => {
    const r = spawnSync(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, 'server/cli/start.ts'), '--dataset', 'world'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, XPILOT_DB: '' } });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--scale must be small, province or national, got "world"');
    expect(r.stdout).not.toContain('正在');
  }, 60_000);
});
