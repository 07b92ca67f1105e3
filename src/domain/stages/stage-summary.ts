// One stage's summary card: how many flow events, their verdict mix, the top drops by edge and
// reason, and which policies allowed and denied traffic (the policy-attribution table of the
// same range, reported rows before inferred ones).
import type { VerdictCounts } from "../aggregation/service-map/graph-model.ts";
import type { AttributionRow, TimeRange } from "../policy-attribution/attribution-rows.ts";
import type { PolicyAttributionAggregator } from "../policy-attribution/policy-attribution-aggregator.ts";
import type { DropCount, StageCounters } from "./stage-counters.ts";

export interface StageSummary {
  readonly fromMs: number;
  readonly toMs: number;
  /** Every flow event in the stage, as Hubble's flows_processed counts them. */
  readonly flows: number;
  /** The same events by verdict; OTHER holds TRACED, TRANSLATED and unknown verdicts. */
  readonly verdicts: VerdictCounts;
  /** Drops by edge and reason, counted the map's way (a denied packet once), most first. */
  readonly topDrops: readonly DropCount[];
  /** Attribution rows with allowed, redirected or audited counts; reported rows first. */
  readonly allowedBy: readonly AttributionRow[];
  /** Attribution rows with denied counts; reported rows first. */
  readonly deniedBy: readonly AttributionRow[];
}

/** The summary of `range` from the stage counters and the policy attribution fed the same flows. */
export function summarizeStage(counters: StageCounters, attribution: PolicyAttributionAggregator, range: TimeRange, topDrops = 5): StageSummary {
  const verdicts = counters.verdictMix(range);
  const flows = verdicts.FORWARDED + verdicts.DROPPED + verdicts.REDIRECTED + verdicts.AUDIT + verdicts.ERROR + verdicts.OTHER;
  const table = attribution.table(range);
  const rows = [...table.reported, ...table.inferred];
  return {
    fromMs: range.fromMs,
    toMs: range.toMs,
    flows,
    verdicts,
    topDrops: counters.topDrops(range, topDrops),
    allowedBy: rows.filter((r) => r.allowed + r.redirected + r.audited > 0),
    deniedBy: rows.filter((r) => r.denied > 0),
  };
}
