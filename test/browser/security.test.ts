/**
 * The Content-Security-Policy in real Chromium (issue 11): every page starts
 * (SvelteKit's inline bootstrap runs by its hash), draws its charts and runs
 * the SQL editor with no CSP violation and no console error; another site
 * cannot frame /import; and hostile text from a link — a SQL result shown in
 * a quick chart's tooltip, a report title — shows literally and runs nothing.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startHarness, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.stop());

interface Watched {
  page: Page;
  /** CSP violations, console errors and uncaught errors seen so far. */
  problems: string[];
}

async function watchedPage(): Promise<Watched> {
  const page = await h.newPage(1280, 900);
  const problems: string[] = [];
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI} ${e.sample}`);
    });
  });
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  return { page, problems };
}

/** Waits until `selector` holds a canvas ECharts drew on (non-zero size). */
async function chartDrawn(page: Page, selector = 'canvas') {
  await page.waitForFunction(
    (sel) => [...document.querySelectorAll(sel)].some((c) => c instanceof HTMLCanvasElement && c.width > 0 && c.height > 0 && c.getBoundingClientRect().width > 0),
    selector,
    { timeout: 30_000 },
  );
}

describe('pages under the Content-Security-Policy', () => {
  it.each([
    ['/', true],
    ['/compare?certificate=26&year=2020', true],
    ['/quotas', true],
    ['/schools/1', true],
    ['/certificates/26', true],
    ['/import', false],
    ['/report', false],
  ])('%s starts, draws its charts, no violation, no console error', async (path, charts) => {
    const { page, problems } = await watchedPage();
    const res = await page.goto(`${h.baseUrl}${path}`);
    expect(res?.headers()['content-security-policy']).toMatch(/script-src 'self' 'sha256-/);
    // The app shell is rendered by the bootstrap script: the nav exists only if it ran.
    await page.waitForSelector('nav a[href="/sql"]', { timeout: 30_000 });
    if (charts) await chartDrawn(page);
    await page.waitForLoadState('networkidle');
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('/sql: the editor takes a statement and runs it', async () => {
    const { page, problems } = await watchedPage();
    await page.goto(`${h.baseUrl}/sql`);
    await page.waitForSelector('[data-testid="schema-browser"]', { timeout: 30_000 });
    await page.locator('.cm-content').click();
    await page.keyboard.press('Control+a');
    await page.keyboard.press('Delete');
    await page.keyboard.type('SELECT 40 + 2 AS answer');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+Enter');
    await page.waitForSelector('[data-testid="grid-row"]', { timeout: 30_000 });
    expect(await page.locator('[data-testid="grid-row"]').first().innerText()).toContain('42');
    // CodeMirror styles itself with injected <style> elements: the editor has its layout.
    expect(await page.locator('.cm-editor').evaluate((e) => getComputedStyle(e).display)).toBe('flex');
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('/api/docs: Swagger UI lists the API', async () => {
    const { page, problems } = await watchedPage();
    await page.goto(`${h.baseUrl}/api/docs`);
    await page.waitForSelector('.swagger-ui .opblock', { timeout: 30_000 });
    expect(await page.locator('section.swagger-ui').innerText()).toContain('/api/queries');
    expect(problems).toEqual([]);
    await page.context().close();
  });
});

describe('framing', () => {
  it('a page on another origin cannot frame /import', async () => {
    // Another site: a plain server on another port. It also serves a control page that has no
    // framing protection, framed cross-origin too (127.0.0.1 vs localhost), to prove framing works here at all.
    const evil = createServer((req, res) => {
      res.setHeader('Content-Type', 'text/html');
      if (req.url === '/control.html') return res.end('<!doctype html><p id="ok">framed</p>');
      const port = (evil.address() as AddressInfo).port;
      res.end(`<!doctype html><iframe id="control" src="http://127.0.0.1:${port}/control.html"></iframe><iframe id="target" src="${h.baseUrl}/import" width="800" height="600"></iframe>`);
    });
    await new Promise<void>((r) => evil.listen(0, '127.0.0.1', r));
    const { page } = await watchedPage();
    try {
      await page.goto(`http://localhost:${(evil.address() as AddressInfo).port}/evil.html`);
      const control = await (await page.waitForSelector('#control')).contentFrame();
      await expect.poll(() => control!.locator('#ok').count()).toBe(1);
      const target = await (await page.waitForSelector('#target')).contentFrame();
      // Blocked: Chromium replaces the document with its error page; /import's app never starts.
      await expect.poll(() => target?.url()).toMatch(/^chrome-error:/);
      expect(await target!.locator('nav a[href="/sql"]').count()).toBe(0);
    } finally {
      await page.context().close();
      await new Promise((r) => evil.close(r));
    }
  });
});

describe('hostile text from a link', () => {
  it('/sql?q=…: a hostile value and column name show literally in the quick chart tooltip and run nothing', async () => {
    const { page, problems } = await watchedPage();
    const sql = `SELECT '<img src=x onerror=window.__pwned=1>' AS "<b>x</b>", 3 AS n UNION ALL SELECT '{b}<i>', 1`;
    await page.goto(`${h.baseUrl}/sql?q=${encodeURIComponent(sql)}`);
    await page.waitForSelector('[data-testid="grid-row"]', { timeout: 30_000 });
    await page.click('[data-testid="view-chart"]');
    await chartDrawn(page, '[data-testid="quick-chart"] canvas');
    for (const type of ['pie', 'bar']) {
      await page.click(`[data-testid="chart-type-${type}"]`);
      await page.waitForTimeout(300);
      const box = (await page.locator('[data-testid="quick-chart"] canvas').first().boundingBox())!;
      // Sweep the chart until a tooltip shows the larger slice / first bar.
      let shown = '';
      for (let x = 0.2; x <= 0.8 && !shown.includes('onerror'); x += 0.05) {
        for (let y = 0.3; y <= 0.8 && !shown.includes('onerror'); y += 0.1) {
          await page.mouse.move(box.x + box.width * x, box.y + box.height * y);
          await page.waitForTimeout(60);
          shown = await page.evaluate(() => [...document.querySelectorAll('[data-testid="quick-chart"] div')].filter((d) => getComputedStyle(d).position === 'absolute' && d.textContent?.includes('onerror')).map((d) => d.textContent).join('|'));
        }
      }
      expect(shown, `${type} tooltip`).toContain('<img src=x onerror=window.__pwned=1>');
      expect(await page.evaluate(() => document.querySelectorAll('[data-testid="quick-chart"] img, [data-testid="quick-chart"] b').length)).toBe(0);
    }
    expect(await page.evaluate(() => (window as { __pwned?: unknown }).__pwned)).toBeUndefined();
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('/report?title=…: a title that tries to close the print <style> stays text', async () => {
    const { page, problems } = await watchedPage();
    const title = '年报"</style><img src=x onerror=window.__pwned=1>';
    await page.goto(`${h.baseUrl}/report?title=${encodeURIComponent(title)}`);
    await page.waitForSelector('nav a[href="/sql"]', { timeout: 30_000 });
    await page.waitForLoadState('networkidle');
    expect(await page.evaluate(() => document.querySelectorAll('img[src="x"]').length)).toBe(0);
    expect(await page.title()).toContain(title);
    expect(await page.evaluate(() => (window as { __pwned?: unknown }).__pwned)).toBeUndefined();
    expect(problems).toEqual([]);
    await page.context().close();
  });
});
