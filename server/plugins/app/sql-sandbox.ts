/**
 * The SQL console's sandbox, seen from the server.
 *
 * Design.
 * 1. A snapshot, not the live file. The main instance holds the database
 *    file read-write, so a second instance cannot open it. Whenever the data
 *    version changes (dataset load, import commit or undo — call
 *    `app.sqlSandbox.refresh()`; a cheap version check before each statement
 *    also catches a change nobody announced), the main instance ATTACHes a
 *    new database file in a temporary directory and, in one transaction,
 *    copies the schema (tables with their comments, sequences, macros —
 *    `COPY FROM DATABASE … (SCHEMA)`) and the rows of the analyst-visible
 *    tables (SANDBOX_TABLES), drops every other table and view (meta, the
 *    audit log, saved queries, anything added later and not allow-listed)
 *    and DETACHes it.
 * 2. A separate process. A worker process (server/sql-worker/) opens the
 *    snapshot as its own DuckDB instance: read-only, external access off,
 *    extension autoload/autoinstall off, memory_limit and threads set,
 *    configuration locked and read back (see engine.ts). The worker runs
 *    under an address-space limit (ulimit -d): DuckDB's memory_limit does
 *    not cover everything a statement can allocate (a column of huge
 *    strings), and a statement that exhausts memory must fail there — as a
 *    DuckDB error, or at worst by ending the worker, which the server
 *    replaces — never take the server down. A statement that ignores its
 *    interrupt past the time limit gets its worker killed and replaced too.
 * Compared with Parquet files loaded into an in-memory instance: one copy
 * instead of two, table comments and macros for free, the data not held in
 * the sandbox's memory, and read-only in DuckDB's own terms.
 *
 * Here, in the server: at most N running statements per user (429 beyond),
 * a queue for heavy exports (lib/export-queue.ts), the audit log (every
 * statement, whatever its outcome) and its retention (lib/sql-audit.ts), the
 * version check, and the snapshot directories: each is named after this
 * process's pid (lib/sql-snapshot-dirs.ts), so those a killed server left
 * behind are removed at the next startup. The snapshot is written by
 * lib/sql-snapshot.ts, the worker driven by sql-worker/client.ts.
 *
 * Start-up. Writing the first snapshot takes as long as the data needs, so
 * it is not part of the plugin's start (Fastify would stop a start that
 * outlasts its plugin timeout): it runs in the background, the server
 * answers meanwhile, and a statement waits for it at most `prepareWaitMs`
 * before it is answered 503 sql_preparing with Retry-After.
 *
 * Scoped principals (issue 10): everyone but the administrator runs on a
 * snapshot of only their rows, one per scope (sql-worker/scoped-pool.ts,
 * lib/sql-scoped.ts), under the same per-user limit and export queue.
 */
import fp from 'fastify-plugin';
import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { finished } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { BOOLEAN, INTEGER, VARCHAR } from '@duckdb/node-api';
import { AppError } from '../../lib/errors.js';
import { sqlFile } from '../../lib/sql-files.js';
import { maskSql } from '../../lib/sql-text.js';
import { readSqlLimits, sqlErrors, type SqlLimits } from '../../lib/sql-guard.js';
import { AuditPruner, auditedParams, auditedText, defaultPruneEvery, readAuditRetention, type AuditRetention } from '../../lib/sql-audit.js';
import { makeSnapshotDir, removeStaleSnapshotDirs } from '../../lib/sql-snapshot-dirs.js';
import { writeSnapshot } from '../../lib/sql-snapshot.js';
import { ExportQueue } from '../../lib/export-queue.js';
import { WorkerClient, type SqlAnswer } from '../../sql-worker/client.js';
import { ScopedPool } from '../../sql-worker/scoped-pool.js';
import { seesEverything, type Principal } from '../../lib/principal.js';
import { readScopedLimits, type ScopedLimits } from '../../lib/sql-scoped.js';
import type { Format } from '../../schemas/queries.js';
import type { SchemaInfo, SqlParamValue } from '../../sql-worker/protocol.js';

export type { SchemaInfo, SqlParamValue } from '../../sql-worker/protocol.js';
export type { SqlAnswer } from '../../sql-worker/client.js';
export { SANDBOX_TABLES } from '../../lib/sql-snapshot.js';
export { workerDataLimit } from '../../sql-worker/client.js';

export interface SqlRunRequest {
  sql: string;
  params?: Record<string, SqlParamValue>;
  user: string;
  /** Whose rows: a scoped principal's statement runs on its scoped snapshot (lib/sql-scoped.ts). */
  principal: Principal;
  /** Where the statement came from, for the audit log. */
  origin?: { address: string; user_agent: string | null };
  format: Format;
  rowLimit: number;
  signal?: AbortSignal;
}

