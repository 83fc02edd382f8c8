/**
 * Named-query results cached by data version: a page's figures are computed
 * once per data version and filter combination, and every import, undo or
 * dataset reload (a new version) makes all earlier entries unreachable.
 *
 * Bounded by entries and by bytes (a national answer's rows and encoded
 * bodies are megabytes): the least recently used go first.
 */
export class ResultCache<V> {
  private version = '';
  private readonly entries = new Map<string, { value: V; bytes: number }>();
  private total = 0;

  constructor(
    private readonly capacity = 500,
    private readonly maxBytes = Infinity,
  ) {}

  /** Bytes accounted to the entries held (tests). */
  get bytes(): number {
    return this.total;
  }

  get size(): number {
    return this.entries.size;
  }

  get(version: string, key: string): V | undefined {
    if (version !== this.version) return undefined;
    const hit = this.entries.get(key);
    if (hit !== undefined) {
      // Re-insert so the Map's order is least-recently-used first.
      this.entries.delete(key);
      this.entries.set(key, hit);
    }
    return hit?.value;
  }

  set(version: string, key: string, value: V, bytes = 0): void {
    if (version !== this.version) {
      this.entries.clear();
      this.total = 0;
      this.version = version;
    }
    this.delete(key);
    this.entries.set(key, { value, bytes });
    this.total += bytes;
    this.evict(key);
  }

  /** Accounts `bytes` more to an entry (its encoded body, made after it was cached). */
  grow(version: string, key: string, bytes: number): void {
    const entry = version === this.version ? this.entries.get(key) : undefined;
    if (!entry) return;
    entry.bytes += bytes;
    this.total += bytes;
    this.evict(key);
  }

  clear(): void {
    this.entries.clear();
    this.total = 0;
  }

  delete(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.total -= entry.bytes;
  }

  // The newest entry stays even when alone over the byte budget: it is being answered now.
  private evict(keep: string): void {
    for (const k of this.entries.keys()) {
      if (this.entries.size <= this.capacity && this.total <= this.maxBytes) break;
      if (k === keep) continue;
      this.delete(k);
    }
  }
}
