/**
 * The web app on a generated synthetic set (npm run generate, small): the top
 * bar says 「合成数据」 and the overview's figures are the file's own.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startHarness, type Harness } from './harness.js';
import { generatedDb } from '../helpers/generated.js';
import { openDb } from '../../server/plugins/app/duckdb.js';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let h: Harness;
let page: Page;
let candidates = 0;
beforeAll(async () => {
  // The figure to expect, summed here from the generated rows (on a copy: the cached file stays untouched).
  const dir = mkdtempSync(join(tmpdir(), 'xpilot-synthetic-'));
  try {
    const copy = join(dir, 'read.duckdb');
    copyFileSync(await generatedDb('small'), copy);
    const { db, close } = await openDb(copy);
    try {
      candidates = (await db.query('SELECT candidates FROM exam_results')).rows.reduce((s, r) => s + Number(r.candidates), 0);
    } finally {
      close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  h = await startHarness({ dataset: 'small' });
  page = await h.newPage(1280, 800);
}, 180_000);
afterAll(async () => h?.stop());

describe('a synthetic dataset in the browser', () => {
  it('the top bar shows 合成数据 with what it is, and the footer says so', async () => {
    await page.goto(`${h.baseUrl}/`);
    const badge = page.locator('[data-testid="synthetic-badge"]');
    await badge.waitFor({ timeout: 30_000 });
    expect(await badge.innerText()).toBe('合成数据');
    expect(await badge.getAttribute('title')).toContain('小规模');
    expect(await page.locator('footer').innerText()).toContain('合成数据');
  });

  it('the overview shows the generated figures', async () => {
    await page.waitForSelector('[data-testid="kpi-candidates"]', { timeout: 30_000 });
    await page.waitForFunction((n) => document.querySelector('[data-testid="kpi-candidates"]')?.textContent?.replace(/\s+/g, '').includes(n), candidates.toLocaleString('en'), { timeout: 30_000 });
    expect((await page.locator('[data-testid="kpi-candidates"]').innerText()).replace(/\s+/g, '')).toContain(candidates.toLocaleString('en'));
  });
});