export interface RefreshInfo {
  version: string;
  /** Snapshot written by the main instance. */
  snapshotMs: number;
  /** Sandbox instance opened, locked and checked by the worker. */
  openMs: number;
  totalMs: number;
}

export interface SqlSandbox {
  readonly limits: SqlLimits;
  /** Rebuilds the sandbox from the main database now (call after an import commits or is undone). */
  refresh(): Promise<RefreshInfo>;
  /** The last refresh's timings. */
  lastRefresh(): RefreshInfo | undefined;
  run(req: SqlRunRequest): Promise<SqlAnswer>;
  /** The tables the principal's console sees (its scoped snapshot's). */
  schema(principal: Principal): Promise<SchemaInfo>;
  /** Scoped snapshots open now (for tests and the limits page). */
  scopedSnapshots(): { key: string; version: string | undefined; bytes: number }[];
  /** Statements running now for a user. */
  running(user: string): number;
  /** Settles when the first snapshot is open (or could not be made). */
  whenReady(): Promise<RefreshInfo>;
  /** Whether the first snapshot is open. */
  isReady(): boolean;
  /** The serving worker process's id, if one runs (tests kill it). */
  workerPid(): number | undefined;
  /** Heavy exports running and waiting. */
  exports(): { running: number; queued: number };
}

declare module 'fastify' {
  interface FastifyInstance {
    sqlSandbox: SqlSandbox;
  }
}

export interface SandboxOptions {
  limits?: Partial<SqlLimits>;
  /** Audit log retention beyond the environment's (XPILOT_SQL_AUDIT_DAYS, XPILOT_SQL_AUDIT_MAX_ROWS). */
  audit?: Partial<AuditRetention>;
  /** Where snapshot directories go (default: the OS temp dir, TMPDIR). */
  tmpDir?: string;
  /** How long a statement waits for the first snapshot before 503 sql_preparing (default 10 000 ms). */
  prepareWaitMs?: number;
  /** Scoped snapshots beyond the environment's (XPILOT_SQL_SCOPED_SNAPSHOTS, XPILOT_SQL_SCOPED_SNAPSHOT_MB). */
  scoped?: Partial<ScopedLimits>;
  /** Test hooks: a first snapshot made slow on purpose; each worker process as it is spawned. */
  test?: { firstSnapshotDelayMs?: number; onWorkerSpawn?: (child: ChildProcess) => void };
}

