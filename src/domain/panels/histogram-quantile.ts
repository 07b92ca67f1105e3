// PromQL's histogram_quantile over classic buckets, for the HTTP latency panels. httpV2 sets no
// buckets on hubble_http_request_duration_seconds, so client_golang's defaults apply (facts §2.7);
// the engine counts observations in those buckets and this turns a window's counts into the value
// Prometheus would compute: linear interpolation inside the bucket holding the rank, 0 as the lower
// bound of the first bucket, and the highest finite bound when the rank falls into +Inf.

/** client_golang's (and prom-client's) default histogram buckets, in seconds; +Inf is implied. */
export const DEFAULT_DURATION_BUCKETS: readonly number[] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** Slots per histogram series: one per finite bucket plus +Inf. */
export const DURATION_SLOTS = DEFAULT_DURATION_BUCKETS.length + 1;

/**
 * The slot an observation lands in: the first bucket whose upper bound is ≥ the value (bounds are
 * inclusive, `le`), or the +Inf slot. NaN goes to +Inf, as client_golang's search puts it there.
 */
export function durationSlot(seconds: number): number {
  for (let i = 0; i < DEFAULT_DURATION_BUCKETS.length; i++) {
    if (seconds <= DEFAULT_DURATION_BUCKETS[i]!) return i;
  }
  return DEFAULT_DURATION_BUCKETS.length;
}

/**
 * Prometheus's `bucketQuantile` for the default buckets. `counts` holds the (non-cumulative)
 * observations per slot over the window — rates would give the same result, as it is a ratio.
 * Returns null where Prometheus returns NaN (no observations, NaN q), ±Infinity for q out of [0, 1].
 */
export function histogramQuantile(q: number, counts: ArrayLike<number>, offset = 0): number | null {
  if (Number.isNaN(q)) return null;
  if (q < 0) return Number.NEGATIVE_INFINITY;
  if (q > 1) return Number.POSITIVE_INFINITY;
  const bounds = DEFAULT_DURATION_BUCKETS;
  let observations = 0;
  for (let i = 0; i < DURATION_SLOTS; i++) observations += counts[offset + i]!;
  if (!(observations > 0)) return null;
  const rank = q * observations;
  // b: the first finite bucket whose cumulative count reaches the rank (Go's sort.Search over len−1).
  let cumulative = 0;
  let below = 0;
  let b = 0;
  for (; b < bounds.length; b++) {
    below = cumulative;
    cumulative += counts[offset + b]!;
    if (cumulative >= rank) break;
  }
  if (b === bounds.length) return bounds[bounds.length - 1]!;
  // The default buckets are all > 0, so the lowest bucket interpolates from 0.
  const start = b === 0 ? 0 : bounds[b - 1]!;
  const end = bounds[b]!;
  const value = start + (end - start) * ((rank - below) / (cumulative - below));
  return Number.isNaN(value) ? null : value; // q = 0 over an empty first bucket: 0/0, as in Prometheus
}
