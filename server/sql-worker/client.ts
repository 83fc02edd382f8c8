/**
 * The server's side of the SQL worker process: starts, feeds and replaces
 * it. One worker serves at a time; a worker that asks to be recycled (its
 * memory grew after a heavy statement) finishes what it runs while a fresh
 * one takes new statements.
 *
 * Answers flow with backpressure end to end: the worker sends at most
 * WINDOW bytes of an answer ahead of what the server has handed on, and the
 * server hands bytes on (acks them) only while the answer's body stream —
 * piped into the socket — has room. A client that stops reading therefore
 * stops the worker's encoder (which pulls rows from the collected result
 * only as it is read) instead of growing memory in either process.
 *
 * When the worker ends, each statement it was running gets an error that
 * says what happened: its own time limit (the server killed it), out of
 * memory (the worker's stderr carries V8's or the C++ runtime's
 * out-of-memory message), or a crash (any other exit or signal, kill -9
 * included). A worker that dies before it is ready gives
 * sql_worker_starting_failed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { PassThrough, type Readable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { ROOT } from '../config.js';
import { AppError } from '../lib/errors.js';
import { sqlErrors, type SqlLimits } from '../lib/sql-guard.js';
import type { Format } from '../schemas/queries.js';
import type { FromWorker, Head, SchemaInfo, SqlParamValue, ToWorker, WireError } from './protocol.js';

export interface SqlAnswer {
  head: Head;
  /** The encoded result (JSON text, CSV, XLSX, Arrow IPC or Parquet bytes). */
  body: Readable;
  /** The rows sent, once the whole answer has gone (null if it was cut short): a streamed head does not know them. */
  tail: Promise<{ rowCount: number; truncated: boolean } | null>;
}

/** Bytes of an answer the worker may send before the server acks them. */
export const WINDOW = 1024 * 1024;
/** An answer whose bytes stop coming from the worker, or stop being read by the client, for this long is abandoned. */
const IDLE_MS = 60_000;

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

/** What a process's stderr says when it ran out of memory (V8, the C++ runtime, DuckDB). */
const OOM_TEXT = /out of memory|Allocation failed|std::bad_alloc|Cannot allocate memory|Reached heap limit/i;

export type WorkerEnd = { kind: 'out_of_memory' | 'crashed'; code: number | null; signal: string | null };

/** Why a worker ended, from its exit and the last lines it wrote to stderr. */
export function classifyExit(code: number | null, signal: string | null, stderrTail: string): WorkerEnd {
  return { kind: OOM_TEXT.test(stderrTail) ? 'out_of_memory' : 'crashed', code, signal };
}

const how = (end: { code: number | null; signal: string | null }) => (end.signal ? `signal ${end.signal}` : `exit code ${end.code}`);

export const workerErrors = {
  outOfMemory: () =>
    new AppError(
      422,
      'sql_out_of_memory',
      'The query needed more memory than the SQL console allows and stopped the SQL engine; the engine has been restarted. Filter or aggregate first',
      '这条查询所需内存超过 SQL 控制台的上限，使 SQL 引擎停止，引擎已重启。请先筛选或汇总后再查询。',
    ),
  crashed: (end: WorkerEnd) =>
    new AppError(
      503,
      'sql_worker_crashed',
      `The SQL engine process ended while this query ran (${how(end)}), not because of this query's memory; it is being restarted. Run the query again`,
      `SQL 引擎进程在这条查询运行时意外结束（${how(end)}），并非这条查询内存超限；引擎正在重启，请重新运行。`,
      { exit_code: end.code, signal: end.signal, retry_after_s: 2 },
    ),
  startingFailed: (detail: string) =>
    new AppError(
      503,
      'sql_worker_starting_failed',
      `The SQL engine process failed to start (${detail}); try again in a moment`,
      `SQL 引擎进程启动失败（${detail}），请稍后重试。`,
      { cause: detail, retry_after_s: 2 },
    ),
  restarted: () => new AppError(503, 'sql_engine_restarted', 'Another query stopped the SQL engine while this one ran; run it again', '另一条查询使 SQL 引擎重启，这条查询被中断，请重新运行。', { retry_after_s: 2 }),
};

