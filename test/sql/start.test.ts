/**
 * Start on a busy machine (issue 11, "Start"): the SQL console's snapshot is
 * made after the start, so a slow one (made slow here on purpose) neither
 * delays the start nor hits Fastify's plugin timeout. Meanwhile the console
 * answers 503 sql_preparing with Retry-After, and then works.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.js';
import { readConfig } from '../../server/config.js';

describe('a start whose SQL snapshot is slow', () => {
  let app: Awaited<ReturnType<typeof buildApp>>;
  beforeAll(async () => {
    const config = readConfig({ XPILOT_DB: ':memory:', XPILOT_ADMIN_PASSWORD: 'start-test-password' });
    // Longer than Fastify's default plugin timeout (10 s), which used to end such a start.
    app = await buildApp({ ...config, logger: false, sqlSandbox: { prepareWaitMs: 100, test: { firstSnapshotDelayMs: 12_000 } } });
    await app.ready();
  }, 60_000);
  afterAll(async () => app.close());

  it('is ready and answers /api/health before the snapshot is done; /api/sql answers 503 sql_preparing, then works', async () => {
    expect(app.sqlSandbox.isReady()).toBe(false);
    const health = await app.inject({ method: 'GET', url: '/api/health' });
    expect(health.statusCode).toBe(200);
    const named = await app.inject({ method: 'GET', url: '/api/queries/pass_rate_by_certificate?year=2020' });
    expect(named.statusCode).toBe(200);

    const early = await app.inject({ method: 'POST', url: '/api/sql', payload: { sql: 'SELECT 1 AS n' } });
    expect(early.statusCode).toBe(503);
    expect(early.headers['retry-after']).toBe('5');
    expect((early.json() as { error: { code: string; message_zh: string } }).error).toMatchObject({ code: 'sql_preparing', message_zh: 'SQL 控制台正在准备数据快照…请稍后再试。' });
    const limits = (await app.inject({ method: 'GET', url: '/api/sql/limits' })).json() as { ready: boolean };
    expect(limits.ready).toBe(false);

    await app.sqlSandbox.whenReady();
    const later = await app.inject({ method: 'POST', url: '/api/sql', payload: { sql: 'SELECT sum(candidates) AS n FROM exam_results' } });
    expect(later.statusCode).toBe(200);
    expect((later.json() as { rows: { n: number }[] }).rows[0]!.n).toBe(1479);
  }, 60_000);
});
