// The panels' one source of numbers: Hubble metric increments (../hubble-metrics, the same code as
// the server's /metrics) counted per (metric, label set, node, cluster) in flow-time buckets, then
// evaluated as each panel's PromQL would be (facts grafana-panels §3).
//
// Flows are never kept: memory follows distinct series × active buckets, and retention (flow time,
// default 30 min behind the newest flow) bounds the buckets. The page's filters are honoured by
// building the engine over the ring's flows with the page predicate. A rebuild over 250,000 flows
// took ~2 s on a busy 2-core box, about half of it in hubbleMetricIncrements itself
// (panels.bench.ts) — call add() in slices, or off the main thread, for large rebuilds.
//
// Traded away: windows are counted in whole buckets, so a step that does not fall on a bucket
// boundary is evaluated at the boundary just before it (steps on whole seconds are exact with the
// default 1 s bucket). Retention is measured from the newest flow time seen, so one flow stamped
// far in the future would push everything older out.
import type { Flow } from "../../gen/flow/flow_pb.ts";
import { hubbleMetricIncrements } from "../hubble-metrics/metric-increments.ts";
import { DURATION_SLOTS, durationSlot } from "./histogram-quantile.ts";
import type { EvaluationRange, NodeGrouping, PanelDefinition, PanelSeries } from "./panel-definition.ts";
import { evaluatePanelQuery } from "./query-eval.ts";
import type { StepPlan } from "./rate-eval.ts";
import { SeriesIndex } from "./series-index.ts";
import { NODE_LABEL, clusterOf, compareSeries, renderLegend } from "./series-labels.ts";

/** Prometheus refuses range queries with more points per series than this; so do we. */
export const MAX_STEPS = 11_000;

export interface PanelEngineOptions {
  /** Bucket width in ms; must divide 60,000 so 1 m and 5 m windows are whole buckets. Default 1,000. */
  readonly bucketMs?: number;
  /** Flow time kept behind the newest flow, in ms. Default 30 minutes. */
  readonly retentionMs?: number;
  /** Only flows it accepts are counted: the page's filters and namespaces. */
  readonly predicate?: (flow: Flow) => boolean;
  /**
   * Keep Hubble's bug of labelling ICMPv6 `family="IPv4"` (facts §2.6). Default false: the panels
   * show the corrected view the facts recommend (ICMPv6 in ICMPv6, not in ICMPv4); pass true to
   * compare with a real Prometheus fed by the stock handler.
   */
  readonly icmpv6AsIPv4?: boolean;
}

/** What the engine holds, for status lines and memory checks. */
export interface PanelEngineStats {
  /** Flows counted since the last clear(). */
  readonly flows: number;
  /** Flows passed to add() but not counted: rejected by the predicate, without time, or older than retention. */
  readonly skipped: number;
  readonly series: number;
  readonly buckets: number;
}

/** Flow-time counters of every Hubble metric, evaluated into panel series. */
export class PanelEngine {
  readonly bucketMs: number;
  private readonly retentionBuckets: number;
  private readonly pruneEvery: number;
  private readonly predicate: ((flow: Flow) => boolean) | undefined;
  private readonly icmpv6AsIPv4: boolean;
  private index = new SeriesIndex();
  private latestBucket = Number.NEGATIVE_INFINITY;
  private earliestBucket = Number.POSITIVE_INFINITY;
  private horizonBucket = Number.NEGATIVE_INFINITY;
  private lastPruneBucket = Number.NEGATIVE_INFINITY;
  private counted = 0;
  private skipped = 0;

  /** @throws RangeError on a bucket width that does not divide a minute, or a non-positive retention. */
  constructor(options: PanelEngineOptions = {}) {
    const bucketMs = options.bucketMs ?? 1000;
    const retentionMs = options.retentionMs ?? 30 * 60_000;
    if (!Number.isInteger(bucketMs) || bucketMs < 1 || 60_000 % bucketMs !== 0) {
      throw new RangeError(`bucketMs must be a whole number of ms dividing 60,000, got ${bucketMs}`);
    }
    if (!(retentionMs > 0)) throw new RangeError(`retentionMs must be positive, got ${retentionMs}`);
    this.bucketMs = bucketMs;
    this.retentionBuckets = Math.ceil(retentionMs / bucketMs);
    // Pruning walks every series, so do it about a hundred times per retention, not per batch.
    this.pruneEvery = Math.max(1, Math.floor(this.retentionBuckets / 100));
    this.predicate = options.predicate;
    this.icmpv6AsIPv4 = options.icmpv6AsIPv4 ?? false;
  }

