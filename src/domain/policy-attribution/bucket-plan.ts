// How an aggregator buckets flow time (see range-counters.ts): bucket width, when old buckets
// are merged into coarse ones and when they are forgotten, and the stage cuts. Shared by the
// policy-attribution aggregator and the stage counters so both split time the same way.
import type { Flow } from "../../gen/flow/flow_pb.ts";
import { type RangeCounters, TimeCuts, bucketStart } from "./range-counters.ts";

export interface BucketOptions {
  /** Bucket width of recent flow time; ranges and chart steps are counted in whole buckets. Default 5 s. */
  readonly bucketMs?: number;
  /** Buckets older than this (from the newest flow) are merged into coarse ones. Default 15 min. */
  readonly fineRetentionMs?: number;
  /** Width of the merged buckets. Default 1 min. */
  readonly coarseBucketMs?: number;
  /** Buckets older than this are forgotten; "since clear" totals stay exact. Default 24 h. */
  readonly retentionMs?: number;
  /** Stage-marker times to cut buckets at; pass one shared instance to every aggregator of a page. */
  readonly cuts?: TimeCuts;
}

/** Milliseconds of a flow's timestamp (floored, as the server does), or undefined without one. */
export function flowTimeMs(flow: Flow): number | undefined {
  const time = flow.time;
  return time === undefined ? undefined : Number(time.seconds) * 1000 + Math.floor(time.nanos / 1e6);
}

/** Resolved bucket settings plus the newest flow time and the maintenance schedule. */
export class BucketPlan {
  readonly bucketMs: number;
  readonly fineRetentionMs: number;
  readonly coarseBucketMs: number;
  readonly retentionMs: number;
  readonly cuts: TimeCuts;
  private latest = Number.NEGATIVE_INFINITY;
  private nextMaintenanceMs = Number.NEGATIVE_INFINITY;

  constructor(options: BucketOptions = {}) {
    this.bucketMs = positive(options.bucketMs, 5000);
    this.fineRetentionMs = positive(options.fineRetentionMs, 15 * 60_000);
    this.coarseBucketMs = Math.max(this.bucketMs, positive(options.coarseBucketMs, 60_000));
    this.retentionMs = Math.max(this.fineRetentionMs, positive(options.retentionMs, 24 * 3_600_000));
    this.cuts = options.cuts ?? new TimeCuts();
  }

  /** The flow's time, or the newest time seen for a flow without one; advances the newest time. */
  timeOf(flow: Flow): number {
    const time = flowTimeMs(flow) ?? (this.latest === Number.NEGATIVE_INFINITY ? 0 : this.latest);
    if (time > this.latest) this.latest = time;
    return time;
  }

  /** Start of the (fine) bucket holding `timeMs`. */
  start(timeMs: number): number {
    return bucketStart(timeMs, this.bucketMs, this.cuts);
  }

  /** Start of the coarse bucket holding `timeMs` (also cut at stage markers). */
  readonly coarseStart = (timeMs: number): number => bucketStart(timeMs, this.coarseBucketMs, this.cuts);

  /** Time of the newest flow, or undefined before any. */
  get latestMs(): number | undefined {
    return this.latest === Number.NEGATIVE_INFINITY ? undefined : this.latest;
  }

  /** Merges and forgets old buckets of `counters`, at most once per coarse bucket of flow time. */
  maintain(counters: () => Iterable<RangeCounters>): void {
    if (this.latest < this.nextMaintenanceMs) return;
    const compactBefore = this.coarseStart(this.latest - this.fineRetentionMs);
    const pruneBefore = this.latest - this.retentionMs;
    for (const counter of counters()) {
      counter.compact(compactBefore, this.coarseStart);
      counter.prune(pruneBefore);
    }
    this.nextMaintenanceMs = this.latest + this.coarseBucketMs;
  }

  /** Forgets the newest time and the schedule (the cuts stay: they belong to the timeline). */
  reset(): void {
    this.latest = Number.NEGATIVE_INFINITY;
    this.nextMaintenanceMs = Number.NEGATIVE_INFINITY;
  }
}

function positive(value: number | undefined, fallback: number): number {
  return value !== undefined && Number.isFinite(value) && value > 0 ? value : fallback;
}
