// What changed on the service map's edges between two stages (any two, in either order): the
// answer to "what did this policy do?". An edge is compared by the map's id, so the diff can be
// drawn on the map itself. Categories, with "blocked" = DROPPED or ERROR and "passed" =
// FORWARDED, REDIRECTED or AUDIT (the map's edge verdict words):
//   - newly dropped:    blocked in the later stage, never blocked in the earlier (new edges too);
//   - newly allowed:    blocked in the earlier stage, passing and never blocked in the later;
//   - newly redirected: sent to the L7 proxy in the later stage (any REDIRECTED report, policy
//                       verdicts included), never in the earlier;
//   - gone:             flows in the earlier stage, none in the later;
//   - appeared:         no flows in the earlier stage, flows in the later.
// One edge can be in several lists (an edge that appears dropped is "appeared" and "newly dropped").
import type { EndpointNode } from "../aggregation/service-map/endpoint-node.ts";
import { type VerdictCounts, zeroVerdicts } from "../aggregation/service-map/graph-model.ts";
import type { EdgeRangeCounts } from "./stage-counters.ts";

export type EdgeChange = "newly-dropped" | "newly-allowed" | "newly-redirected" | "gone" | "appeared";

/** One edge's counts in one stage (zeros when it had no flows there). */
export interface EdgeStageCounts {
  readonly flows: number;
  readonly verdicts: VerdictCounts;
  readonly redirected: number;
}

export interface EdgeDiff {
  readonly id: string;
  readonly source: EndpointNode;
  readonly target: EndpointNode;
  readonly portLabel: string;
  readonly before: EdgeStageCounts;
  readonly after: EdgeStageCounts;
  readonly changes: readonly EdgeChange[];
}

/** Changed edges by category, busiest (in the stage that shows the change) first. */
export interface StageDiff {
  readonly newlyDropped: readonly EdgeDiff[];
  readonly newlyAllowed: readonly EdgeDiff[];
  readonly newlyRedirected: readonly EdgeDiff[];
  readonly gone: readonly EdgeDiff[];
  readonly appeared: readonly EdgeDiff[];
}

const NONE: EdgeStageCounts = { flows: 0, verdicts: zeroVerdicts(), redirected: 0 };

const blocked = (c: EdgeStageCounts) => c.verdicts.DROPPED + c.verdicts.ERROR;
const passed = (c: EdgeStageCounts) => c.verdicts.FORWARDED + c.verdicts.REDIRECTED + c.verdicts.AUDIT;

/** The changes of one edge from `before` to `after`. */
export function edgeChanges(before: EdgeStageCounts, after: EdgeStageCounts): EdgeChange[] {
  const changes: EdgeChange[] = [];
  if (blocked(after) > 0 && blocked(before) === 0) changes.push("newly-dropped");
  if (blocked(before) > 0 && blocked(after) === 0 && passed(after) > 0) changes.push("newly-allowed");
  if (after.redirected > 0 && before.redirected === 0) changes.push("newly-redirected");
  if (before.flows > 0 && after.flows === 0) changes.push("gone");
  if (before.flows === 0 && after.flows > 0) changes.push("appeared");
  return changes;
}

const countsOf = (edge: EdgeRangeCounts | undefined): EdgeStageCounts => (edge === undefined ? NONE : { flows: edge.flows, verdicts: edge.verdicts, redirected: edge.redirected });

/**
 * The diff from the `before` stage's edges to the `after` stage's (both from
 * StageCounters.edgeCounts). Edges with no change are left out.
 */
export function diffStages(before: ReadonlyMap<string, EdgeRangeCounts>, after: ReadonlyMap<string, EdgeRangeCounts>): StageDiff {
  const lists: Record<EdgeChange, EdgeDiff[]> = { "newly-dropped": [], "newly-allowed": [], "newly-redirected": [], gone: [], appeared: [] };
  const ids = new Set([...before.keys(), ...after.keys()]);
  for (const id of ids) {
    const a = before.get(id);
    const b = after.get(id);
    const edge = (b ?? a)!;
    const diff: EdgeDiff = { id, source: edge.source, target: edge.target, portLabel: edge.portLabel, before: countsOf(a), after: countsOf(b), changes: [] };
    const changes = edgeChanges(diff.before, diff.after);
    if (changes.length === 0) continue;
    const withChanges = { ...diff, changes };
    for (const change of changes) lists[change].push(withChanges);
  }
  const busiest = (stage: "before" | "after") => (x: EdgeDiff, y: EdgeDiff) => y[stage].flows - x[stage].flows || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0);
  return {
    newlyDropped: lists["newly-dropped"].toSorted(busiest("after")),
    newlyAllowed: lists["newly-allowed"].toSorted(busiest("after")),
    newlyRedirected: lists["newly-redirected"].toSorted(busiest("after")),
    gone: lists.gone.toSorted(busiest("before")),
    appeared: lists.appeared.toSorted(busiest("after")),
  };
}