function fromWire(e: WireError): AppError {
  return new AppError(e.status, e.code, e.message, e.messageZh, e.details);
}

interface PendingRun {
  kind: 'run';
  child: ChildProcess;
  resolve: (a: SqlAnswer) => void;
  reject: (e: Error) => void;
  body?: PassThrough;
  head?: Head;
  settleTail?: (t: { rowCount: number; truncated: boolean } | null) => void;
  backstop?: NodeJS.Timeout;
  /** Ends an answer whose bytes stopped moving (worker silent or client not reading). */
  idle?: NodeJS.Timeout;
  timeoutMs: number;
}
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

type Log = { warn: (o: object, m: string) => void; error: (o: object, m: string) => void; info: (o: object, m: string) => void };

export interface Snapshot {
  file: string;
  dir: string;
  version: string;
}

export class WorkerClient {
  private child: ChildProcess | undefined;
  private starting: Promise<ChildProcess> | undefined;
  private readonly all = new Set<ChildProcess>();
  private readonly pending = new Map<number, PendingRun | PendingSchema>();
  private readonly opens = new Map<string, PendingOpen>();
  private nextId = 1;
  private readonly killedFor = new Map<ChildProcess, number>();
  private readonly stderrTail = new Map<ChildProcess, string>();
  private stopping = false;
  /** The snapshot the worker should have open (re-opened by a new worker). */
  snapshot: Snapshot | undefined;

  constructor(
    private readonly limits: SqlLimits,
    private readonly log: Log,
    private readonly onRetired: (dir: string) => void,
    private readonly onWorkerExit: () => void,
    /** Test hook: sees each worker process as it is spawned. */
    private readonly onSpawn?: (child: ChildProcess) => void,
  ) {}

