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
 * the audit log (every statement, whatever its outcome) and its retention
 * (lib/sql-audit.ts), the version check, and the snapshot directories: each
 * is named after this process's pid (lib/sql-snapshot-dirs.ts), so those a
 * killed server left behind are removed at the next startup.
 */
import fp from 'fastify-plugin';
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, finished, type Readable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { BOOLEAN, INTEGER, VARCHAR } from '@duckdb/node-api';
import { ROOT } from '../../config.js';
import { AppError } from '../../lib/errors.js';
import { sqlFile } from '../../lib/sql-files.js';
import { fillSql, maskSql, quoteIdent, quoteLiteral } from '../../lib/sql-text.js';
import { readSqlLimits, sqlErrors, type SqlLimits } from '../../lib/sql-guard.js';
import { AuditPruner, auditedParams, auditedText, defaultPruneEvery, readAuditRetention, type AuditRetention } from '../../lib/sql-audit.js';
import { makeSnapshotDir, removeStaleSnapshotDirs } from '../../lib/sql-snapshot-dirs.js';
import { readTable } from '../../lib/values.js';
import type { Format } from '../../schemas/queries.js';
import type { FromWorker, Head, SchemaInfo, SqlParamValue, ToWorker, WireError } from '../../sql-worker/protocol.js';

export type { SchemaInfo, SqlParamValue } from '../../sql-worker/protocol.js';

/** The tables an analyst may query: facts, registry, regions, findings, imports. Nothing else reaches the snapshot. */
export const SANDBOX_TABLES = [
  'exam_results',
  'pilot_applications',
  'teacher_training',
  'training_quotas',
  'training_programmes',
  'training_offers',
  'stated_totals',
  'exam_records',
  'schools',
  'school_aliases',
  'certificates',
  'certificate_aliases',
  'regions',
  'findings',
  'imports',
] as const;

const SNAPSHOT = 'xpilot_sql_snapshot';

export interface SqlRunRequest {
  sql: string;
  params?: Record<string, SqlParamValue>;
  user: string;
  format: Format;
  rowLimit: number;
  signal?: AbortSignal;
}

export interface SqlAnswer {
  head: Head;
  /** The encoded result (JSON text, CSV, XLSX, Arrow IPC or Parquet bytes). */
  body: Readable;
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
  schema(): Promise<SchemaInfo>;
  /** Statements running now for a user. */
  running(user: string): number;
}

declare module 'fastify' {
  interface FastifyInstance {
    sqlSandbox: SqlSandbox;
  }
}

function bytesOf(size: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i.exec(size.trim());
  if (!m) throw new Error(`not a size: ${size}`);
  const unit = m[2]!.toUpperCase().replace('I', '');
  const power = { KB: 1, MB: 2, GB: 3, TB: 4 }[unit as 'KB' | 'MB' | 'GB' | 'TB'];
  return Math.round(Number(m[1]) * 1024 ** power);
}

/**
 * The worker's data limit (RLIMIT_DATA: heap and private writable memory, so
 * reserved-but-unused address space does not count): XPILOT_SQL_PROCESS_MEMORY,
 * else twice DuckDB's memory limit plus 2 GB for Node and the encoders.
 */
export function workerDataLimit(limits: SqlLimits, env: NodeJS.ProcessEnv = process.env): number {
  if (env.XPILOT_SQL_PROCESS_MEMORY) return bytesOf(env.XPILOT_SQL_PROCESS_MEMORY);
  return 2 * bytesOf(limits.memoryLimit) + 2 * 1024 ** 3;
}

const engineStopped = (): AppError =>
  new AppError(
    422,
    'sql_out_of_memory',
    'The query stopped the SQL engine (most likely it needed more memory than the console allows); the engine has been restarted. Filter or aggregate first',
    '这条查询使 SQL 引擎停止了（很可能所需内存超过上限），引擎已重启。请先筛选或汇总后再查询。',
  );