export default fp(
  async (app, opts: SandboxOptions) => {
    const limits: SqlLimits = { ...readSqlLimits(), ...opts.limits };
    const db = app.db;
    const tmpDir = opts.tmpDir ?? tmpdir();
    const audited = { ...readAuditRetention(), ...opts.audit };
    const retention: AuditRetention = { ...audited, pruneEvery: opts.audit?.pruneEvery ?? defaultPruneEvery(audited.maxRows) };
    const pruner = new AuditPruner(db, retention, app.log);

    // Snapshot directories of servers that were killed (SIGKILL, power loss) before they could clean up.
    const swept = removeStaleSnapshotDirs(tmpDir);
    if (swept.removed.length) app.log.info({ removed: swept.removed }, 'SQL sandbox: removed snapshot directories left by stopped servers');
    for (const f of swept.failed) app.log.warn(f, 'SQL sandbox: could not remove a stale snapshot directory');
    const dirs = new Set<string>();
    const removeDir = (dir: string) => {
      rmSync(dir, { recursive: true, force: true });
      dirs.delete(dir);
      // Called only once the plugin runs, after `pool` below exists.
      pool.forget(dir);
    };
    const worker = new WorkerClient(limits, app.log, removeDir, () => {
      // Snapshots older than the current one were only open in an ended worker (dirs keeps creation order).
      const current = worker.snapshot?.dir;
      if (!current || !dirs.has(current)) return;
      for (const dir of [...dirs]) {
        if (dir === current) break;
        removeDir(dir);
      }
    }, opts.test?.onWorkerSpawn);
    const exportQueue = new ExportQueue(limits.exportsRunning, limits.exportsQueued, sqlErrors.exportQueueFull);
    const runningByUser = new Map<string, number>();
    let ready = false;
    let last: RefreshInfo | undefined;
    let refreshing: Promise<RefreshInfo> | undefined;

    const dataVersion = () => db.version();
    const prepareWaitMs = opts.prepareWaitMs ?? 10_000;
    const pool: ScopedPool = new ScopedPool({
      limits,
      scoped: { ...readScopedLimits(), ...opts.scoped },
      log: app.log,
      dataVersion,
      removeDir,
      onWorkerSpawn: opts.test?.onWorkerSpawn,
      async write(principal) {
        // Not in `dirs`: the full snapshot's worker deletes the older entries there when it ends.
        const dir = makeSnapshotDir(tmpDir);
        try {
          return await writeSnapshot(db, dir, principal);
        } catch (err) {
          rmSync(dir, { recursive: true, force: true });
          throw err;
        }
      },
    });

    /** Writes a snapshot of the analyst-visible tables with the main instance. */
    async function snapshotNow() {
      const dir = makeSnapshotDir(tmpDir);
      dirs.add(dir);
      try {
        return await writeSnapshot(db, dir);
      } catch (err) {
        removeDir(dir);
        throw err;
      }
    }

    function refresh(): Promise<RefreshInfo> {
      const next = (refreshing ?? Promise.resolve())
        .catch(() => undefined)
        .then(async () => {
          const t0 = performance.now();
          const snapshot = await snapshotNow();
          const t1 = performance.now();
          const previous = worker.snapshot;
          try {
            await worker.open(snapshot);
          } catch (err) {
            removeDir(snapshot.dir);
            throw err;
          }
          const t2 = performance.now();
          // The worker deletes the old snapshot once its last statement ends (it says so: 'retired').
          void previous;
          const info = { version: snapshot.version, snapshotMs: t1 - t0, openMs: t2 - t1, totalMs: t2 - t0 };
          last = info;
          ready = true;
          app.log.info({ sqlSandbox: { version: info.version, snapshotMs: Math.round(info.snapshotMs), openMs: Math.round(info.openMs), totalMs: Math.round(info.totalMs) } }, 'SQL sandbox refreshed');
          // The scoped snapshots follow in the background, so their next statements need not wait.
          pool.rebuildAll();
          return info;
        });
      refreshing = next;
      next.then(
        () => {
          if (refreshing === next) refreshing = undefined;
        },
        () => {
          if (refreshing === next) refreshing = undefined;
        },
      );
      return next;
    }

    /** The first snapshot, made in the background once the plugin has started (see the header). */
    let first: Promise<RefreshInfo> | undefined;

    /** Rebuilds the snapshot first when the data changed since it was made. */
    async function fresh(): Promise<void> {
      if (!ready && first) {
        const outcome = await Promise.race([first.then(() => 'ready' as const, () => 'failed' as const), sleep(prepareWaitMs, 'waiting' as const, { ref: false })]);
        // Still preparing: say so. Failed: the version check below tries again, and fails with the real error.
        if (outcome === 'waiting') throw sqlErrors.preparing();
      }
      if (refreshing) await refreshing.catch(() => undefined);
      const version = await dataVersion();
      if (!worker.snapshot || worker.snapshot.version !== version) await refresh();
    }

    /** The worker whose snapshot this principal's statements run on, current; `release` when the answer is sent. */
    async function workerFor(principal: Principal): Promise<{ worker: WorkerClient; release: () => void }> {
      if (seesEverything(principal)) {
        await fresh();
        return { worker, release: () => undefined };
      }
      return pool.acquire(principal, prepareWaitMs);
    }

    async function audit(entry: { user: string; origin?: SqlRunRequest['origin']; startedAt: Date; sql: string; params: Record<string, SqlParamValue>; format: string; durationMs: number; rowCount: number | null; truncated: boolean | null; outcome: string; errorCode: string | null }) {
      const text = auditedText(entry.sql);
      try {
        await db.query(
          sqlFile('sql_audit_insert'),
          {
            user_name: entry.user,
            started_at: entry.startedAt.toISOString().replace('T', ' ').replace('Z', ''),
            sql: text.text,
            sql_sha256: text.sha256,
            sql_bytes: text.bytes,
            sql_truncated: text.truncated,
            params: auditedParams(JSON.stringify(entry.params)),
            format: entry.format,
            duration_ms: Math.round(entry.durationMs),
            row_count: entry.rowCount,
            truncated: entry.truncated,
            outcome: entry.outcome,
            error_code: entry.errorCode,
            address: entry.origin?.address ?? null,
            user_agent: entry.origin?.user_agent ?? null,
          },
          { user_name: VARCHAR, started_at: VARCHAR, sql: VARCHAR, sql_sha256: VARCHAR, sql_bytes: INTEGER, sql_truncated: BOOLEAN, params: VARCHAR, format: VARCHAR, duration_ms: INTEGER, row_count: INTEGER, truncated: BOOLEAN, outcome: VARCHAR, error_code: VARCHAR, address: VARCHAR, user_agent: VARCHAR },
        );
      } catch (err) {
        // The statement's answer matters more than its audit line; the log says a line is missing (never the values).
        app.log.error({ err: err instanceof Error ? err.message : String(err), user: entry.user, outcome: entry.outcome }, 'SQL audit log write failed');
        return;
      }
      // Retention, once every so many entries and only after this one is written (a prune keeps the newest entry and never throws).
      await pruner.written();
    }

    const OUTCOME: Record<string, string> = {
      sql_timeout: 'timeout',
      sql_cancelled: 'cancelled',
      sql_not_read_only: 'refused',
      sql_multiple_statements: 'refused',
      sql_empty: 'refused',
      sql_forbidden: 'refused',
      sql_too_many_running: 'refused',
      sql_export_queue_full: 'refused',
      sql_xlsx_too_many_rows: 'refused',
    };

    async function run(req: SqlRunRequest): Promise<SqlAnswer> {
      const startedAt = new Date();
      const t0 = performance.now();
      const params = req.params ?? {};
      const base = { user: req.user, origin: req.origin, startedAt, sql: req.sql, params, format: req.format };
      const running = runningByUser.get(req.user) ?? 0;
      if (running >= limits.maxRunningPerUser) {
        const err = sqlErrors.tooManyRunning(limits.maxRunningPerUser);
        await audit({ ...base, durationMs: 0, rowCount: null, truncated: null, outcome: 'refused', errorCode: err.code });
        throw err;
      }
      runningByUser.set(req.user, running + 1);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        const n = (runningByUser.get(req.user) ?? 1) - 1;
        if (n <= 0) runningByUser.delete(req.user);
        else runningByUser.set(req.user, n);
      };
      let releaseExport: (() => void) | undefined;
      let releaseTarget: (() => void) | undefined;
      try {
        if (maskSql(req.sql).trim() === '') throw sqlErrors.empty();
        const target = await workerFor(req.principal);
        releaseTarget = target.release;
        // An answer that may outgrow the grid's cap is an export: it waits its turn.
        if (req.rowLimit > limits.maxRows) releaseExport = await exportQueue.acquire(req.signal).catch((err: unknown) => {
          throw err instanceof AppError ? err : sqlErrors.cancelled();
        });
        const refuseTruncated = req.format === 'xlsx' && req.rowLimit >= limits.xlsxMaxRows;
        const answer = await target.worker.run({ sql: req.sql, params, format: req.format, rowLimit: req.rowLimit, timeoutMs: limits.timeoutMs, refuseTruncated }, req.signal);
        // The user's slot (and the export's, and the scoped snapshot) is held until the whole answer has been sent.
        finished(answer.body, () => {
          release();
          releaseExport?.();
          releaseTarget?.();
        });
        const { head } = answer;
        if (head.rowCount !== null && head.truncated !== null) {
          await audit({ ...base, durationMs: head.durationMs, rowCount: head.rowCount, truncated: head.truncated, outcome: 'ok', errorCode: null });
        } else {
          // A streamed answer knows its rows only at its end: the audit row is written then.
          void answer.tail
            .then((tail) => audit({ ...base, durationMs: head.durationMs, rowCount: tail?.rowCount ?? null, truncated: tail?.truncated ?? null, outcome: 'ok', errorCode: null }))
            .catch((err: unknown) => app.log.error({ err: String(err) }, 'SQL audit row not written'));
        }
        return answer;
      } catch (err) {
        release();
        releaseExport?.();
        releaseTarget?.();
        const code = err instanceof AppError ? err.code : 'internal_error';
        await audit({ ...base, durationMs: performance.now() - t0, rowCount: null, truncated: null, outcome: OUTCOME[code] ?? 'error', errorCode: code });
        throw err;
      }
    }

    async function schema(principal: Principal): Promise<SchemaInfo> {
      const target = await workerFor(principal);
      try {
        return await target.worker.schema();
      } finally {
        target.release();
      }
    }

    app.decorate('sqlSandbox', {
      limits,
      refresh,
      lastRefresh: () => last,
      run,
      schema,
      running: (user: string) => runningByUser.get(user) ?? 0,
      whenReady: () => first!,
      isReady: () => ready,
      workerPid: () => worker.pid,
      exports: () => exportQueue.stats,
      scopedSnapshots: () => pool.list(),
    } satisfies SqlSandbox);

    app.addHook('onClose', async () => {
      closing = true;
      await pruner.stop();
      await first?.catch(() => undefined);
      await refreshing?.catch(() => undefined);
      await worker.stop();
      await pool.stop();
      for (const dir of [...dirs]) removeDir(dir);
    });

    let closing = false;
    // Not awaited: the start does not wait for work that grows with the data (see the header).
    first = (async () => {
      if (opts.test?.firstSnapshotDelayMs) await sleep(opts.test.firstSnapshotDelayMs);
      if (closing) throw new Error('closed before the SQL sandbox was ready');
      await pruner.prune();
      const info = await refresh();
      if (!closing) pruner.start();
      return info;
    })();
    first.catch((err: unknown) => app.log.error({ err: err instanceof Error ? err.message : String(err) }, 'SQL sandbox: the first snapshot failed; the next statement tries again'));
  },
  { name: 'sqlSandbox', dependencies: ['duckdb', 'dataset'] },
);
