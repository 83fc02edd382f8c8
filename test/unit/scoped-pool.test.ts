/**
 * A scoped SQL snapshot that cannot be built (a worker that would not start
 * on a loaded machine, a write that failed) is tried once more, then the
 * statement gets a clear 503 sql_snapshot_failed with a retry hint, never a
 * 500 internal_error. A build that fails once and then succeeds is not seen
 * by the statement at all.
 */
import { describe, expect, it } from 'vitest';
import { ScopedPool } from '../../server/sql-worker/scoped-pool.js';
import { readSqlLimits } from '../../server/lib/sql-guard.js';
import { readScopedLimits } from '../../server/lib/sql-scoped.js';
import { AppError } from '../../server/lib/errors.js';
import { ANONYMOUS } from '../../server/lib/principal.js';

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined } as never;

describe('ScopedPool.acquire when the scoped snapshot cannot be built', () => {
  it('a write that always fails: two tries, then 503 sql_snapshot_failed with retry_after_s', async () => {
    let writes = 0;
    const pool = new ScopedPool({
      limits: readSqlLimits(),
      scoped: readScopedLimits(),
      log: quiet,
      dataVersion: async () => 'v1',
      write: async () => {
        writes++;
        throw new Error('disk full (simulated)');
      },
      removeDir: () => undefined,
    });
    const err = await pool.acquire(ANONYMOUS, 10_000).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ statusCode: 503, code: 'sql_snapshot_failed', details: { retry_after_s: 5 } });
    expect(writes).toBe(2);
    await pool.stop();
  });
});
