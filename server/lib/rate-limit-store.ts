/**
 * A fixed-window counter store for @fastify/rate-limit (its `store` option).
 * The plugin's own LocalStore hands every caller the same mutable counter
 * object and the plugin reads it after an await, so in a burst of parallel
 * requests each one sees the final count: 40 sign-ins sent at once with a
 * limit of 30 were all refused, the first 30 included. This store answers
 * each increment with a snapshot of the count at that moment.
 */
interface Window {
  count: number;
  start: number;
}

type Callback = (err: Error | null, res: { current: number; ttl: number }) => void;

const MAX_KEYS = 10_000;

export class SnapshotStore {
  private readonly windows = new Map<string, Window>();

  incr(key: string, cb: Callback, timeWindow: number): void {
    const now = Date.now();
    let w = this.windows.get(key);
    if (!w || w.start + timeWindow <= now) {
      if (!w && this.windows.size >= MAX_KEYS) this.sweep(now, timeWindow);
      w = { count: 0, start: now };
      this.windows.set(key, w);
    }
    w.count++;
    cb(null, { current: w.count, ttl: w.start + timeWindow - now });
  }

  read(key: string, cb: Callback, timeWindow: number): void {
    const now = Date.now();
    const w = this.windows.get(key);
    if (!w || w.start + timeWindow <= now) cb(null, { current: 0, ttl: timeWindow });
    else cb(null, { current: w.count, ttl: w.start + timeWindow - now });
  }

  /** Each route with its own limit gets its own counters. */
  child(): SnapshotStore {
    return new SnapshotStore();
  }

  private sweep(now: number, timeWindow: number): void {
    for (const [k, w] of this.windows) if (w.start + timeWindow <= now) this.windows.delete(k);
    if (this.windows.size >= MAX_KEYS) this.windows.clear();
  }
}