const engineRestarted = (): AppError =>
  new AppError(503, 'sql_engine_restarted', 'Another query stopped the SQL engine while this one ran; run it again', '另一条查询使 SQL 引擎重启，这条查询被中断，请重新运行。');

function fromWire(e: WireError): AppError {
  return new AppError(e.status, e.code, e.message, e.messageZh, e.details);
}

interface PendingRun {
  kind: 'run';
  child: ChildProcess;
  resolve: (a: SqlAnswer) => void;
  reject: (e: Error) => void;
  body?: PassThrough;
  backstop?: NodeJS.Timeout;
  /** Ends a body whose bytes stopped coming. */
  idle?: NodeJS.Timeout;
  timeoutMs: number;
}

/** An answer whose bytes stop coming for this long is abandoned. */
const IDLE_MS = 60_000;
interface PendingSchema {
  kind: 'schema';
  child: ChildProcess;
  resolve: (s: SchemaInfo) => void;
  reject: (e: Error) => void;
}
interface PendingOpen {
  child: ChildProcess;
  resolve: (ms: number) => void;
  reject: (e: Error) => void;
}

/**
 * Starts, feeds and replaces the worker process. One worker serves at a
 * time; a worker that asks to be recycled (its memory grew after a heavy
 * statement) finishes what it runs while a fresh one takes new statements.
 */
class WorkerClient {
  private child: ChildProcess | undefined;
  private starting: Promise<ChildProcess> | undefined;
  private readonly all = new Set<ChildProcess>();
  private readonly pending = new Map<number, PendingRun | PendingSchema>();
  private readonly opens = new Map<string, PendingOpen>();
  private nextId = 1;
  private readonly killedFor = new Map<ChildProcess, number>();
  private stopping = false;
  /** The snapshot the worker should have open (re-opened by a new worker). */
  snapshot: { file: string; dir: string; version: string } | undefined;

  constructor(
    private readonly limits: SqlLimits,
    private readonly log: { warn: (o: object, m: string) => void; error: (o: object, m: string) => void; info: (o: object, m: string) => void },
    private readonly onRetired: (dir: string) => void,
    private readonly onWorkerExit: () => void,
  ) {}

  private spawnWorker(): Promise<ChildProcess> {
    const loader = pathToFileURL(join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
    const entry = join(ROOT, 'server/sql-worker/main.ts');
    const kb = Math.floor(workerDataLimit(this.limits) / 1024);
    const node = [process.execPath, '--import', loader, entry];
    const child =
      process.platform === 'win32'
        ? spawn(node[0]!, node.slice(1), { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], serialization: 'advanced' })
        : spawn('/bin/sh', ['-c', `ulimit -d ${kb} && exec "$0" "$@"`, ...node], {
            stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
            serialization: 'advanced',
            cwd: ROOT,
            env: { ...process.env, XPILOT_SQL_WORKER_DATA_LIMIT: String(kb * 1024) },
          });
    this.all.add(child);
    return new Promise((resolve, reject) => {
      let ready = false;
      child.once('exit', (code, signal) => {
        this.all.delete(child);
        if (!ready) reject(new Error(`SQL worker exited before it was ready (${signal ?? code})`));
        this.onExit(child, code, signal);
      });
      child.on('message', (m: FromWorker) => {
        if (m.t === 'ready') {
          ready = true;
          resolve(child);
        } else this.onMessage(child, m);
      });
    });
  }

  /** A running worker with the current snapshot open. */
  async ensure(): Promise<ChildProcess> {
    if (this.child) return this.child;
    this.starting ??= (async () => {
      try {
        const child = await this.spawnWorker();
        if (this.snapshot) await this.openOn(child, this.snapshot);
        this.child = child;
        return child;
      } finally {
        this.starting = undefined;
      }
    })();
    return this.starting;
  }

