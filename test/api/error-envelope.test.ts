/**
 * Errors that Fastify or Node answer before our routes (issue 11) still come
 * in the documented shape {"error":{"code","message","message_zh"}}: a URL
 * that is not valid percent-encoding, oversized headers (431, answered by
 * Node's HTTP parser — tested on a real socket), malformed HTTP, and JSON
 * bodies with a `__proto__` key (refused, and nothing is written).
 */
import { connect, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';

let app: TestApp;
beforeAll(async () => {
  app = await buildTestApp();
  await app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => app?.close());

const CJK = /[\u4e00-\u9fff]/;

function expectEnvelope(body: unknown, code: string) {
  const e = (body as { error: Record<string, unknown> }).error;
  expect(e).toBeTypeOf('object');
  expect(e.code).toBe(code);
  expect(e.message).toBeTypeOf('string');
  expect(e.message_zh).toMatch(CJK);
  expect(Object.keys(body as object)).toEqual(['error']);
}

/** Sends raw bytes and reads until the server closes the connection. */
function rawRequest(text: string): Promise<{ status: number; headers: string; body: string }> {
  const { port } = app.server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (c) => chunks.push(c));
    socket.on('error', (e) => (chunks.length ? undefined : reject(e)));
    socket.on('close', () => {
      const all = Buffer.concat(chunks).toString('utf8');
      const [head = '', body = ''] = all.split('\r\n\r\n');
      resolve({ status: Number(head.split(' ')[1]), headers: head, body });
    });
    socket.end(text);
  });
}

describe('framework errors in the error envelope', () => {
  it.each([
    ['/api/queries/%E0%A4%A', 'bad_url'],
    ['/api/queries/%ZZ', 'bad_url'],
    ['/%E0%A4%A', 'bad_url'],
  ])('GET %s → 400 %s', async (url, code) => {
    const res = await app.inject(url);
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expectEnvelope(res.json(), code);
  });

  it.each([
    ['{"__proto__":{"isAdmin":true},"sql":"SELECT 1"}', 400, 'forbidden_json_key'],
    ['{"sql":"SELECT 1","constructor":{"prototype":{"isAdmin":true}}}', 400, 'forbidden_json_key'],
    ['{"sql":', 400, 'invalid_json'],
    ['', 400, 'empty_body'],
  ])('POST /api/sql %s → %i %s', async (payload, status, code) => {
    const res = await app.inject({ method: 'POST', url: '/api/sql', headers: { 'content-type': 'application/json' }, payload });
    expect(res.statusCode).toBe(status);
    expectEnvelope(res.json(), code);
  });

  it('an unsupported content-type → 415 unsupported_media_type', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/sql', headers: { 'content-type': 'text/xml' }, payload: '<sql/>' });
    expect(res.statusCode).toBe(415);
    expectEnvelope(res.json(), 'unsupported_media_type');
  });

  it('a body over the limit → 413 body_too_large', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/sql', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ sql: 'x'.repeat(2 * 1024 * 1024) }) });
    expect(res.statusCode).toBe(413);
    expectEnvelope(res.json(), 'body_too_large');
  });

  it('a saved query with a __proto__ key is refused and nothing is saved', async () => {
    const before = (await app.inject('/api/saved-queries')).json();
    const res = await app.inject({
      method: 'POST',
      url: '/api/saved-queries',
      headers: { 'content-type': 'application/json' },
      payload: '{"name":"毒","sql":"SELECT 1","__proto__":{"owner":"admin"}}',
    });
    expect(res.statusCode).toBe(400);
    expectEnvelope(res.json(), 'forbidden_json_key');
    expect((await app.inject('/api/saved-queries')).json()).toEqual(before);
  });

  it('headers over Node’s limit → 431 headers_too_large, on a real socket', async () => {
    const res = await rawRequest(`GET /api/health HTTP/1.1\r\nHost: x\r\nCookie: ${'a'.repeat(20_000)}\r\n\r\n`);
    expect(res.status).toBe(431);
    expect(res.headers).toMatch(/content-type: application\/json; charset=utf-8/i);
    expectEnvelope(JSON.parse(res.body), 'headers_too_large');
  });

  it('bytes that are not HTTP → 400 bad_request, on a real socket', async () => {
    const res = await rawRequest('HELLO\r\n\r\n');
    expect(res.status).toBe(400);
    expectEnvelope(JSON.parse(res.body), 'bad_request');
  });

  it('the server still answers after them', async () => {
    expect((await app.inject('/api/health')).statusCode).toBe(200);
  });
});
