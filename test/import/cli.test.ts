/**
 * `npm run import`: the findings as a table, exit 0 when clean, 1 on errors
 * (nothing written), on the database XPILOT_DB names.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../../server/config.js';
import { HAVE_SEEDS, NEEDS_SEEDS, SEED_FILES, SEEDS_DIR } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'xpilot-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'server/cli/import.ts'), ...args], {
    cwd: ROOT,
    env: { ...process.env, XPILOT_DB: join(dir, 'cli.duckdb') },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

describe('npm run import — CLI', () => {
  it.skipIf(!HAVE_SEEDS)(`seed 001 --dry-run: prints context, row counts and the findings table; exit 0; nothing written${NEEDS_SEEDS}`, () => {
    const r = cli(join(SEEDS_DIR, SEED_FILES['001']), '--dry-run');
    expect(r.status).toBe(0);
    expect(r.out).toContain('上下文：school=中山火炬职业技术学院（text），year=2021（title）');
    expect(r.out).toContain('行数：pilot_applications 25，stated_totals 11');
    expect(r.out).toMatch(/警告\s+│ approved_exceeds_requested\s+│ applications · 第23行/);
    expect(r.out).toContain('预览完成（--dry-run，未写入）');
  }, 120_000);

  it('a CSV with a missing school: exit 1, both languages name the field, nothing written', () => {
    const file = join(dir, 'exam.csv');
    writeFileSync(file, '证书,考证人数,通过人数\n智能财税,10,9\n');
    const r = cli(file, '--year', '2021');
    expect(r.status).toBe(1);
    expect(r.out).toContain('导入失败：缺少学校：文件中没有写明，请填写“学校”');
    expect(r.out).toContain('Import failed: Missing school');
    const ok = cli(file, '--year', '2021', '--school', '广州城市职业学院', '--user', '测试');
    expect(ok.status).toBe(0);
    expect(ok.out).toMatch(/已导入：导入 #6/);
    const again = cli(file, '--year', '2021', '--school', '广州城市职业学院');
    expect(again.status).toBe(1);
    expect(again.out).toContain('同一文件（sha256 相同）已导入过（导入 #6');
  }, 240_000);

  it('overlapping facts (same school, year, certificate): exit 1 without a choice; --overlap keep --reason records both', () => {
    const second = join(dir, 'exam-corrected.csv');
    writeFileSync(second, '证书,考证人数,通过人数\n智能财税,11,9\n');
    const refused = cli(second, '--year', '2021', '--school', '广州城市职业学院');
    expect(refused.status).toBe(1);
    expect(refused.out).toContain('注意：与导入 #6“exam.csv”有 1 行重叠；提交时请加 --overlap replace 或 --overlap keep --reason 理由');
    expect(refused.out).toContain('导入失败：文件与已导入的数据重叠：#6“exam.csv”（1 行）');
    const kept = cli(second, '--year', '2021', '--school', '广州城市职业学院', '--overlap', 'keep', '--reason', '两个批次');
    expect(kept.status).toBe(0);
    // The refused commit's reserved id was discarded, and ids are never reused: the new id is past #6, not necessarily #7.
    expect(Number(/已导入：导入 #(\d+)。/.exec(kept.out)?.[1])).toBeGreaterThan(6);
  }, 240_000);

  it('wrong usage exits 2 with the usage line', () => {
    const r = cli();
    expect(r.status).toBe(2);
    expect(r.out).toContain('npm run import -- FILE');
  }, 60_000);
});
