/**
 * What a stopped SQL engine says (issue 11, "Worker errors that mislead"):
 * a worker killed while it starts answers 503 sql_worker_starting_failed, one
 * killed mid-query 503 sql_worker_crashed naming the signal — neither is
 * "out of memory", which is kept for an end whose stderr says so.
 */
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { classifyExit } from '../../server/sql-worker/client.js';
import { buildApp } from '../../server/app.js';
import { readConfig } from '../../server/config.js';

type ErrorBody = { error: { code: string; message: string; message_zh: string; signal?: string } };

describe('a worker killed mid-query', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await buildTestApp({ sqlLimits: { timeoutMs: 60_000 } });
    await app.sqlSandbox.whenReady();
  });
  afterAll(async () => app.close());

  it('answers 503 sql_worker_crashed with the signal, then the next statement runs on a new worker', async () => {
    const pid = app.sqlSandbox.workerPid()!;
    expect(pid).toBeGreaterThan(0);
    const running = app.inject({ method: 'POST', url: '/api/sql', payload: { sql: 'SELECT count(*) FROM range(1000000000000)' } });
    // The statement is in the worker once the user's slot is taken.
    while (app.sqlSandbox.running('127.0.0.1') === 0) await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 200));
    process.kill(pid, 'SIGKILL');
    const res = await running;
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe('2');
    const body = res.json() as ErrorBody;
    expect(body.error).toMatchObject({ code: 'sql_worker_crashed', signal: 'SIGKILL' });
    expect(body.error.message).not.toMatch(/needed more memory/);
    expect(body.error.message_zh).toContain('并非这条查询内存超限');
    const next = await app.inject({ method: 'POST', url: '/api/sql', payload: { sql: 'SELECT 42 AS n' } });
    expect(next.statusCode).toBe(200);
    expect(app.sqlSandbox.workerPid()).not.toBe(pid);
  });
});

describe('a worker killed while it starts', () => {
  const spawned: ChildProcess[] = [];
  let killNext = false;
  let app: Awaited<ReturnType<typeof buildApp>>;
  beforeAll(async () => {
    const config = readConfig({ XPILOT_DB: ':memory:', XPILOT_ADMIN_PASSWORD: 'worker-errors-test' });
    app = await buildApp({
      ...config,
      logger: false,
      sqlSandbox: {
        test: {
          onWorkerSpawn: (child) => {
            spawned.push(child);
            if (killNext) child.kill('SIGKILL');
          },
        },
      },
    });
    await app.sqlSandbox.whenReady();
  });
  afterAll(async () => app.close());

  it('answers 503 sql_worker_starting_failed, not internal_error', async () => {
    // End the serving worker, and kill its replacement the moment it is spawned.
    const pid = app.sqlSandbox.workerPid()!;
    const exited = new Promise((r) => spawned.find((c) => c.pid === pid)!.once('exit', r));
    process.kill(pid, 'SIGKILL');
    await exited;
    killNext = true;
    const res = await app.inject({ method: 'POST', url: '/api/sql', payload: { sql: 'SELECT 1 AS n' } });
    killNext = false;
    expect(res.statusCode).toBe(503);
    const body = res.json() as ErrorBody;
    expect(body.error.code).toBe('sql_worker_starting_failed');
    expect(body.error.message).toContain('SIGKILL');
    expect(body.error.message_zh).toContain('启动失败');
    expect((await app.inject({ method: 'POST', url: '/api/sql', payload: { sql: 'SELECT 1 AS n' } })).statusCode).toBe(200);
  });
});

describe('classifyExit', () => {
  it.each([
    [null, 'SIGKILL', '', 'crashed'],
    [1, null, 'Error: something else', 'crashed'],
    [null, 'SIGABRT', 'FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory', 'out_of_memory'],
    [null, 'SIGABRT', "terminate called after throwing an instance of 'std::bad_alloc'", 'out_of_memory'],
  ] as const)('exit %s / %s with stderr "%s" → %s', (code, signal, stderr, kind) => expect(classifyExit(code, signal, stderr).kind).toBe(kind));
});
