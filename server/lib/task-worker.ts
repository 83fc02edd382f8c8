/**
 * Work that a request without sign-in can make heavy (parsing an uploaded
 * file, rasterising a large chart) runs in a worker process, so the event
 * loop keeps answering /api/health and everyone else. Each worker has a heap
 * limit (`--max-old-space-size`) and each task a wall-time limit: a worker
 * that runs out of memory or time is killed and its task fails with a typed
 * reason, while the server neither grows past the limit nor dies with it.
 *
 * A process, not a worker_thread: a thread that reaches its
 * `resourceLimits` can still abort the whole process, depending on how it
 * allocated (nodejs/node#47224; it did, in our own test, on Node 20).
 *
 * Tasks wait in a short line for one of `concurrency` workers; beyond
 * `maxQueue` they are refused. `reuse: true` keeps a worker between tasks
 * (chart rendering keeps its font subsets warm); `reuse: false` gives every
 * task a fresh one (a parse never sees what the last file left behind).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { ROOT } from '../config.js';
import { AppError } from './errors.js';

export type TaskFailure = 'out_of_memory' | 'timeout' | 'busy' | 'crashed';

/** A task that did not come back: the worker died, ran out of memory or time, or the line was full. */
export class TaskWorkerError extends Error {
  override name = 'TaskWorkerError';
  constructor(readonly reason: TaskFailure, message: string) {
    super(message);
  }
}

export interface TaskWorkerOptions {
  /** Module the worker runs (it calls serveTasks). */
  entry: URL;
  maxOldGenerationSizeMb: number;
  timeoutMs: number;
  concurrency: number;
  maxQueue: number;
  reuse: boolean;
}

interface Job {
  input: unknown;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

interface Slot {
  child: ChildProcess;
  job: Job | null;
  timer: NodeJS.Timeout | undefined;
  /** The end of what the worker wrote to stderr: V8 says there when it ran out of heap. */
  stderr: string;
  dead: boolean;
}

type Reply = { ok: true; result: unknown } | { ok: false; error: SerializedError };
interface SerializedError {
  app?: { statusCode: number; code: string; message: string; messageZh: string; details?: Record<string, unknown> };
  message: string;
}

const LOADER = pathToFileURL(join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;

export class TaskWorker<I, O> {
  private readonly idle: Slot[] = [];
  private readonly busy = new Set<Slot>();
  private readonly queue: Job[] = [];
  private closed = false;

  constructor(private readonly opts: TaskWorkerOptions) {}

  run(input: I): Promise<O> {
    if (this.closed) return Promise.reject(new TaskWorkerError('crashed', 'worker pool is closed'));
    if (this.busy.size >= this.opts.concurrency && this.queue.length >= this.opts.maxQueue) {
      return Promise.reject(new TaskWorkerError('busy', `${this.queue.length} tasks already waiting`));
    }
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ input, resolve: resolve as (v: unknown) => void, reject });
      this.pump();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new TaskWorkerError('crashed', 'worker pool closed'));
    for (const slot of [...this.idle.splice(0), ...this.busy]) this.kill(slot, new TaskWorkerError('crashed', 'worker pool closed'));
    this.busy.clear();
  }

  private pump(): void {
    while (!this.closed && this.queue.length > 0 && this.busy.size < this.opts.concurrency) {
      const job = this.queue.shift()!;
      const slot = this.idle.pop() ?? this.spawn();
      this.busy.add(slot);
      slot.job = job;
      slot.timer = setTimeout(() => this.kill(slot, new TaskWorkerError('timeout', `task ran longer than ${this.opts.timeoutMs} ms`)), this.opts.timeoutMs);
      slot.child.send(job.input as never);
    }
  }

  private spawn(): Slot {
    const child = fork(fileURLToPath(this.opts.entry), [], {
      execArgv: ['--import', LOADER, `--max-old-space-size=${this.opts.maxOldGenerationSizeMb}`],
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
      cwd: ROOT,
    });
    const slot: Slot = { child, job: null, timer: undefined, stderr: '', dead: false };
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (s: string) => {
      slot.stderr = (slot.stderr + s).slice(-4096);
    });
    child.on('message', (reply: Reply) => this.settle(slot, reply));
    child.on('error', (err) => this.kill(slot, new TaskWorkerError('crashed', err.message)));
    child.on('exit', (code, signal) => {
      slot.dead = true;
      const oom = /heap out of memory|Allocation failed/i.test(slot.stderr);
      this.kill(slot, new TaskWorkerError(oom ? 'out_of_memory' : 'crashed', oom ? 'worker ran out of heap' : `worker exited (${signal ?? code}): ${slot.stderr.slice(-300)}`));
    });
    return slot;
  }

  private settle(slot: Slot, reply: Reply): void {
    const job = slot.job;
    if (!job) return;
    clearTimeout(slot.timer);
    slot.job = null;
    this.busy.delete(slot);
    if (this.opts.reuse && !this.closed && !slot.dead) this.idle.push(slot);
    else this.kill(slot, new TaskWorkerError('crashed', 'done'));
    if (reply.ok) job.resolve(reply.result);
    else job.reject(deserialize(reply.error));
    this.pump();
  }

  /** Ends a worker; its task (if any) fails with `why`. Safe to call more than once. */
  private kill(slot: Slot, why: TaskWorkerError): void {
    clearTimeout(slot.timer);
    const job = slot.job;
    slot.job = null;
    this.busy.delete(slot);
    const i = this.idle.indexOf(slot);
    if (i >= 0) this.idle.splice(i, 1);
    if (!slot.dead) slot.child.kill('SIGKILL');
    job?.reject(why);
    this.pump();
  }
}

function deserialize(e: SerializedError): Error {
  if (e.app) return new AppError(e.app.statusCode, e.app.code, e.app.message, e.app.messageZh, e.app.details);
  return new Error(e.message);
}

/** Worker side: answers each message with `handler`'s result (AppErrors keep their status, code and both messages). */
export function serveTasks<I, O>(handler: (input: I) => O | Promise<O>): void {
  const send = process.send?.bind(process);
  if (!send) throw new Error('serveTasks runs in a worker process');
  process.on('message', async (input: I) => {
    let reply: Reply;
    try {
      reply = { ok: true, result: await handler(input) };
    } catch (err) {
      reply = {
        ok: false,
        error:
          err instanceof AppError
            ? { message: err.message, app: { statusCode: err.statusCode, code: err.code, message: err.message, messageZh: err.messageZh, details: err.details } }
            : { message: err instanceof Error ? err.message : String(err) },
      };
    }
    send(reply);
  });
  // The server went away: so does the worker.
  process.on('disconnect', () => process.exit(0));
}
