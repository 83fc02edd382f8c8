/**
 * Work that an unsigned-in request can make heavy (parsing an uploaded file,
 * rasterising a large chart) runs in a worker thread, so the event loop keeps
 * answering /api/health and everyone else. Each task has a heap limit
 * (`resourceLimits`) and a wall-time limit: a worker that runs out of memory
 * or time is terminated and its task fails with a typed reason — the server
 * itself never grows past the limit or dies with it. Tasks wait in a short
 * line for one of `concurrency` workers; beyond `maxQueue` they are refused.
 *
 * `reuse: true` keeps a worker between tasks (chart rendering keeps its font
 * subsets warm); `reuse: false` gives every task a fresh one (a parse never
 * sees what the last file left behind).
 */
import { Worker, parentPort, workerData, type Transferable } from 'node:worker_threads';
import { AppError } from './errors.js';

export type TaskFailure = 'out_of_memory' | 'timeout' | 'busy' | 'crashed';

/** A task that did not come back: the worker died, ran out of time, or the line was full. */
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
  transfer: Transferable[];
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

interface Slot {
  worker: Worker;
  job: Job | null;
  timer: NodeJS.Timeout | undefined;
}

type Reply = { ok: true; result: unknown } | { ok: false; error: SerializedError };
interface SerializedError {
  app?: { statusCode: number; code: string; message: string; messageZh: string; details?: Record<string, unknown> };
  message: string;
}

const BOOT = new URL('./worker-boot.mjs', import.meta.url);

export class TaskWorker<I, O> {
  private readonly idle: Slot[] = [];
  private readonly busy = new Set<Slot>();
  private readonly queue: Job[] = [];
  private closed = false;

  constructor(private readonly opts: TaskWorkerOptions) {}

  /** Tasks running now plus those waiting. */
  get load(): number {
    return this.busy.size + this.queue.length;
  }

  run(input: I, transfer: Transferable[] = []): Promise<O> {
    if (this.closed) return Promise.reject(new TaskWorkerError('crashed', 'worker pool is closed'));
    if (this.busy.size >= this.opts.concurrency && this.queue.length >= this.opts.maxQueue) {
      return Promise.reject(new TaskWorkerError('busy', `${this.queue.length} tasks already waiting`));
    }
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ input, transfer, resolve: resolve as (v: unknown) => void, reject });
      this.pump();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new TaskWorkerError('crashed', 'worker pool closed'));
    const all = [...this.idle.splice(0), ...this.busy];
    this.busy.clear();
    await Promise.all(all.map((s) => this.kill(s, new TaskWorkerError('crashed', 'worker pool closed'))));
  }

  private pump(): void {
    while (this.queue.length > 0 && this.busy.size < this.opts.concurrency) {
      const job = this.queue.shift()!;
      const slot = this.idle.pop() ?? this.spawn();
      this.busy.add(slot);
      slot.job = job;
      slot.timer = setTimeout(() => void this.kill(slot, new TaskWorkerError('timeout', `task ran longer than ${this.opts.timeoutMs} ms`)), this.opts.timeoutMs);
      slot.worker.postMessage(job.input, job.transfer);
    }
  }

  private spawn(): Slot {
    const worker = new Worker(BOOT, {
      workerData: { entry: this.opts.entry.href },
      resourceLimits: { maxOldGenerationSizeMb: this.opts.maxOldGenerationSizeMb },
      stdout: false,
      stderr: false,
    });
    worker.unref();
    const slot: Slot = { worker, job: null, timer: undefined };
    worker.on('message', (reply: Reply) => this.settle(slot, reply));
    worker.on('error', (err: Error & { code?: string }) => {
      const oom = err.code === 'ERR_WORKER_OUT_OF_MEMORY';
      void this.kill(slot, new TaskWorkerError(oom ? 'out_of_memory' : 'crashed', err.message));
    });
    worker.on('exit', (code) => void this.kill(slot, new TaskWorkerError('crashed', `worker exited with code ${code}`)));
    return slot;
  }

  private settle(slot: Slot, reply: Reply): void {
    const job = slot.job;
    if (!job) return;
    clearTimeout(slot.timer);
    slot.job = null;
    this.busy.delete(slot);
    if (this.opts.reuse && !this.closed) this.idle.push(slot);
    else void slot.worker.terminate();
    if (reply.ok) job.resolve(reply.result);
    else job.reject(deserialize(reply.error));
    this.pump();
  }

  /** Ends a worker; its task (if any) fails with `why`. Safe to call twice. */
  private async kill(slot: Slot, why: TaskWorkerError): Promise<void> {
    clearTimeout(slot.timer);
    const job = slot.job;
    slot.job = null;
    this.busy.delete(slot);
    const i = this.idle.indexOf(slot);
    if (i >= 0) this.idle.splice(i, 1);
    job?.reject(why);
    if (!this.closed) this.pump();
    await slot.worker.terminate();
  }
}

function deserialize(e: SerializedError): Error {
  if (e.app) return new AppError(e.app.statusCode, e.app.code, e.app.message, e.app.messageZh, e.app.details);
  return new Error(e.message);
}

/** Worker side: answers each message with `handler`'s result (AppErrors keep their status, code and both messages). */
export function serveTasks<I, O>(handler: (input: I) => O | Promise<O>, transferOf: (out: O) => Transferable[] = () => []): void {
  if (!parentPort || !workerData) throw new Error('serveTasks runs in a worker thread');
  const port = parentPort;
  port.on('message', async (input: I) => {
    try {
      const result = await handler(input);
      port.postMessage({ ok: true, result } satisfies Reply, transferOf(result));
    } catch (err) {
      const error: SerializedError =
        err instanceof AppError
          ? { message: err.message, app: { statusCode: err.statusCode, code: err.code, message: err.message, messageZh: err.messageZh, details: err.details } }
          : { message: err instanceof Error ? err.message : String(err) };
      port.postMessage({ ok: false, error } satisfies Reply);
    }
  });
}
