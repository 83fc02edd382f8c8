/**
 * Named-query results cached by data version: a page's figures are computed
 * once per data version and filter combination, and every import, undo or
 * dataset reload (a new version) makes all earlier entries unreachable.
 */
export class ResultCache<V> {
  private version = '';
  private readonly entries = new Map<string, V>();

  constructor(private readonly capacity = 500) {}

  get(version: string, key: string): V | undefined {
    if (version !== this.version) return undefined;
    const hit = this.entries.get(key);
    if (hit !== undefined) {
      // Re-insert so the Map's order is least-recently-used first.
      this.entries.delete(key);
      this.entries.set(key, hit);
    }
    return hit;
  }

  set(version: string, key: string, value: V): void {
    if (version !== this.version) {
      this.entries.clear();
      this.version = version;
    }
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }
}
