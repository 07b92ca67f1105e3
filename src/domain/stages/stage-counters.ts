// What a stage summary and a stage diff need, counted incrementally by flow time and never
// keeping a flow: the verdict mix of every flow event, and per service-map edge its verdicts
// (counted the map's way) and its drops by reason. Any range can be asked for, so a stage added
// or moved later is summarised from the same counters (bucket-exact, see range-counters.ts).
//
// Two counting rules, on purpose:
//   - the verdict mix counts every event, as Hubble's flows_processed metric and Grafana's
//     "Forwarded vs Dropped" do (a denied SYN is a policy verdict *and* a drop: 2 DROPPED);
//   - edges and top drops count the way the service map does (one report per packet), so a diff
//     agrees with the map drawn for the same stage.
import { DropReasonSchema, type Flow } from "../../gen/flow/flow_pb.ts";
import { Group } from "../aggregation/service-map/aggregator-state.ts";
import type { EndpointNode } from "../aggregation/service-map/endpoint-node.ts";
import { Count, verdictKey } from "../aggregation/service-map/flow-orientation.ts";
import { VERDICT_KEYS, type VerdictCounts, type VerdictKey, zeroVerdicts } from "../aggregation/service-map/graph-model.ts";
import { enumName } from "../flow/enum-name.ts";
import type { TimeRange } from "../policy-attribution/attribution-rows.ts";
import { BucketPlan, type BucketOptions } from "../policy-attribution/bucket-plan.ts";
import { RangeCounters } from "../policy-attribution/range-counters.ts";
import { flowEdge } from "./flow-edge.ts";

export interface StageCountersOptions extends BucketOptions {
  /** Edges beyond this are not tracked (their events counted in stats.untracked). Default 5,000. */
  readonly maxEdges?: number;
  /** (edge, drop reason) pairs beyond this are not tracked. Default 20,000. */
  readonly maxDropKeys?: number;
  /** One world node per IP address, as the map's option of the same name. Default false. */
  readonly worldByAddress?: boolean;
}

/** An edge's counts over one range, the map's way. */
export interface EdgeRangeCounts {
  readonly id: string;
  readonly source: EndpointNode;
  readonly target: EndpointNode;
  readonly portLabel: string;
  /** Counted flows (one report per packet, as the map's edge label). */
  readonly flows: number;
  readonly verdicts: VerdictCounts;
  /** REDIRECTED reports of any kind, policy verdicts included (the map's "redirected"). */
  readonly redirected: number;
}

/** Drops of one edge for one reason over a range. */
export interface DropCount {
  readonly edgeId: string;
  readonly source: EndpointNode;
  readonly target: EndpointNode;
  readonly portLabel: string;
  /** DropReason enum name: POLICY_DENIED, DROP_REASON_UNKNOWN (L7 denies), … */
  readonly reason: string;
  /** True for L7 proxy denies (http-request DROPPED), whose reason Hubble leaves unknown. */
  readonly l7: boolean;
  readonly count: number;
}

const V = VERDICT_KEYS.length;
const VERDICT_INDEX = new Map(VERDICT_KEYS.map((k, i) => [k, i]));
/** Edge slots: the map's three groups of verdicts, then "the server's node reported". */
const RECEIVER = Group.annotation + V;
const EDGE_WIDTH = RECEIVER + 1;
const REDIRECTED = VERDICT_INDEX.get("REDIRECTED")!;

interface EdgeState {
  readonly id: string;
  readonly source: EndpointNode;
  readonly target: EndpointNode;
  readonly portLabel: string;
  readonly counters: RangeCounters;
}

interface DropState {
  readonly edge: EdgeState;
  readonly reason: string;
  readonly l7: boolean;
  /** Slot 0: counted drops (drop events, L7 denies); slot 1: denied policy verdicts. */
  readonly counters: RangeCounters;
}

/** Verdict mix, per-edge verdicts and drops by reason over flow time, for any range (see above). */
export class StageCounters {
  private readonly plan: BucketPlan;
  private readonly maxEdges: number;
  private readonly maxDropKeys: number;
  private readonly worldByAddress: boolean;
  private verdicts = new RangeCounters(V);
  private readonly edges = new Map<string, EdgeState>();
  private readonly drops = new Map<string, DropState>();
  private untracked = 0;

  constructor(options: StageCountersOptions = {}) {
    this.plan = new BucketPlan({ bucketMs: 10_000, ...options });
    this.maxEdges = options.maxEdges ?? 5000;
    this.maxDropKeys = options.maxDropKeys ?? 20_000;
    this.worldByAddress = options.worldByAddress ?? false;
  }

  /** Adds a batch of flows; flows without a time count at the newest time seen. */
  add(flows: readonly Flow[]): void {
    for (const flow of flows) this.addOne(flow);
    this.plan.maintain(() => this.allCounters());
  }

  /** Forgets every count. */
  clear(): void {
    this.verdicts = new RangeCounters(V);
    this.edges.clear();
    this.drops.clear();
    this.plan.reset();
    this.untracked = 0;
  }

