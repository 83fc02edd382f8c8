/**
 * The scoped SQL-console snapshots (issue 10, lib/sql-scoped.ts): one worker
 * per scopeKey, its snapshot holding only that scope's rows.
 *
 * Off the request path where it can be: when the full snapshot is refreshed
 * (an import committed or undone), every open scoped snapshot is rebuilt in
 * the background (`rebuildAll`), so the next statement usually finds it
 * current. A scope's first statement has to wait for its build; like the
 * full snapshot's first build it waits at most `waitMs` and is then answered
 * 503 sql_preparing with Retry-After, while the build goes on.
 *
 * Builds run one at a time (they use the main instance, and the machine's
 * cores are shared with statements); statements on scoped snapshots share the
 * per-user running limit and the export queue with everybody else (the
 * sandbox plugin applies those before it asks for a worker here).
 */
import { statSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ChildProcess } from 'node:child_process';
import { scopeKey, type Principal } from '../lib/principal.js';
import { evictions, type ScopedLimits } from '../lib/sql-scoped.js';
import { sqlErrors, type SqlLimits } from '../lib/sql-guard.js';
import { AppError } from '../lib/errors.js';
import { WorkerClient, type Snapshot } from './client.js';

type Log = { warn: (o: object, m: string) => void; error: (o: object, m: string) => void; info: (o: object, m: string) => void };

interface Entry {
  key: string;
  principal: Principal;
  worker: WorkerClient;
  /** Its snapshot directories, in creation order. */
  dirs: Set<string>;
  lastUsed: number;
  bytes: number;
  /** Statements running (or still sending) on it: it is never evicted under them. */
  running: number;
  /** The build in progress, if any. */
  building?: Promise<void>;
}

export interface ScopedPoolDeps {
  limits: SqlLimits;
  scoped: ScopedLimits;
  log: Log;
  /** The data version now. */
  dataVersion: () => Promise<string>;
  /** Writes a snapshot of the principal's rows into a new directory (not the full snapshot's set: its cleanup would delete it). */
  write: (principal: Principal) => Promise<Snapshot>;
  /** Deletes a snapshot directory (and forgets it). */
  removeDir: (dir: string) => void;
  onWorkerSpawn?: (child: ChildProcess) => void;
}

export class ScopedPool {
  private readonly entries = new Map<string, Entry>();
  /** Builds, one after another. */
  private chain: Promise<unknown> = Promise.resolve();
  private closing = false;

  constructor(private readonly deps: ScopedPoolDeps) {}

  /** A directory was deleted (removeDir): no entry holds it any more. */
  forget(dir: string): void {
    for (const e of this.entries.values()) e.dirs.delete(dir);
  }

  list(): { key: string; version: string | undefined; bytes: number }[] {
    return [...this.entries.values()].map((e) => ({ key: e.key, version: e.worker.snapshot?.version, bytes: e.bytes }));
  }

  private entry(principal: Principal): Entry {
    const key = scopeKey(principal);
    let e = this.entries.get(key);
    if (!e) {
      const dirs = new Set<string>();
      const worker: WorkerClient = new WorkerClient(this.deps.limits, this.deps.log, this.deps.removeDir, () => {
        // Like the full snapshot's worker: directories older than the open one were only open in an ended worker.
        const current = worker.snapshot?.dir;
        if (!current || !dirs.has(current)) return;
        for (const dir of [...dirs]) {
          if (dir === current) break;
          this.deps.removeDir(dir);
        }
      }, this.deps.onWorkerSpawn);
      e = { key, principal, worker, dirs, lastUsed: 0, bytes: 0, running: 0 };
      this.entries.set(key, e);
    }
    return e;
  }

  /** Brings an entry's snapshot to the current data version (one build at a time, deduplicated per entry). */
  private build(e: Entry): Promise<void> {
    if (e.building) return e.building;
    const run = this.chain.catch(() => undefined).then(async () => {
      if (this.closing || this.entries.get(e.key) !== e) return;
      const version = await this.deps.dataVersion();
      if (e.worker.snapshot?.version === version) return;
      const snapshot = await this.deps.write(e.principal);
      e.dirs.add(snapshot.dir);
      try {
        await e.worker.open(snapshot);
      } catch (err) {
        this.deps.removeDir(snapshot.dir);
        throw err;
      }
      e.bytes = statSync(snapshot.file).size;
    });
    this.chain = run;
    e.building = run.finally(() => {
      e.building = undefined;
    });
    return e.building;
  }

  /**
   * The worker this principal's statement runs on, its snapshot current.
   * The caller holds `release` until the answer has been sent.
   */
  async acquire(principal: Principal, waitMs: number): Promise<{ worker: WorkerClient; release: () => void }> {
    const e = this.entry(principal);
    e.lastUsed = Date.now();
    e.running++;
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      e.running--;
    };
    try {
      // A build that fails with a known error (a worker that could not start: 503 sql_worker_starting_failed)
      // answers with it; any other failure is tried once more, then the statement gets a clear 503
      // sql_snapshot_failed rather than an internal error. The next statement tries again.
      let failures = 0;
      for (;;) {
        const version = await this.deps.dataVersion();
        if (e.worker.snapshot?.version === version) break;
        const build = this.build(e);
        const outcome = await Promise.race([
          build.then(() => 'built' as const, (err: unknown) => {
            if (err instanceof AppError) throw err;
            this.deps.log.warn({ scope: e.key, err: err instanceof Error ? err.message : String(err) }, 'SQL sandbox: scoped snapshot build failed');
            return 'failed' as const;
          }),
          sleep(waitMs, 'waiting' as const, { ref: false }),
        ]);
        if (outcome === 'waiting') throw sqlErrors.preparing();
        if (outcome === 'failed' && ++failures >= 2) throw sqlErrors.snapshotFailed();
        // Built (or failed once): check the version again (an import may have landed meanwhile).
      }
      this.evict(e.key);
      return { worker: e.worker, release };
    } catch (err) {
      release();
      throw err;
    }
  }

  /** After the data changed: rebuild every open scoped snapshot in the background. */
  rebuildAll(): void {
    for (const e of this.entries.values()) {
      this.build(e).catch((err: unknown) => this.deps.log.warn({ scope: e.key, err: err instanceof Error ? err.message : String(err) }, 'SQL sandbox: scoped snapshot rebuild failed; its next statement tries again'));
    }
  }

  private evict(keep: string): void {
    for (const k of evictions([...this.entries.values()], this.deps.scoped, keep)) {
      const old = this.entries.get(k)!;
      if (old.building) continue;
      this.entries.delete(k);
      this.deps.log.info({ scope: k }, 'SQL sandbox: scoped snapshot evicted');
      void old.worker.stop().then(() => {
        for (const dir of [...old.dirs]) this.deps.removeDir(dir);
      });
    }
  }

  async stop(): Promise<void> {
    this.closing = true;
    await this.chain.catch(() => undefined);
    const all = [...this.entries.values()];
    this.entries.clear();
    await Promise.all(all.map(async (e) => {
      await e.worker.stop();
      for (const dir of [...e.dirs]) this.deps.removeDir(dir);
    }));
  }
}
