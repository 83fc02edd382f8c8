/**
 * The web plugin on its own, over a throwaway build directory: hashed assets are
 * cached for a year, the app shell is revalidated, client routes deep-link to the
 * shell, and unknown /api paths stay JSON 404s.
 */
import Fastify from 'fastify';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import web, { SPA_FALLBACK } from '../../server/plugins/external/web.js';

const dir = mkdtempSync(join(tmpdir(), 'xpilot-web-'));
const app = Fastify({ logger: false });

beforeAll(async () => {
  mkdirSync(join(dir, '_app', 'immutable'), { recursive: true });
  writeFileSync(join(dir, SPA_FALLBACK), '<!doctype html><title>shell</title>');
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>overview</title>');
  writeFileSync(join(dir, '_app', 'immutable', 'entry.abc123.js'), 'export {};');
  await app.register(web, { dir });
  await app.ready();
});
afterAll(async () => {
  await app.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('web plugin', () => {
  it('caches hashed assets for a year', async () => {
    const res = await app.inject('/_app/immutable/entry.abc123.js');
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('revalidates the pages', async () => {
    const res = await app.inject('/');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('overview');
    expect(res.headers['cache-control']).toBe('no-cache');
  });

  it('answers a client route with the app shell', async () => {
    const res = await app.inject('/schools/gz-city?year=2020');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('shell');
    expect(res.headers['cache-control']).toBe('no-cache');
  });

  it('keeps unknown API paths JSON 404s, in English and Chinese', async () => {
    const res = await app.inject('/api/nope');
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ error: { code: 'not_found', message: 'No route GET /api/nope', message_zh: '没有这个地址：/api/nope' } });
  });
});
