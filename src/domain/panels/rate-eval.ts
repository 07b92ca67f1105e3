// `sum(rate(metric{matchers}[w])) by (groupBy)` (× scale, topk, histogram_quantile) evaluated at
// every step over the bucketed counts, with the rate taken on flow time exactly as facts §3 asks:
// (increments with flow time in (t − w, t]) / w — no Prometheus extrapolation, no scrape lag.
//
// When a value is null (PromQL: no sample in the instant vector at that step):
// - before the series' first increment (a Prometheus counter does not exist before it is first
//   incremented; afterwards it stays, so quiet windows read 0, not null);
// - when the window reaches into buckets the engine has pruned (retention): those counts are gone;
// - for histogram_quantile, when the window holds no observation (Prometheus: NaN);
// - for topk, at steps where the series is outside the k largest.
import type { HubbleMetricName, MetricLabels } from "../hubble-metrics/metric-increments.ts";
import { DURATION_SLOTS, histogramQuantile } from "./histogram-quantile.ts";
import type { RateQuery } from "./panel-definition.ts";
import { type SeriesBuckets, type StepSpan, searchSteps } from "./series-buckets.ts";
import { CLUSTER_LABEL, NODE_LABEL, compileMatchers, labelKey } from "./series-labels.ts";

/** One stored series: a metric's label set as seen on one node (and cluster). */
export interface StoredSeries {
  readonly metric: HubbleMetricName;
  readonly labels: MetricLabels;
  readonly node: string;
  readonly cluster: string;
  readonly buckets: SeriesBuckets;
}

/** The evaluation steps in bucket terms. */
export interface StepPlan {
  /** The last bucket included at each step: floor(t / bucketMs). */
  readonly stepBuckets: Float64Array;
  readonly bucketMs: number;
  /** Buckets up to and including this one were pruned (−Infinity when none were). */
  readonly horizonBucket: number;
}

/** One output series before legends: its labels, a key unique within the query, values per step. */
export interface GroupSeries {
  readonly key: string;
  readonly labels: Record<string, string>;
  readonly values: (number | null)[];
}

/** The labels a query groups by, plus the node or cluster label when the grouping asks for it. */
export type ExtraLabel = typeof NODE_LABEL | typeof CLUSTER_LABEL;

interface Group {
  readonly key: string;
  readonly labels: Record<string, string>;
  readonly members: StoredSeries[];
}

/**
 * Evaluates one rate query into its groups (all-null groups dropped). `extra` adds node_name and/or
 * cluster to the `by` labels (per-node and per-cluster views; Grafana's queries all carry `pod`).
 */
export function evaluateRate(
  series: Iterable<StoredSeries>,
  query: RateQuery,
  plan: StepPlan,
  extra: readonly ExtraLabel[],
): GroupSeries[] {
  const steps = plan.stepBuckets.length;
  const windowBuckets = windowInBuckets(query.windowSeconds, plan.bucketMs);
  const width = query.quantile === undefined ? 1 : DURATION_SLOTS;
  const matches = compileMatchers(query.matchers);
  const names = [...query.groupBy, ...extra];
  const lastStep = steps === 0 ? Number.NEGATIVE_INFINITY : plan.stepBuckets[steps - 1]!;
  // First pass: group membership only, so one scratch buffer serves every group in turn.
  const groups = new Map<string, Group>();
  for (const s of series) {
    if (s.metric !== query.metric || s.buckets.width !== width || s.buckets.firstBucket > lastStep || !matches(s.labels)) continue;
    const labels = outputLabels(s, names);
    const key = labelKey(names, labels);
    const group = groups.get(key);
    if (group === undefined) groups.set(key, { key, labels, members: [s] });
    else group.members.push(s);
  }
  const scale = query.scale ?? 1;
  const isPruned = (i: number) => plan.stepBuckets[i]! - windowBuckets < plan.horizonBucket;
  const diff = new Float64Array((steps + 1) * width);
  const sums = new Float64Array(width);
  const touched: StepSpan = { from: steps, to: 0 };
  const out: GroupSeries[] = [];
  for (const group of groups.values()) {
    let firstStep = steps;
    touched.from = steps;
    touched.to = 0;
    for (const s of group.members) {
      s.buckets.addWindowDiff(plan.stepBuckets, windowBuckets, diff, touched);
      firstStep = Math.min(firstStep, searchSteps(plan.stepBuckets, s.buckets.firstBucket));
    }
    // Outside the touched steps every window is empty: a rate of 0 once the series exists, and
    // no quantile (NaN) — so most steps of a sparse group cost nothing.
    const quiet = query.quantile === undefined ? 0 : null;
    const values: (number | null)[] = [];
    for (let i = 0; i < steps; i++) values.push(i < firstStep || isPruned(i) ? null : quiet);
    sums.fill(0);
    let observations = 0; // all slots of the window: integer counts, so an empty window is exactly 0
    for (let i = touched.from; i < touched.to; i++) {
      for (let k = 0; k < width; k++) {
        const delta = diff[i * width + k]!;
        sums[k]! += delta;
        observations += delta;
      }
      if (i < firstStep || isPruned(i)) continue;
      if (query.quantile === undefined) values[i] = (sums[0]! * scale) / query.windowSeconds;
      else if (observations > 0) values[i] = histogramQuantile(query.quantile, sums);
    }
    if (touched.from < touched.to) diff.fill(0, touched.from * width, (touched.to + 1) * width);
    out.push({ key: group.key, labels: group.labels, values });
  }
  if (query.topk !== undefined) keepTopK(out, query.topk, steps);
  return out.filter((g) => g.values.some((v) => v !== null));
}

/** The window in whole buckets. @throws RangeError when the window is not a multiple of the bucket. */
export function windowInBuckets(windowSeconds: number, bucketMs: number): number {
  const buckets = (windowSeconds * 1000) / bucketMs;
  if (!Number.isInteger(buckets) || buckets < 1) {
    throw new RangeError(`a ${windowSeconds} s window is not a whole number of ${bucketMs} ms buckets`);
  }
  return buckets;
}

function outputLabels(s: StoredSeries, names: readonly string[]): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const name of names) {
    labels[name] = name === NODE_LABEL ? s.node : name === CLUSTER_LABEL ? s.cluster : (s.labels[name] ?? "");
  }
  return labels;
}

/**
 * PromQL `topk(k, …)` in a range query: evaluated independently at every step, so the set of series
 * can change over time; a series outside the top k at a step has no value there. Ties go to the
 * lower key (Prometheus leaves tie order unspecified; this keeps output deterministic).
 */
function keepTopK(groups: GroupSeries[], k: number, steps: number): void {
  const byKey = groups.toSorted((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  for (let i = 0; i < steps; i++) {
    const present = byKey.filter((g) => g.values[i] !== null);
    if (present.length <= k) continue;
    // Stable sort: equal values keep key order.
    present.sort((a, b) => b.values[i]! - a.values[i]!);
    for (const g of present.slice(k)) g.values[i] = null;
  }
}
