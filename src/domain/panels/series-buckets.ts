// The counts of one metric series over flow time, in fixed buckets: what the panel engine keeps
// instead of flows. Bucket b holds the increments whose flow time lies in ((b − 1) × size, b × size]
// (end-inclusive, like PromQL's window (t − w, t]), so a window ending on a bucket boundary is an
// exact sum of whole buckets.
//
// Sparse: only buckets that saw an increment have a row (ids and counts in flat Float64Arrays, no
// object per bucket), so memory follows series × active buckets, never the number of flows. Rows
// stay sorted by bucket id: flows arrive roughly in time order, so appending is O(1) amortised and a
// late flow costs one binary search and a copyWithin. Counts are plain (not running totals), so
// pruning is just moving the head, and evaluation touches only the buckets inside the range.

const INITIAL_ROWS = 4;

/** A half-open range of step indices [from, to). */
export interface StepSpan {
  from: number;
  to: number;
}

/** `width` counters (slots) per bucket: 1 for a counter, one per `le` bucket for the histogram. */
export class SeriesBuckets {
  readonly width: number;
  /** The earliest bucket that ever held an increment: before it the series did not exist. */
  firstBucket = Number.POSITIVE_INFINITY;
  private ids: Float64Array;
  private counts: Float64Array;
  private head = 0;
  private size = 0;

  constructor(width = 1) {
    this.width = width;
    this.ids = new Float64Array(INITIAL_ROWS);
    this.counts = new Float64Array(INITIAL_ROWS * width);
  }

  /** Number of buckets held (for memory checks and tests). */
  get bucketCount(): number {
    return this.size;
  }

  /** Adds `delta` to `slot` of bucket `bucket`. */
  add(bucket: number, slot = 0, delta = 1): void {
    if (bucket < this.firstBucket) this.firstBucket = bucket;
    const last = this.head + this.size - 1;
    if (this.size > 0 && this.ids[last] === bucket) {
      this.counts[last * this.width + slot]! += delta;
      return;
    }
    let index = this.size;
    if (this.size > 0 && this.ids[last]! > bucket) {
      index = this.firstAtOrAfter(bucket);
      if (this.ids[this.head + index] === bucket) {
        this.counts[(this.head + index) * this.width + slot]! += delta;
        return;
      }
    }
    this.insertRow(index, bucket);
    this.counts[(this.head + index) * this.width + slot]! += delta;
  }

  /** Drops every bucket ≤ `lastDropped`. */
  prune(lastDropped: number): void {
    const index = this.firstAtOrAfter(lastDropped + 1);
    this.head += index;
    this.size -= index;
    if (this.size === 0) this.head = 0;
  }

  /** The latest bucket held (−Infinity when empty). */
  get lastBucket(): number {
    return this.size === 0 ? Number.NEGATIVE_INFINITY : this.ids[this.head + this.size - 1]!;
  }

  /**
   * Adds this series' counts to the window sums of the steps, as a difference array: a bucket b
   * belongs to the windows (last − windowBuckets, last] of the steps whose last bucket lies in
   * [b, b + windowBuckets), so its counts are added at the first such step and taken off at the first
   * step after them. A prefix sum over `diff` (rows of `width`, steps + 1 rows) then gives every
   * step's window sum. Cost: two binary searches per bucket in range, whatever the step count —
   * sparse series, the many-label ones, cost next to nothing. `stepBuckets` must be non-decreasing.
   * `touched` is widened to the steps [from, to) whose sums this series changed.
   */
  addWindowDiff(stepBuckets: Float64Array, windowBuckets: number, diff: Float64Array, touched?: StepSpan): void {
    const steps = stepBuckets.length;
    if (this.size === 0 || steps === 0) return;
    const w = this.width;
    const end = this.head + this.size;
    const lastStep = stepBuckets[steps - 1]!;
    for (let row = this.head + this.firstAtOrAfter(stepBuckets[0]! - windowBuckets + 1); row < end; row++) {
      const bucket = this.ids[row]!;
      if (bucket > lastStep) break;
      const from = searchSteps(stepBuckets, bucket);
      const to = searchSteps(stepBuckets, bucket + windowBuckets);
      if (from === to) continue; // the bucket falls between two windows (step longer than the window)
      if (touched !== undefined) {
        if (from < touched.from) touched.from = from;
        if (to > touched.to) touched.to = to;
      }
      for (let s = 0; s < w; s++) {
        const count = this.counts[row * w + s]!;
        diff[from * w + s]! += count;
        diff[to * w + s]! -= count;
      }
    }
  }

  /** Logical index of the first row with id ≥ `bucket` (size when none). */
  private firstAtOrAfter(bucket: number): number {
    let lo = 0;
    let hi = this.size;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.ids[this.head + mid]! < bucket) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private insertRow(index: number, bucket: number): void {
    const w = this.width;
    if (this.head + this.size === this.ids.length) this.makeRoom();
    const at = this.head + index;
    const end = this.head + this.size;
    if (index < this.size) {
      this.ids.copyWithin(at + 1, at, end);
      this.counts.copyWithin((at + 1) * w, at * w, end * w);
    }
    this.ids[at] = bucket;
    this.counts.fill(0, at * w, (at + 1) * w);
    this.size++;
  }

  /** Moves live rows to the front, doubling the arrays when they are more than half full. */
  private makeRoom(): void {
    const w = this.width;
    const rows = this.size * 2 > this.ids.length ? this.ids.length * 2 : this.ids.length;
    const ids = new Float64Array(rows);
    const counts = new Float64Array(rows * w);
    ids.set(this.ids.subarray(this.head, this.head + this.size));
    counts.set(this.counts.subarray(this.head * w, (this.head + this.size) * w));
    this.ids = ids;
    this.counts = counts;
    this.head = 0;
  }
}

/** Index of the first step whose last bucket is ≥ `bucket` (steps.length when none). */
export function searchSteps(stepBuckets: Float64Array, bucket: number): number {
  let lo = 0;
  let hi = stepBuckets.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (stepBuckets[mid]! < bucket) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
