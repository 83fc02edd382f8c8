/**
 * Answers over the wire are compressed (issue 14, "pages that paint at once"):
 * the web app's files are sent as the build's own .br/.gz copies (never
 * compressed per request), API answers above 1 KiB are compressed on the fly,
 * already-compressed formats are left alone, and a repeat with the ETag is a 304.
 */
import Fastify from 'fastify';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import compression, { COMPRESS_THRESHOLD } from '../../server/plugins/external/compression.js';
import web, { SPA_FALLBACK } from '../../server/plugins/external/web.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';

const decode = (encoding: unknown, body: Buffer) => (encoding === 'br' ? brotliDecompressSync(body) : encoding === 'gzip' ? gunzipSync(body) : body).toString('utf8');

describe('the web app files: the build’s precompressed copies', () => {
  const dir = mkdtempSync(join(tmpdir(), 'xpilot-precompressed-'));
  const site = Fastify({ logger: false });
  const script = `export const figures = [${'1234567890,'.repeat(400)}];\n`;
  const asset = '/_app/immutable/chunks/figures.abc123.js';
  const page = '<!doctype html><title>总览</title><script>window.boot = 1</script>';

  beforeAll(async () => {
    mkdirSync(join(dir, '_app', 'immutable', 'chunks'), { recursive: true });
    const file = join(dir, asset);
    writeFileSync(file, script);
    // Different text in each copy: the answer's body says which file was sent, so on-the-fly compression of the original cannot pass.
    writeFileSync(`${file}.br`, brotliCompressSync(`${script}// br copy\n`));
    writeFileSync(`${file}.gz`, gzipSync(`${script}// gz copy\n`));
    writeFileSync(join(dir, 'index.html'), page);
    writeFileSync(join(dir, 'index.html.br'), brotliCompressSync(page));
    writeFileSync(join(dir, SPA_FALLBACK), page);
    await site.register(compression);
    await site.register(web, { dir });
    await site.ready();
  });
  afterAll(async () => {
    await site.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    ['br, gzip', 'br', '// br copy'],
    ['gzip', 'gzip', '// gz copy'],
  ])('Accept-Encoding %s gets the %s file as built', async (accept, encoding, marker) => {
    const res = await site.inject({ url: asset, headers: { 'accept-encoding': accept } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe(encoding);
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.headers.vary).toMatch(/accept-encoding/i);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(decode(encoding, res.rawPayload)).toBe(`${script}${marker}\n`);
  });

  it('sends the original to a client that accepts no encoding', async () => {
    const res = await site.inject({ url: asset, headers: { 'accept-encoding': 'identity' } });
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.body).toBe(script);
  });

  it('answers a repeat with the file’s ETag with 304', async () => {
    const first = await site.inject({ url: asset, headers: { 'accept-encoding': 'br' } });
    const etag = String(first.headers.etag);
    expect(etag).not.toBe('undefined');
    const again = await site.inject({ url: asset, headers: { 'accept-encoding': 'br', 'if-none-match': etag } });
    expect(again.statusCode).toBe(304);
    expect(again.rawPayload.length).toBe(0);
  });

  it('keeps the page’s Content-Security-Policy hash when the page is sent compressed', async () => {
    const plain = await site.inject({ url: '/', headers: { 'accept-encoding': 'identity' } });
    const packed = await site.inject({ url: '/', headers: { 'accept-encoding': 'br' } });
    expect(packed.headers['content-encoding']).toBe('br');
    expect(packed.headers['cache-control']).toBe('no-cache');
    expect(String(packed.headers['content-security-policy'])).toMatch(/script-src 'self' 'sha256-[A-Za-z0-9+/=]+'/);
    expect(packed.headers['content-security-policy']).toBe(plain.headers['content-security-policy']);
  });
});

describe('API answers: compressed above 1 KiB', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await buildTestApp();
  });
  afterAll(async () => {
    await app.close();
  });

  it.each(['br', 'gzip'])('sends pass_rate_by_certificate (seed 004, exam table) as %s, decoding to the same JSON', async (encoding) => {
    const plain = await app.inject({ url: '/api/queries/pass_rate_by_certificate' });
    expect(plain.rawPayload.length).toBeGreaterThan(COMPRESS_THRESHOLD);
    const res = await app.inject({ url: '/api/queries/pass_rate_by_certificate', headers: { 'accept-encoding': encoding } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe(encoding);
    expect(res.headers.vary).toMatch(/accept-encoding/i);
    expect(Number(res.headers['content-length'])).toBe(res.rawPayload.length);
    expect(res.rawPayload.length).toBeLessThan(plain.rawPayload.length / 2);
    const rows = (JSON.parse(decode(encoding, res.rawPayload)) as { rows: unknown[] }).rows;
    expect(rows).toEqual((plain.json() as { rows: unknown[] }).rows);
    expect(rows).toHaveLength(16);
  });

  it('revalidates a compressed answer: the weak ETag it carries gets a 304', async () => {
    const first = await app.inject({ url: '/api/queries/pass_rate_by_certificate', headers: { 'accept-encoding': 'gzip' } });
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^W\/"/);
    const again = await app.inject({ url: '/api/queries/pass_rate_by_certificate', headers: { 'accept-encoding': 'gzip', 'if-none-match': etag } });
    expect(again.statusCode).toBe(304);
    const plain = await app.inject({ url: '/api/queries/pass_rate_by_certificate', headers: { 'if-none-match': etag } });
    expect(plain.statusCode).toBe(304);
  });

  it('leaves a small answer as it is', async () => {
    const res = await app.inject({ url: '/api/health', headers: { 'accept-encoding': 'br, gzip' } });
    expect(res.statusCode).toBe(200);
    expect(res.rawPayload.length).toBeLessThan(COMPRESS_THRESHOLD);
    expect(res.headers['content-encoding']).toBeUndefined();
  });

  it('compresses a streamed CSV export to the same bytes, and leaves XLSX (a zip) and Arrow alone', async () => {
    const url = '/api/queries/pass_rate_by_certificate?format=csv';
    const plain = await app.inject({ url });
    const csv = await app.inject({ url, headers: { 'accept-encoding': 'gzip' } });
    expect(csv.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(csv.rawPayload).equals(plain.rawPayload)).toBe(true);
    expect(csv.headers['content-disposition']).toMatch(/\.csv/);
    for (const format of ['xlsx', 'arrow']) {
      const res = await app.inject({ url: `/api/queries/pass_rate_by_certificate?format=${format}`, headers: { 'accept-encoding': 'br, gzip' } });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-encoding']).toBeUndefined();
    }
  });

  it('does not inflate a gzip upload: a compressed body is read as the bytes it is', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/session',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      payload: gzipSync(JSON.stringify({ password: 'x' })),
    });
    expect(res.statusCode).toBe(400);
  });
});
