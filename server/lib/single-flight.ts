/**
 * Concurrent callers asking for the same key share one computation: under
 * load, 128 clients missing the cache for the same figure start one DuckDB
 * statement, not 128. A failure is shared by the callers that waited for it
 * and not remembered (the next caller tries again).
 */
export class SingleFlight<V> {
  private readonly running = new Map<string, Promise<V>>();

  /** How many computations are under way (tests). */
  get size(): number {
    return this.running.size;
  }

  run(key: string, compute: () => Promise<V>): Promise<V> {
    const current = this.running.get(key);
    if (current) return current;
    const started = compute().finally(() => this.running.delete(key));
    this.running.set(key, started);
    return started;
  }
}
