// Counters over time buckets, stored as running totals so the sum over any trailing window is
// one binary search and one subtraction, however long the window. Flows arrive roughly in time
// order (Relay merges node streams with a small delay), so adding is O(1) amortised; a late flow
// costs one update per bucket after its own. Pruning drops old buckets but not the totals, so the
// "all" window stays exact for ever.
//
// Memory: rows live in one flat Float64Array per counter set (no object per bucket), only for
// buckets that saw traffic: 8 bytes × (width + 1) per active bucket, about 150 bytes for an edge.

const INITIAL_ROWS = 4;

/** A fixed number of counters (slots) bucketed by time. */
export class WindowedCounters {
  private readonly width: number;
  readonly bucketMs: number;
  /** Bucket start times; logical row i is physical row head + i. */
  private starts: Float64Array;
  /** Running totals since creation, including each row's bucket; width slots per row. */
  private totals: Float64Array;
  private head = 0;
  private count = 0;
  /** Running totals of everything pruned. */
  private pruned: Float64Array;
  /** Buckets before this were pruned; a flow that late only counts for "all". */
  private prunedBefore = Number.NEGATIVE_INFINITY;

  constructor(width: number, bucketMs: number) {
    this.width = width;
    this.bucketMs = bucketMs;
    this.starts = new Float64Array(INITIAL_ROWS);
    this.totals = new Float64Array(INITIAL_ROWS * width);
    this.pruned = new Float64Array(width);
  }

  /** The start of the bucket holding `timeMs`: windows are counted in whole buckets. */
  bucketStart(timeMs: number): number {
    return timeMs - (((timeMs % this.bucketMs) + this.bucketMs) % this.bucketMs);
  }

  /** Adds `delta` to `slot` at time `timeMs`. */
  add(timeMs: number, slot: number, delta = 1): void {
    const start = this.bucketStart(timeMs);
    const w = this.width;
    const last = this.head + this.count - 1;
    if (this.count > 0 && this.starts[last] === start) {
      this.totals[last * w + slot]! += delta;
      return;
    }
    if (this.count === 0 || this.starts[last]! < start) {
      this.insertRow(this.count, start);
      this.totals[(this.head + this.count - 1) * w + slot]! += delta;
      return;
    }
    // A late flow: find or insert its bucket, then raise every running total from there on.
    let index = this.firstAtOrAfter(start);
    if (index === 0 && start < this.prunedBefore) {
      this.pruned[slot]! += delta; // older than anything retained: it still counts for "all"
    } else if (this.starts[this.head + index] !== start) {
      this.insertRow(index, start);
    }
    for (; index < this.count; index++) this.totals[(this.head + index) * w + slot]! += delta;
  }

  /** Inserts a row at logical `index` holding the running totals of the row before it. */
  private insertRow(index: number, start: number): void {
    const w = this.width;
    if (this.head + this.count === this.starts.length) this.makeRoom();
    const at = this.head + index;
    if (index < this.count) {
      this.starts.copyWithin(at + 1, at, this.head + this.count);
      this.totals.copyWithin((at + 1) * w, at * w, (this.head + this.count) * w);
    }
    this.starts[at] = start;
    if (index === 0) this.totals.set(this.pruned, at * w);
    else this.totals.copyWithin(at * w, (at - 1) * w, at * w);
    this.count++;
  }

  /** Moves live rows to the front, growing the arrays when they are more than half full. */
  private makeRoom(): void {
    const w = this.width;
    const rows = this.count * 2 > this.starts.length ? this.starts.length * 2 : this.starts.length;
    const starts = new Float64Array(rows);
    const totals = new Float64Array(rows * w);
    starts.set(this.starts.subarray(this.head, this.head + this.count));
    totals.set(this.totals.subarray(this.head * w, (this.head + this.count) * w));
    this.starts = starts;
    this.totals = totals;
    this.head = 0;
  }

  private firstAtOrAfter(start: number): number {
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.starts[this.head + mid]! < start) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /**
   * Sums of every slot over the buckets that overlap [sinceMs, ∞) into `out`; `sinceMs` of
   * -Infinity gives the totals since creation.
   */
  sumSince(sinceMs: number, out: Float64Array | number[]): void {
    const w = this.width;
    const latest = this.count === 0 ? -1 : (this.head + this.count - 1) * w;
    const index = sinceMs === Number.NEGATIVE_INFINITY ? 0 : this.firstAtOrAfter(this.bucketStart(sinceMs));
    const before = sinceMs === Number.NEGATIVE_INFINITY ? -2 : index === 0 ? -1 : (this.head + index - 1) * w;
    for (let i = 0; i < w; i++) {
      const total = latest < 0 ? this.pruned[i]! : this.totals[latest + i]!;
      const base = before === -2 ? 0 : before === -1 ? this.pruned[i]! : this.totals[before + i]!;
      out[i] = total - base;
    }
  }

  /** Forgets buckets that start before `beforeMs`; their counts stay in the "all" totals. */
  prune(beforeMs: number): void {
    const bucket = this.bucketStart(beforeMs);
    if (bucket > this.prunedBefore) this.prunedBefore = bucket;
    const index = this.firstAtOrAfter(bucket);
    if (index === 0) return;
    const w = this.width;
    this.pruned = this.totals.slice((this.head + index - 1) * w, (this.head + index) * w);
    this.head += index;
    this.count -= index;
    if (this.count === 0) this.head = 0;
  }

  /** Number of retained buckets (for tests and memory checks). */
  get bucketCount(): number {
    return this.count;
  }
}