  /** The serving worker's process id (tests kill it). */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  private spawnWorker(): Promise<ChildProcess> {
    const loader = pathToFileURL(join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
    const entry = join(ROOT, 'server/sql-worker/main.ts');
    const kb = Math.floor(workerDataLimit(this.limits) / 1024);
    const node = [process.execPath, '--import', loader, entry];
    const stdio: ['ignore', 'inherit', 'pipe', 'ipc'] = ['ignore', 'inherit', 'pipe', 'ipc'];
    const child =
      process.platform === 'win32'
        ? spawn(node[0]!, node.slice(1), { stdio, serialization: 'advanced' })
        : spawn('/bin/sh', ['-c', `ulimit -d ${kb} && exec "$0" "$@"`, ...node], {
            stdio,
            serialization: 'advanced',
            cwd: ROOT,
            env: { ...process.env, XPILOT_SQL_WORKER_DATA_LIMIT: String(kb * 1024) },
          });
    this.all.add(child);
    // stderr still reaches the terminal; its tail tells an out-of-memory end from a crash.
    child.stderr?.on('data', (b: Buffer) => {
      process.stderr.write(b);
      this.stderrTail.set(child, ((this.stderrTail.get(child) ?? '') + b.toString('utf8')).slice(-4096));
    });
    this.onSpawn?.(child);
    return new Promise((resolve, reject) => {
      let ready = false;
      child.once('error', (err) => {
        if (!ready) reject(workerErrors.startingFailed(err.message));
      });
      child.once('exit', (code, signal) => {
        this.all.delete(child);
        if (!ready) reject(workerErrors.startingFailed(`it ended before it was ready: ${how({ code, signal })}`));
        this.onExit(child, code, signal);
        this.stderrTail.delete(child);
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
        if (this.snapshot) {
          await this.openOn(child, this.snapshot).catch((err: unknown) => {
            throw err instanceof AppError ? err : workerErrors.startingFailed(`the snapshot did not open: ${err instanceof Error ? err.message : String(err)}`);
          });
        }
        this.child = child;
        return child;
      } finally {
        this.starting = undefined;
      }
    })();
    return this.starting;
  }

  private openOn(child: ChildProcess, s: Snapshot): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      this.opens.set(s.version, { child, resolve, reject });
      child.send({ t: 'open', file: s.file, dir: s.dir, version: s.version, limits: this.limits } satisfies ToWorker);
    });
  }

  async open(s: Snapshot): Promise<number> {
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
        const body = new PassThrough({ highWaterMark: WINDOW });
        p.body = body;
        // An error after the head has gone out can only cut the answer short; it must never be an uncaught 'error'.
        body.on('error', (err) => this.log.warn({ id: m.id, err: err.message }, 'SQL answer cut short'));
        // The client went away (or the route gave up): stop the worker's encoder.
        body.once('close', () => {
          if (!body.writableFinished && this.pending.has(m.id)) this.cancel(child, m.id, p);
        });
        this.watch(child, m.id, p);
        const head = m.head;
        p.head = head;
        const tail = new Promise<{ rowCount: number; truncated: boolean } | null>((resolve) => (p.settleTail = resolve));
        body.once('close', () => p.settleTail?.(null));
        p.resolve({ head, body, tail });
        return;
      }
      case 'data': {
        const body = p.body;
        if (!body || body.destroyed) return;
        const n = m.bytes.byteLength;
        const ack = () => {
          if (child.connected && this.pending.has(m.id)) child.send({ t: 'ack', id: m.id, bytes: n } satisfies ToWorker);
        };
        // Ack only what the body could take: a full body (the socket is not draining) holds the worker back.
        if (body.write(Buffer.from(m.bytes.buffer, m.bytes.byteOffset, n))) ack();
        else body.once('drain', ack);
        this.watch(child, m.id, p);
        return;
      }
      case 'end':
        clearTimeout(p.idle);
        p.settleTail?.(m.tail ?? (p.head && p.head.rowCount !== null && p.head.truncated !== null ? { rowCount: p.head.rowCount, truncated: p.head.truncated } : null));
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

  private cancel(child: ChildProcess, id: number, p: PendingRun) {
    clearTimeout(p.idle);
    clearTimeout(p.backstop);
    this.pending.delete(id);
    if (child.connected) child.send({ t: 'cancel', id } satisfies ToWorker);
  }

  private watch(child: ChildProcess, id: number, p: PendingRun) {
    clearTimeout(p.idle);
    p.idle = setTimeout(() => {
      if (!this.pending.has(id)) return;
      this.log.warn({ id }, 'SQL answer stalled (worker silent or client not reading); abandoning it');
      this.cancel(child, id, p);
      p.body?.destroy(new Error('SQL answer stalled'));
    }, IDLE_MS);
  }

  private onExit(child: ChildProcess, code: number | null, signal: string | null) {
    if (this.child === child) this.child = undefined;
    const culprit = this.killedFor.get(child);
    this.killedFor.delete(child);
    const end = classifyExit(code, signal, this.stderrTail.get(child) ?? '');
    let inFlight = 0;
    for (const [id, p] of this.pending) {
      if (p.child !== child) continue;
      inFlight++;
      if (p.kind === 'run') {
        clearTimeout(p.backstop);
        clearTimeout(p.idle);
      }
      const err =
        p.kind === 'run' && id === culprit
          ? sqlErrors.timeout(p.timeoutMs)
          : culprit !== undefined || this.stopping
            ? workerErrors.restarted()
            : end.kind === 'out_of_memory'
              ? workerErrors.outOfMemory()
              : workerErrors.crashed(end);
      if (p.kind === 'run' && p.body) p.body.destroy(err);
      else p.reject(err);
      this.pending.delete(id);
    }
    for (const [version, o] of this.opens) {
      if (o.child !== child) continue;
      o.reject(workerErrors.startingFailed(`it ended while opening the snapshot: ${how(end)}`));
      this.opens.delete(version);
    }
    if (!this.stopping && (inFlight > 0 || (code !== 0 && code !== null) || signal)) {
      this.log.warn({ code, signal, inFlight, kind: end.kind }, 'SQL worker stopped; the next statement starts a new one');
    }
    this.onWorkerExit();
  }

  async run(msg: { sql: string; params: Record<string, SqlParamValue>; format: Format; rowLimit: number; timeoutMs: number; refuseTruncated?: boolean }, signal?: AbortSignal): Promise<SqlAnswer> {
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
      child.send({ t: 'run', id, window: WINDOW, ...msg } satisfies ToWorker);
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