  private openOn(child: ChildProcess, s: { file: string; dir: string; version: string }): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      this.opens.set(s.version, { child, resolve, reject });
      child.send({ t: 'open', file: s.file, dir: s.dir, version: s.version, limits: this.limits } satisfies ToWorker);
    });
  }

  async open(s: { file: string; dir: string; version: string }): Promise<number> {
    const child = await this.ensure();
    const ms = await this.openOn(child, s);
    this.snapshot = s;
    return ms;
  }

  private onMessage(child: ChildProcess, m: FromWorker) {
    switch (m.t) {
      case 'ready':
        return;
      case 'opened':
        this.opens.get(m.version)?.resolve(m.openMs);
        this.opens.delete(m.version);
        return;
      case 'open-failed':
        this.opens.get(m.version)?.reject(new Error(m.error));
        this.opens.delete(m.version);
        return;
      case 'retired':
        this.onRetired(m.dir);
        return;
      case 'recycle':
        // New statements go to a fresh worker; this one ends once idle.
        if (this.child === child) this.child = undefined;
        this.log.info({ dataBytes: m.dataBytes }, 'SQL worker recycled after a heavy statement');
        if (child.connected) child.send({ t: 'drain' } satisfies ToWorker);
        // Start the replacement now, so the next statement does not wait for it.
        if (!this.stopping) void this.ensure().catch((err: unknown) => this.log.error({ err: String(err) }, 'SQL worker could not start'));
        return;
      case 'schema': {
        const p = this.pending.get(m.id);
        if (p?.kind === 'schema') p.resolve(m.schema);
        this.pending.delete(m.id);
        return;
      }
    }
    const p = this.pending.get(m.id);
    if (!p) return;
    if (p.kind === 'schema') {
      if (m.t === 'fail') p.reject(fromWire(m.error));
      this.pending.delete(m.id);
      return;
    }
    switch (m.t) {
      case 'head': {
        clearTimeout(p.backstop);
        p.body = new PassThrough();
        this.watch(child, m.id, p);
        p.resolve({ head: m.head, body: p.body });
        return;
      }
      case 'data':
        p.body?.write(Buffer.from(m.bytes.buffer, m.bytes.byteOffset, m.bytes.byteLength));
        this.watch(child, m.id, p);
        return;
      case 'end':
        clearTimeout(p.idle);
        p.body?.end();
        this.pending.delete(m.id);
        return;
      case 'fail':
        clearTimeout(p.backstop);
        clearTimeout(p.idle);
        if (p.body) p.body.destroy(fromWire(m.error));
        else p.reject(fromWire(m.error));
        this.pending.delete(m.id);
        return;
    }
  }

  private watch(child: ChildProcess, id: number, p: PendingRun) {
    clearTimeout(p.idle);
    p.idle = setTimeout(() => {
      if (!this.pending.has(id)) return;
      this.log.error({ id }, 'SQL answer stalled; abandoning it');
      this.pending.delete(id);
      if (child.connected) child.send({ t: 'cancel', id } satisfies ToWorker);
      p.body?.destroy(new Error('SQL answer stalled'));
    }, IDLE_MS);
  }

  private onExit(child: ChildProcess, code: number | null, signal: string | null) {
    if (this.child === child) this.child = undefined;
    const culprit = this.killedFor.get(child);
    this.killedFor.delete(child);
    let inFlight = 0;
    for (const [id, p] of this.pending) {
      if (p.child !== child) continue;
      inFlight++;
      if (p.kind === 'run') {
        clearTimeout(p.backstop);
        clearTimeout(p.idle);
      }
      const err = p.kind === 'run' && id === culprit ? sqlErrors.timeout(p.timeoutMs) : culprit !== undefined || this.stopping ? engineRestarted() : engineStopped();
      if (p.kind === 'run' && p.body) p.body.destroy(err);
      else p.reject(err);
      this.pending.delete(id);
    }
    for (const [version, o] of this.opens) {
      if (o.child !== child) continue;
      o.reject(new Error('SQL worker stopped'));
      this.opens.delete(version);
    }
    if (!this.stopping && (inFlight > 0 || (code !== 0 && code !== null) || signal)) {
      this.log.warn({ code, signal, inFlight }, 'SQL worker stopped; the next statement starts a new one');
    }
    this.onWorkerExit();
  }

  async run(msg: { sql: string; params: Record<string, SqlParamValue>; format: Format; rowLimit: number; timeoutMs: number }, signal?: AbortSignal): Promise<SqlAnswer> {
    const child = await this.ensure();
    const id = this.nextId++;
    return new Promise<SqlAnswer>((resolve, reject) => {
      const p: PendingRun = { kind: 'run', child, resolve, reject, timeoutMs: msg.timeoutMs };
      // A statement that ignores its interrupt (one vector of huge strings, say) gets its worker replaced.
      p.backstop = setTimeout(() => {
        if (!this.pending.has(id) || child.exitCode !== null) return;
        this.log.error({ id, timeoutMs: msg.timeoutMs }, 'SQL statement ignored its interrupt; replacing the SQL worker');
        this.killedFor.set(child, id);
        if (this.child === child) this.child = undefined;
        child.kill('SIGKILL');
      }, msg.timeoutMs + 5_000);
      this.pending.set(id, p);
      signal?.addEventListener(
        'abort',
        () => {
          if (this.pending.has(id) && child.connected) child.send({ t: 'cancel', id } satisfies ToWorker);
        },
        { once: true },
      );
      child.send({ t: 'run', id, ...msg } satisfies ToWorker);
    });
  }

  async schema(): Promise<SchemaInfo> {
    const child = await this.ensure();
    const id = this.nextId++;
    return new Promise<SchemaInfo>((resolve, reject) => {
      this.pending.set(id, { kind: 'schema', child, resolve, reject });
      child.send({ t: 'schema', id } satisfies ToWorker);
    });
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.starting?.catch(() => undefined);
    await Promise.all(
      [...this.all].map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
            child.once('exit', () => {
              clearTimeout(timer);
              resolve();
            });
            if (child.connected) child.disconnect();
            else child.kill('SIGTERM');
          }),
      ),
    );
  }
}

