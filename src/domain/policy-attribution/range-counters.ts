// Counters over time buckets that answer "how many in [from, to)" for any range in O(log n): the
// policy-attribution table for a chart window or a stage, and the stage summaries. The service
// map's WindowedCounters only answers trailing windows ("the last 5 minutes"); a stage is a range
// with an end, and its first/last flow times are shown too, so this keeps per bucket the running
// totals (a range is two binary searches and a subtraction) plus the first and last flow time.
//
// Stage boundaries. A bucket is counted in a range when its start lies in the range, so a stage
// boundary in the middle of a bucket would give that bucket's flows to the earlier stage. Buckets
// are therefore also cut at stage-marker times (TimeCuts): a marker known before the flows after
// it arrive (the simulator's stage service, or "mark stage" now) splits counts exactly; a marker
// placed later in the past is only as precise as the bucket it falls in. We never keep flows, so
// that is the price of bounded memory.
//
// Memory. Rows exist only for buckets that saw traffic. Rows older than a "fine" age are merged
// into coarse buckets (still cut at markers), which costs nothing with running totals: merging a
// run of rows keeps its last row's totals. Rows older than the retention are dropped, but their
// totals stay, so a range starting at -Infinity ("since clear") is always exact.

/** Sorted stage-marker times at which buckets are cut; shared by every counter of an aggregator. */
export class TimeCuts {
  private times: number[] = [];

  /** Replaces the cut times (duplicates and non-finite values are ignored). */
  set(times: Iterable<number>): void {
    this.times = [...new Set([...times].filter(Number.isFinite))].toSorted((a, b) => a - b);
  }

  /** The greatest cut at or before `timeMs`, or -Infinity. */
  atOrBefore(timeMs: number): number {
    const times = this.times;
    const n = times.length;
    // Flows mostly arrive after the last marker: one comparison.
    if (n === 0 || times[0]! > timeMs) return Number.NEGATIVE_INFINITY;
    if (times[n - 1]! <= timeMs) return times[n - 1]!;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (times[mid]! <= timeMs) lo = mid;
      else hi = mid - 1;
    }
    return times[lo]!;
  }

  /** The cut times, ascending. */
  get values(): readonly number[] {
    return this.times;
  }
}

/** The start of the bucket holding `timeMs`: the grid line at or before it, or a later cut. */
export function bucketStart(timeMs: number, bucketMs: number, cuts: TimeCuts | undefined): number {
  const grid = timeMs - (((timeMs % bucketMs) + bucketMs) % bucketMs);
  const cut = cuts === undefined ? Number.NEGATIVE_INFINITY : cuts.atOrBefore(timeMs);
  return cut > grid ? cut : grid;
}

/** First and last flow time of a range. */
export interface SeenSpan {
  readonly firstMs: number;
  readonly lastMs: number;
}

const INITIAL_ROWS = 4;

function resize(from: Float64Array, size: number): Float64Array<ArrayBuffer> {
  const to = new Float64Array(size);
  to.set(from);
  return to;
}

/** A fixed number of counters (slots) over time buckets, summed over any [from, to) range. */
export class RangeCounters {
  private readonly width: number;
  private starts = new Float64Array(INITIAL_ROWS);
  /** Running totals since creation up to and including each row; `width` slots per row. */
  private totals: Float64Array;
  private firsts = new Float64Array(INITIAL_ROWS);
  private lasts = new Float64Array(INITIAL_ROWS);
  private count = 0;
  /** Running totals of every pruned row. */
  private pruned: Float64Array;

  constructor(width: number) {
    this.width = width;
    this.totals = new Float64Array(INITIAL_ROWS * width);
    this.pruned = new Float64Array(width);
  }

  /** Adds `delta` to `slot` for a flow at `timeMs` whose bucket starts at `start` (see bucketStart). */
  add(start: number, timeMs: number, slot: number, delta = 1): void {
    const w = this.width;
    let index = this.count - 1;
    if (this.count === 0 || this.starts[index]! < start) {
      index = this.insertRow(this.count, start);
    } else if (this.starts[index] !== start) {
      // A late flow: find or insert its bucket, then raise every running total after it.
      index = this.firstAtOrAfter(start);
      if (this.starts[index] !== start) this.insertRow(index, start);
      for (let row = index + 1; row < this.count; row++) this.totals[row * w + slot]! += delta;
    }
    this.totals[index * w + slot]! += delta;
    if (timeMs < this.firsts[index]!) this.firsts[index] = timeMs;
    if (timeMs > this.lasts[index]!) this.lasts[index] = timeMs;
  }

