// The stage timeline with everything counted for it, as one flow consumer for the page's store:
// fed every flow batch, told the markers (from the simulator's stage service or the user), and
// asked for a stage's summary or the diff between two stages. The markers also cut the
// aggregators' time buckets, so a marker known before its stage's flows arrive splits counts to
// the millisecond (see range-counters.ts).
import type { Flow } from "../../gen/flow/flow_pb.ts";
import type { TimeRange } from "../policy-attribution/attribution-rows.ts";
import type { BucketOptions } from "../policy-attribution/bucket-plan.ts";
import { PolicyAttributionAggregator } from "../policy-attribution/policy-attribution-aggregator.ts";
import { TimeCuts } from "../policy-attribution/range-counters.ts";
import { StageCounters } from "./stage-counters.ts";
import { type StageDiff, diffStages } from "./stage-diff.ts";
import { type StageSummary, summarizeStage } from "./stage-summary.ts";
import { type StageInterval, type StageMarker, stageIntervals } from "./stage-timeline.ts";

export interface StageBookOptions {
  /** Buckets of the policy-attribution counters (charts over time). Default 5 s. */
  readonly attribution?: Omit<BucketOptions, "cuts">;
  /** Buckets of the stage counters (summaries, diffs). Default 10 s. */
  readonly counters?: Omit<BucketOptions, "cuts">;
  /** One world node per IP address, as the service map's option. */
  readonly worldByAddress?: boolean;
}

/** Stage markers plus the policy attribution and stage counters they cut; a FlowConsumer. */
export class StageBook {
  readonly attribution: PolicyAttributionAggregator;
  readonly counters: StageCounters;
  private readonly cuts = new TimeCuts();
  private markerList: readonly StageMarker[] = [];
  private intervalList: readonly StageInterval[] = [];

  constructor(options: StageBookOptions = {}) {
    this.attribution = new PolicyAttributionAggregator({ ...options.attribution, cuts: this.cuts });
    this.counters = new StageCounters({ ...options.counters, cuts: this.cuts, worldByAddress: options.worldByAddress ?? false });
  }

  /** Adds a flow batch to every aggregator. */
  add(flows: readonly Flow[]): void {
    this.attribution.add(flows);
    this.counters.add(flows);
  }

  /** Forgets every count; the markers stay (they describe the lab, not the buffer). */
  clear(): void {
    this.attribution.clear();
    this.counters.clear();
  }

  /** Replaces the markers (sorted, as addMarker keeps them). */
  setMarkers(markers: readonly StageMarker[]): void {
    if (markers === this.markerList) return;
    this.markerList = markers;
    this.intervalList = stageIntervals(markers);
    this.cuts.set(markers.map((m) => m.timeMs));
  }

  get markers(): readonly StageMarker[] {
    return this.markerList;
  }

  get intervals(): readonly StageInterval[] {
    return this.intervalList;
  }

  /** Summary of stage `index`, or undefined when there is no such stage. */
  summary(index: number, topDrops = 5): StageSummary | undefined {
    const stage = this.intervalList[index];
    return stage === undefined ? undefined : summarizeStage(this.counters, this.attribution, stage, topDrops);
  }

  /** Summary of any range (e.g. before the first marker). */
  summaryOf(range: TimeRange, topDrops = 5): StageSummary {
    return summarizeStage(this.counters, this.attribution, range, topDrops);
  }

  /** What changed on the map's edges from stage `before` to stage `after`, or undefined for a missing stage. */
  diff(before: number, after: number): StageDiff | undefined {
    const a = this.intervalList[before];
    const b = this.intervalList[after];
    if (a === undefined || b === undefined) return undefined;
    return diffStages(this.counters.edgeCounts(a), this.counters.edgeCounts(b));
  }
}
