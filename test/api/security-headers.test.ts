/**
 * Security headers on the whole app (issue 11): every answer — page, API,
 * OpenAPI UI, error — carries a Content-Security-Policy under which no inline
 * script runs except the page's own bootstrap (by its sha256), no framing,
 * nosniff and a same-origin Referer policy.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { SPA_FALLBACK, inlineScriptHashes } from '../../server/plugins/external/web.js';

const BOOTSTRAP = '\n  __sveltekit_x = { base: "" };\n  import("/_app/immutable/entry/start.js");\n';
const sha = (s: string) => `'sha256-${createHash('sha256').update(s).digest('base64')}'`;

const dir = mkdtempSync(join(tmpdir(), 'xpilot-csp-'));
let app: TestApp;
beforeAll(async () => {
  writeFileSync(join(dir, SPA_FALLBACK), `<!doctype html><title>shell</title><script type="module" src="/_app/x.js"></script><div><script>${BOOTSTRAP}</script></div>`);
  app = await buildTestApp({ webDir: dir });
  await app.ready();
});
afterAll(async () => {
  await app?.close();
  rmSync(dir, { recursive: true, force: true });
});

function directives(policy: string | undefined): Map<string, string[]> {
  return new Map((policy ?? '').split(';').map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map(([k, ...v]) => [k!, v]));
}

describe('security headers', () => {
  it.each(['/', '/import', '/schools/1?year=2020', '/api/health', '/api/queries/nope', '/api/docs', '/api/docs/static/index.html'])('%s: CSP without inline script, no framing, nosniff, referrer policy', async (url) => {
    const res = await app.inject(url);
    expect(res.statusCode).toBeLessThan(500);
    const csp = directives(res.headers['content-security-policy'] as string);
    expect(csp.get('default-src')).toEqual(["'self'"]);
    expect(csp.get('script-src')).not.toContain("'unsafe-inline'");
    expect(csp.get('script-src')).not.toContain("'unsafe-eval'");
    expect(csp.get('script-src')?.[0]).toBe("'self'");
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.has('upgrade-insecure-requests')).toBe(false);
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('same-origin');
  });

  it('pages allow exactly their own inline bootstrap script, by hash', async () => {
    for (const url of ['/', '/import']) {
      const res = await app.inject(url);
      expect(res.body).toContain('shell');
      expect(directives(res.headers['content-security-policy'] as string).get('script-src')).toEqual(["'self'", sha(BOOTSTRAP)]);
    }
  });

  it('the API allows no inline script at all', async () => {
    const res = await app.inject('/api/health');
    expect(directives(res.headers['content-security-policy'] as string).get('script-src')).toEqual(["'self'"]);
  });

  it('inlineScriptHashes skips scripts with src and hashes the exact text', () => {
    expect(inlineScriptHashes('<script src="/a.js"></script><script>a()</script><SCRIPT type="module">\nb()\n</SCRIPT >')).toEqual([sha('a()'), sha('\nb()\n')]);
  });
});
