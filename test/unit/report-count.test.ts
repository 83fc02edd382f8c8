/**
 * npm test's closing line counts a test file that failed to load, or whose
 * hook threw, as failed. A real Vitest run over four throwaway files produces
 * the JSON report that test/run.ts reads.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../../server/config.js';
import { countReport, type VitestReport } from '../report-count.js';

const dir = mkdtempSync(join(tmpdir(), 'xpilot-count-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('countReport — the closing "N passed, N failed" line', () => {
  it('one passing test, one failing test, a file that cannot load and a file whose beforeAll throws: 1 passed, 3 failed', () => {
    writeFileSync(join(dir, 'a.test.ts'), "it('passes', () => { expect(1).toBe(1); });\n");
    writeFileSync(join(dir, 'b.test.ts'), "import './no-such-module.js';\nit('never runs', () => {});\n");
    writeFileSync(join(dir, 'c.test.ts'), "beforeAll(() => { throw new Error('hook'); });\nit('skipped by the hook', () => {});\nit('also skipped', () => {});\n");
    writeFileSync(join(dir, 'd.test.ts'), "it('fails', () => { expect(1).toBe(2); });\n");
    const report = join(dir, 'report.json');
    spawnSync(process.execPath, [join(ROOT, 'node_modules/vitest/vitest.mjs'), 'run', '--root', dir, '--globals', '--reporter=json', `--outputFile.json=${report}`], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
    const j = JSON.parse(readFileSync(report, 'utf8')) as VitestReport;
    expect(j.testResults).toHaveLength(4);
    expect(countReport(j)).toMatchObject({ passed: 1, failed: 3 });
  }, 120_000);
});
