// Cell texts per row key, so a re-render (new flows, scrolling back over rows)
// formats each visible flow once, not once per render. Two generations stand
// in for an LRU: when the current map is full it becomes the previous one and
// entries read from there are promoted, so memory stays at most 2 × limit
// entries and what is on screen survives. A new cache is made whenever what
// the texts depend on (columns, compact options) changes.

export class RowTextCache<T> {
  private current = new Map<number, T>();
  private previous = new Map<number, T>();
  private readonly limit: number;

  /** @param limit entries per generation; a few screens of rows is plenty. */
  constructor(limit = 2000) {
    this.limit = Math.max(1, limit);
  }

  /** The cached value for `key`, computed with `compute` on a miss. */
  get(key: number, compute: () => T): T {
    const hit = this.current.get(key);
    if (hit !== undefined) return hit;
    const old = this.previous.get(key);
    const value = old !== undefined ? old : compute();
    if (this.current.size >= this.limit) {
      this.previous = this.current;
      this.current = new Map();
    }
    this.current.set(key, value);
    return value;
  }

  /** Entries held (both generations). */
  get size(): number {
    return this.current.size + this.previous.size;
  }
}