  /** Counts the increments of every flow the predicate accepts (any order; late flows are fine). */
  add(flows: readonly Flow[]): void {
    const options = { icmpv6AsIPv4: this.icmpv6AsIPv4 };
    const bucketMs = this.bucketMs;
    for (const flow of flows) {
      const time = flow.time;
      if (time === undefined || (this.predicate !== undefined && !this.predicate(flow))) {
        this.skipped++;
        continue;
      }
      // Whole ms rounded up, then buckets rounded up: bucket b holds times in ((b−1)·size, b·size].
      const ms = Number(time.seconds) * 1000 + Math.ceil(time.nanos / 1e6);
      const bucket = Math.ceil(ms / bucketMs);
      if (bucket <= this.horizonBucket) {
        this.skipped++;
        continue;
      }
      this.counted++;
      if (bucket > this.latestBucket) this.latestBucket = bucket;
      if (bucket < this.earliestBucket) this.earliestBucket = bucket;
      const node = flow.nodeName;
      const cluster = clusterOf(flow);
      for (const increment of hubbleMetricIncrements(flow, options)) {
        const observed = increment.observe !== undefined;
        const series = this.index.get(increment.metric, increment.labels, node, cluster, observed ? DURATION_SLOTS : 1);
        series.buckets.add(bucket, observed ? durationSlot(increment.observe!) : 0);
      }
    }
    if (this.latestBucket - this.lastPruneBucket >= this.pruneEvery) this.prune();
  }

  /** Forgets everything (a new predicate means a rebuild from the ring). */
  clear(): void {
    this.index = new SeriesIndex();
    this.latestBucket = Number.NEGATIVE_INFINITY;
    this.earliestBucket = Number.POSITIVE_INFINITY;
    this.horizonBucket = Number.NEGATIVE_INFINITY;
    this.lastPruneBucket = Number.NEGATIVE_INFINITY;
    this.counted = 0;
    this.skipped = 0;
  }

  /**
   * The flow-time span the engine holds: from the start of its oldest retained bucket to the end of
   * its newest (ms since the epoch), or undefined before any flow was counted.
   */
  get span(): { readonly startMs: number; readonly endMs: number } | undefined {
    if (this.latestBucket === Number.NEGATIVE_INFINITY) return undefined;
    const first = Math.max(this.earliestBucket, this.horizonBucket + 1);
    return { startMs: (first - 1) * this.bucketMs, endMs: this.latestBucket * this.bucketMs };
  }

  /** Counts of what is held. */
  get stats(): PanelEngineStats {
    let series = 0;
    let buckets = 0;
    for (const s of this.index.all()) {
      series++;
      buckets += s.buckets.bucketCount;
    }
    return { flows: this.counted, skipped: this.skipped, series, buckets };
  }

  /**
   * The panel's series at t = startMs, startMs + stepMs, … ≤ endMs (flow time), summed across nodes
   * by default or split per node / per cluster. Legends follow the panel's template; series come
   * sorted by legend, then labels. Series with no value in the range are left out.
   * @throws RangeError on an empty or too fine range (more than MAX_STEPS steps).
   */
  evaluate(panel: PanelDefinition, range: EvaluationRange, grouping: NodeGrouping = "sum"): PanelSeries[] {
    const plan = this.stepPlan(range);
    const groups = evaluatePanelQuery((metric) => this.index.of(metric), panel.query, plan, grouping);
    // Per-node Flows processed shows the per-node sums; the node is the only thing telling them apart.
    const template = panel.query.kind === "rate" && panel.query.query.acrossNodes !== undefined && grouping === "node" ? `{{${NODE_LABEL}}}` : panel.legend;
    return groups
      .map((g) => ({ legend: renderLegend(template, g.labels), key: g.key, labels: g.labels, values: g.values }))
      .toSorted(compareSeries)
      .map(({ legend, labels, values }) => ({ legend, labels, values }));
  }

  private stepPlan(range: EvaluationRange): StepPlan {
    const { startMs, endMs, stepMs } = range;
    if (!(stepMs > 0) || !(endMs >= startMs)) throw new RangeError(`bad evaluation range ${startMs}…${endMs} step ${stepMs}`);
    const count = Math.floor((endMs - startMs) / stepMs) + 1;
    if (count > MAX_STEPS) throw new RangeError(`${count} steps exceed ${MAX_STEPS}; use a larger step`);
    const stepBuckets = new Float64Array(count);
    for (let i = 0; i < count; i++) stepBuckets[i] = Math.floor((startMs + i * stepMs) / this.bucketMs);
    return { stepBuckets, bucketMs: this.bucketMs, horizonBucket: this.horizonBucket };
  }

  /** Drops buckets older than retention behind the newest flow, and series left without any. */
  private prune(): void {
    this.lastPruneBucket = this.latestBucket;
    const horizon = this.latestBucket - this.retentionBuckets;
    if (horizon <= this.horizonBucket) return;
    this.horizonBucket = horizon;
    if (this.earliestBucket > horizon) return;
    for (const s of this.index.all()) s.buckets.prune(horizon);
    this.index.retain((s) => s.buckets.bucketCount > 0);
  }
}

/**
 * A range of `durationMs` ending at the last multiple of `stepMs` at or before `latestMs`, as
 * Grafana aligns its steps; e.g. the last 15 minutes of an engine's span at 5 s steps.
 */
export function alignedRange(latestMs: number, durationMs: number, stepMs: number): EvaluationRange {
  const endMs = Math.floor(latestMs / stepMs) * stepMs;
  return { startMs: endMs - Math.floor(durationMs / stepMs) * stepMs, endMs, stepMs };
}