  /** Every flow event of the range by verdict (OTHER: TRACED, TRANSLATED, unknown). */
  verdictMix(range: TimeRange): VerdictCounts {
    const sums = new Float64Array(V);
    this.verdicts.sum(range.fromMs, range.toMs, sums);
    return countsOf(sums, 0);
  }

  /** Counts of every edge with flows in the range, by edge id. */
  edgeCounts(range: TimeRange): Map<string, EdgeRangeCounts> {
    const out = new Map<string, EdgeRangeCounts>();
    const sums = new Float64Array(EDGE_WIDTH);
    for (const edge of this.edges.values()) {
      edge.counters.sum(range.fromMs, range.toMs, sums);
      // The map's rule (build-model.ts): client-side traces count only when the server's node
      // reported nothing; an edge with only duplicate reports counts those.
      let verdicts = countsOf(sums, Group.counted, sums[RECEIVER]! > 0 ? undefined : Group.sender);
      if (total(verdicts) === 0) verdicts = countsOf(sums, Group.counted, Group.sender, Group.annotation);
      const flows = total(verdicts);
      if (flows === 0) continue;
      const redirected = sums[Group.counted + REDIRECTED]! + sums[Group.sender + REDIRECTED]! + sums[Group.annotation + REDIRECTED]!;
      out.set(edge.id, { id: edge.id, source: edge.source, target: edge.target, portLabel: edge.portLabel, flows, verdicts, redirected });
    }
    return out;
  }

  /** Drops by edge and reason in the range, most first, at most `limit`. */
  topDrops(range: TimeRange, limit = 10): DropCount[] {
    const out: DropCount[] = [];
    const sums = [0, 0];
    for (const drop of this.drops.values()) {
      drop.counters.sum(range.fromMs, range.toMs, sums);
      // A denied packet is a drop event and a policy verdict: count the verdicts only without drops
      // (L7 responses, also annotations, are never DROPPED in practice).
      const count = sums[0]! > 0 ? sums[0]! : sums[1]!;
      if (count === 0) continue;
      const { edge } = drop;
      out.push({ edgeId: edge.id, source: edge.source, target: edge.target, portLabel: edge.portLabel, reason: drop.reason, l7: drop.l7, count });
    }
    const key = (d: DropCount) => `${d.edgeId}\t${d.reason}\t${d.l7 ? 1 : 0}`;
    return out.toSorted((a, b) => b.count - a.count || (key(a) < key(b) ? -1 : 1)).slice(0, limit);
  }

  /** Sizes and what was left out. */
  get stats(): { readonly edges: number; readonly dropKeys: number; readonly untracked: number } {
    return { edges: this.edges.size, dropKeys: this.drops.size, untracked: this.untracked };
  }

  private addOne(flow: Flow): void {
    const time = this.plan.timeOf(flow);
    const start = this.plan.start(time);
    const verdict = VERDICT_INDEX.get(verdictKey(flow.verdict))!;
    this.verdicts.add(start, time, verdict);
    const placed = flowEdge(flow, this.worldByAddress);
    if (placed === undefined) return;
    let edge = this.edges.get(placed.id);
    if (edge === undefined) {
      if (this.edges.size >= this.maxEdges) {
        this.untracked++;
        return;
      }
      edge = { id: placed.id, source: placed.source, target: placed.target, portLabel: placed.portLabel, counters: new RangeCounters(EDGE_WIDTH) };
      this.edges.set(placed.id, edge);
    }
    const group = placed.count === Count.senderTrace ? Group.sender : placed.count === Count.annotation ? Group.annotation : Group.counted;
    edge.counters.add(start, time, group + verdict);
    if (placed.byServer) edge.counters.add(start, time, RECEIVER);
    if (verdictKey(flow.verdict) === "DROPPED") this.addDrop(flow, edge, start, time, group);
  }

  private addDrop(flow: Flow, edge: EdgeState, start: number, time: number, group: number): void {
    const l7 = flow.l7 !== undefined;
    const reason = enumName(DropReasonSchema, flow.dropReasonDesc);
    const id = `${edge.id}\t${reason}\t${l7 ? 1 : 0}`;
    let drop = this.drops.get(id);
    if (drop === undefined) {
      if (this.drops.size >= this.maxDropKeys) return;
      drop = { edge, reason, l7, counters: new RangeCounters(2) };
      this.drops.set(id, drop);
    }
    drop.counters.add(start, time, group === Group.annotation ? 1 : 0);
  }

  private *allCounters(): Iterable<RangeCounters> {
    yield this.verdicts;
    for (const edge of this.edges.values()) yield edge.counters;
    for (const drop of this.drops.values()) yield drop.counters;
  }
}

function countsOf(sums: ArrayLike<number>, ...groups: (number | undefined)[]): Record<VerdictKey, number> {
  const out = zeroVerdicts();
  for (const group of groups) {
    if (group === undefined) continue;
    for (let i = 0; i < V; i++) out[VERDICT_KEYS[i]!] += sums[group + i]!;
  }
  return out;
}

function total(counts: VerdictCounts): number {
  let n = 0;
  for (const key of VERDICT_KEYS) n += counts[key];
  return n;
}