export interface SandboxOptions {
  limits?: Partial<SqlLimits>;
  /** Audit log retention beyond the environment's (XPILOT_SQL_AUDIT_DAYS, XPILOT_SQL_AUDIT_MAX_ROWS). */
  audit?: Partial<AuditRetention>;
  /** Where snapshot directories go (default: the OS temp dir, TMPDIR). */
  tmpDir?: string;
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
    };
    const worker = new WorkerClient(limits, app.log, removeDir, () => {
      // Snapshots older than the current one were only open in an ended worker (dirs keeps creation order).
      const current = worker.snapshot?.dir;
      if (!current || !dirs.has(current)) return;
      for (const dir of [...dirs]) {
        if (dir === current) break;
        removeDir(dir);
      }
    });
    const runningByUser = new Map<string, number>();
    let last: RefreshInfo | undefined;
    let refreshing: Promise<RefreshInfo> | undefined;

    const dataVersion = async () => String((await db.query(sqlFile('data_version'))).rows[0]?.version ?? '');

    /** Writes a snapshot of the analyst-visible tables with the main instance. */
    async function writeSnapshot(): Promise<{ file: string; dir: string; version: string }> {
      const dir = makeSnapshotDir(tmpDir);
      dirs.add(dir);
      const file = join(dir, 'snapshot.duckdb');
      try {
        let version = '';
        await db.withConnection(async (conn) => {
          const main = String(readTable(await conn.runAndReadAll(sqlFile('current_database'))).rows[0]!.name);
          const ids = { main: quoteIdent(main), snapshot: quoteIdent(SNAPSHOT) };
          await conn.run(fillSql(sqlFile('sandbox_snapshot_attach'), { file: quoteLiteral(file), snapshot: ids.snapshot }));
          try {
            await conn.run(sqlFile('tx_begin'));
            try {
              version = String(readTable(await conn.runAndReadAll(sqlFile('data_version'))).rows[0]?.version ?? '');
              await conn.run(fillSql(sqlFile('sandbox_snapshot_schema'), ids));
              const objects = readTable(await conn.runAndReadAll(sqlFile('sandbox_snapshot_objects'), { snapshot: SNAPSHOT })).rows;
              for (const o of objects) {
                const name = String(o.name);
                const table = quoteIdent(name);
                if (o.kind === 'view') await conn.run(fillSql(sqlFile('sandbox_snapshot_drop_view'), { ...ids, table }));
                else if ((SANDBOX_TABLES as readonly string[]).includes(name)) await conn.run(fillSql(sqlFile('sandbox_snapshot_copy'), { ...ids, table }));
                else await conn.run(fillSql(sqlFile('sandbox_snapshot_drop_table'), { ...ids, table }));
              }
              await conn.run(sqlFile('tx_commit'));
            } catch (err) {
              await conn.run(sqlFile('tx_rollback'));
              throw err;
            }
          } finally {
            await conn.run(fillSql(sqlFile('sandbox_snapshot_detach'), ids));
          }
        });
        return { file, dir, version };
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
          const snapshot = await writeSnapshot();
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
          app.log.info({ sqlSandbox: { version: info.version, snapshotMs: Math.round(info.snapshotMs), openMs: Math.round(info.openMs), totalMs: Math.round(info.totalMs) } }, 'SQL sandbox refreshed');
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

    /** Rebuilds the snapshot first when the data changed since it was made. */
    async function fresh(): Promise<void> {
      if (refreshing) await refreshing.catch(() => undefined);
      const version = await dataVersion();
      if (!worker.snapshot || worker.snapshot.version !== version) await refresh();
    }

    async function audit(entry: { user: string; startedAt: Date; sql: string; params: Record<string, SqlParamValue>; format: string; durationMs: number; rowCount: number | null; truncated: boolean | null; outcome: string; errorCode: string | null }) {
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
          },
          { user_name: VARCHAR, started_at: VARCHAR, sql: VARCHAR, sql_sha256: VARCHAR, sql_bytes: INTEGER, sql_truncated: BOOLEAN, params: VARCHAR, format: VARCHAR, duration_ms: INTEGER, row_count: INTEGER, truncated: BOOLEAN, outcome: VARCHAR, error_code: VARCHAR },
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
    };

    async function run(req: SqlRunRequest): Promise<SqlAnswer> {
      const startedAt = new Date();
      const t0 = performance.now();
      const params = req.params ?? {};
      const base = { user: req.user, startedAt, sql: req.sql, params, format: req.format };
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
      try {
        if (maskSql(req.sql).trim() === '') throw sqlErrors.empty();
        await fresh();
        const answer = await worker.run({ sql: req.sql, params, format: req.format, rowLimit: req.rowLimit, timeoutMs: limits.timeoutMs }, req.signal);
        // The user's slot is held until the whole answer has been sent.
        finished(answer.body, release);
        await audit({ ...base, durationMs: answer.head.durationMs, rowCount: answer.head.rowCount, truncated: answer.head.truncated, outcome: 'ok', errorCode: null });
        return answer;
      } catch (err) {
        release();
        const code = err instanceof AppError ? err.code : 'internal_error';
        await audit({ ...base, durationMs: performance.now() - t0, rowCount: null, truncated: null, outcome: OUTCOME[code] ?? 'error', errorCode: code });
        throw err;
      }
    }

    async function schema(): Promise<SchemaInfo> {
      await fresh();
      return worker.schema();
    }

    app.decorate('sqlSandbox', {
      limits,
      refresh,
      lastRefresh: () => last,
      run,
      schema,
      running: (user: string) => runningByUser.get(user) ?? 0,
    } satisfies SqlSandbox);

    app.addHook('onClose', async () => {
      await pruner.stop();
      await refreshing?.catch(() => undefined);
      await worker.stop();
      for (const dir of [...dirs]) removeDir(dir);
    });

    await pruner.prune();
    await refresh();
    pruner.start();
  },
  { name: 'sqlSandbox', dependencies: ['duckdb', 'dataset'] },
);