  /**
   * Sums of every slot over the buckets starting in [fromMs, toMs) into `out`. A range starting
   * at -Infinity includes pruned buckets; one starting later counts retained buckets only.
   */
  sum(fromMs: number, toMs: number, out: Float64Array | number[]): void {
    const w = this.width;
    const end = this.firstAtOrAfter(toMs) - 1;
    const begin = fromMs === Number.NEGATIVE_INFINITY ? -2 : this.firstAtOrAfter(fromMs) - 1;
    for (let i = 0; i < w; i++) {
      const total = end < 0 ? this.pruned[i]! : this.totals[end * w + i]!;
      const base = begin === -2 ? 0 : begin === -1 ? this.pruned[i]! : this.totals[begin * w + i]!;
      out[i] = end < begin ? 0 : total - base;
    }
  }

  /** First and last flow time among the retained buckets starting in [fromMs, toMs). */
  seen(fromMs: number, toMs: number): SeenSpan | undefined {
    const begin = this.firstAtOrAfter(fromMs);
    const end = this.firstAtOrAfter(toMs) - 1;
    if (end < begin) return undefined;
    return { firstMs: this.firsts[begin]!, lastMs: this.lasts[end]! };
  }

  /**
   * Merges the buckets starting before `beforeMs` into coarser ones: rows whose `coarseStart`
   * is equal become one row. Running totals make this a matter of keeping each run's last row.
   */
  compact(beforeMs: number, coarseStart: (startMs: number) => number): void {
    const w = this.width;
    let out = 0;
    let row = 0;
    for (; row < this.count && this.starts[row]! < beforeMs; row++) {
      const start = coarseStart(this.starts[row]!);
      if (out > 0 && this.starts[out - 1] === start) {
        out--;
        this.firsts[out] = Math.min(this.firsts[out]!, this.firsts[row]!);
      } else {
        this.firsts[out] = this.firsts[row]!;
      }
      this.starts[out] = start;
      this.lasts[out] = this.lasts[row]!;
      this.totals.copyWithin(out * w, row * w, (row + 1) * w);
      out++;
    }
    if (out === row) return;
    this.starts.copyWithin(out, row, this.count);
    this.firsts.copyWithin(out, row, this.count);
    this.lasts.copyWithin(out, row, this.count);
    this.totals.copyWithin(out * w, row * w, this.count * w);
    this.count -= row - out;
  }

  /** Forgets buckets starting before `beforeMs`; their counts stay in the "since clear" totals. */
  prune(beforeMs: number): void {
    const drop = this.firstAtOrAfter(beforeMs);
    if (drop === 0) return;
    const w = this.width;
    this.pruned = this.totals.slice((drop - 1) * w, drop * w);
    this.starts.copyWithin(0, drop, this.count);
    this.firsts.copyWithin(0, drop, this.count);
    this.lasts.copyWithin(0, drop, this.count);
    this.totals.copyWithin(0, drop * w, this.count * w);
    this.count -= drop;
  }

  /** Number of retained buckets (for tests and memory checks). */
  get bucketCount(): number {
    return this.count;
  }

  /** Inserts a row at `index` holding the running totals of the row before it; returns `index`. */
  private insertRow(index: number, start: number): number {
    const w = this.width;
    if (this.count === this.starts.length) this.grow();
    if (index < this.count) {
      this.starts.copyWithin(index + 1, index, this.count);
      this.firsts.copyWithin(index + 1, index, this.count);
      this.lasts.copyWithin(index + 1, index, this.count);
      this.totals.copyWithin((index + 1) * w, index * w, this.count * w);
    }
    this.starts[index] = start;
    this.firsts[index] = Number.POSITIVE_INFINITY;
    this.lasts[index] = Number.NEGATIVE_INFINITY;
    if (index === 0) this.totals.set(this.pruned, 0);
    else this.totals.copyWithin(index * w, (index - 1) * w, index * w);
    this.count++;
    return index;
  }

  private grow(): void {
    const rows = this.starts.length * 2;
    this.starts = resize(this.starts, rows);
    this.firsts = resize(this.firsts, rows);
    this.lasts = resize(this.lasts, rows);
    this.totals = resize(this.totals, rows * this.width);
  }

  private firstAtOrAfter(start: number): number {
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.starts[mid]! < start) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
