/**
 * Bounded chart PNGs (issue 11): width × height × scale² is capped with a 400
 * naming the limit, and a large-but-allowed PNG is drawn in a worker process,
 * so /api/health answers while it is drawn. Charts from the default dataset
 * (seed 003, annex 2: city_quotas).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';

describe('chart PNG size — seed 003, city_quotas', () => {
  let app: TestApp;
  let base: string;
  beforeAll(async () => {
    app = await buildTestApp();
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  });
  afterAll(() => app.close());

  it.each([
    ['4000 × 4000 at scale 4 (256 million pixels)', 'width=4000&height=4000&scale=4', 256_000_000],
    ['2001 × 2000 at scale 2', 'width=2001&height=2000&scale=2', 16_008_000],
  ])('%s → 400 chart_too_large naming the limit, drawing nothing', async (_name, qs, pixels) => {
    const res = await app.inject({ method: 'GET', url: `/api/charts/city_quotas.png?${qs}` });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({
      code: 'chart_too_large',
      message: expect.stringContaining('XPILOT_CHART_MAX_MEGAPIXELS'),
      message_zh: expect.stringContaining('最多 16 百万像素'),
      pixels,
      max_pixels: 16_000_000,
    });
  });

  it('the limit itself is allowed: 2000 × 2000 at scale 2 is a 4000 × 4000 PNG', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/charts/city_quotas.png?width=2000&height=2000&scale=2' });
    expect(res.statusCode).toBe(200);
    expect([res.rawPayload.readUInt32BE(16), res.rawPayload.readUInt32BE(20)]).toEqual([4000, 4000]);
  }, 120_000);

  it('/api/health answers while a large PNG is drawn, each time in a small part of the drawing time', async () => {
    let drawing = true;
    const latencies: number[] = [];
    const t0 = performance.now();
    // A size no other test asks for, so the PNG cache cannot answer it.
    const draw = fetch(`${base}/api/charts/city_quotas.png?width=1999&height=2000&scale=2`).then(async (r) => ({ status: r.status, bytes: (await r.arrayBuffer()).byteLength })).finally(() => {
      drawing = false;
    });
    while (drawing) {
      const t = performance.now();
      const sent = drawing;
      expect((await fetch(`${base}/api/health`)).status).toBe(200);
      // A check counts if it was sent while the PNG was being drawn (the one the drawing blocked answers after it).
      if (sent) latencies.push(performance.now() - t);
      await new Promise((r) => setTimeout(r, 10));
    }
    const drawn = await draw;
    const drawMs = performance.now() - t0;
    expect(drawn.status).toBe(200);
    expect(drawn.bytes).toBeGreaterThan(10_000);
    expect(latencies.length).toBeGreaterThanOrEqual(2);
    // In the server's thread one check waits for the whole rasterising; in the worker each is a small fraction of it.
    expect(Math.max(...latencies)).toBeLessThan(drawMs / 4);
  }, 120_000);
});
