/**
 * A dean in Chromium (issue 10): signed in as the dean of 广州城市职业学院
 * (HTTP Basic as an extra header on every request until the sign-in page of
 * the accounts work lands), the compare page ranks the dean's own school by
 * name, with a link, and the other 广东 schools as 院校 A, 院校 B … without
 * links; an anonymous visitor sees the same public rows by name.
 * Data: the seeds + test/fixtures/compare_schools.sql (made-up 广东 rows, public).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { startHarness, type Harness } from './harness.js';
import { putUser } from '../../server/lib/users.js';

const DEAN = { username: 'gz-dean', password: 'dean-browser-1' };
const FIXTURE = readFileSync(new URL('../fixtures/compare_schools.sql', import.meta.url), 'utf8');

let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    prepare: async (db) => {
      await db.withConnection(async (conn) => { await conn.run(FIXTURE); });
      await putUser(db, { ...DEAN, role: 'dean', schoolIds: [1] });
    },
  });
});
afterAll(async () => h?.stop());

const ranking = (page: Page) =>
  page.locator('[data-testid="ranking-table"] tbody tr').evaluateAll((trs) =>
    trs.map((tr) => {
      const cell = tr.querySelector('th,td')!;
      return { text: (cell.textContent ?? '').replace(/\s+/g, ' ').trim(), link: cell.querySelector('a')?.getAttribute('href') ?? null };
    }));

describe('院校对比 as a dean — own school by name, peers as 院校 A …', () => {
  it('the ranking: 广州城市职业学院 linked, every other school anonymous and unlinked', async () => {
    const page = await h.newPage(1280, 900, DEAN);
    await page.goto(`${h.baseUrl}/compare?certificate=智能财税&year=2020&province=广东省`);
    await page.waitForSelector('[data-testid="ranking-table"] tbody tr[data-key]', { timeout: 30_000 });
    const rows = await ranking(page);
    expect(rows.length).toBeGreaterThanOrEqual(3);
    const own = rows.filter((r) => r.text.startsWith('广州城市职业学院'));
    expect(own).toHaveLength(1);
    expect(own[0]!.link).toBe('/schools/1');
    const peers = rows.filter((r) => !r.text.startsWith('广州城市职业学院'));
    for (const p of peers) {
      expect(p.text).toMatch(/^院校 [A-Z]+/);
      expect(p.link).toBeNull();
    }
    // The ranking and the funnel's callouts name no peer (the side-by-side picker still lists schools whose public rows the dean may read).
    const shown = `${await page.locator('[data-testid="ranking-table"]').innerText()}\n${await page.locator('[data-testid="compare-summary"]').innerText()}`;
    for (const name of ['中山火炬职业技术学院', '测试学院甲', '测试学院乙']) expect(shown).not.toContain(name);
    await page.context().close();
  });

  it('an anonymous visitor sees the same public schools by name', async () => {
    const page = await h.newPage(1280, 900);
    await page.goto(`${h.baseUrl}/compare?certificate=智能财税&year=2020&province=广东省`);
    await page.waitForSelector('[data-testid="ranking-table"] tbody tr[data-key]', { timeout: 30_000 });
    expect((await ranking(page)).map((r) => r.text.split(' ')[0])).toContain('中山火炬职业技术学院');
    await page.context().close();
  });
});
