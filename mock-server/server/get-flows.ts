// GetFlows as Hubble Relay answers it (facts C.3): the request goes to every
// node's ring (so `number` is per node), each node selects its backlog, the
// results are merged by time, then `follow` streams new events. Filters decide
// which flows count; lost-event notices bypass filters and never count.
import type { Flow } from "../../src/gen/flow/flow_pb.ts";
import type { GetFlowsRequest, GetFlowsResponse } from "../../src/gen/observer/observer_pb.ts";
import { timestampMs } from "./timestamps.ts";
import type { NodeRing } from "./flow-store.ts";

export interface FlowSelection {
  /** Flow filter (whitelist and not blacklist). */
  keep: (flow: Flow) => boolean;
  sinceMs?: number;
  untilMs?: number;
}

/** Milliseconds of an event's time (0 when absent, i.e. oldest). */
export function eventMs(event: GetFlowsResponse): number {
  return event.time ? timestampMs(event.time) : 0;
}

function counts(event: GetFlowsResponse, selection: FlowSelection): "flow" | "notice" | "skip" {
  switch (event.responseTypes.case) {
    case "flow":
      return selection.keep(event.responseTypes.value) ? "flow" : "skip";
    case "lostEvents":
      return "notice";
    default:
      return "skip";
  }
}

/**
 * One node's backlog for a request, oldest first: last N matching flows,
 * first N, everything from `since`, or (follow with number 0) nothing.
 */
export function selectNodeBacklog(
  ring: NodeRing,
  request: GetFlowsRequest,
  selection: FlowSelection,
): GetFlowsResponse[] {
  const out: GetFlowsResponse[] = [];
  const limit = request.number > 0n ? request.number : undefined;
  let taken = 0n;
  if (selection.sinceMs !== undefined) {
    for (let i = 0; i < ring.size; i++) {
      const event = ring.at(i);
      if (eventMs(event) < selection.sinceMs) continue;
      const kind = counts(event, selection);
      if (kind === "skip") continue;
      out.push(event);
      if (kind === "flow" && ++taken === limit && !request.follow) break;
    }
    return out;
  }
  if (limit === undefined) {
    if (request.follow) return out;
    for (let i = 0; i < ring.size; i++) {
      const event = ring.at(i);
      if (counts(event, selection) !== "skip") out.push(event);
    }
    return out;
  }
  if (request.first) {
    for (let i = 0; i < ring.size && taken < limit; i++) {
      const event = ring.at(i);
      const kind = counts(event, selection);
      if (kind === "skip") continue;
      out.push(event);
      if (kind === "flow") taken++;
    }
    return out;
  }
  for (let i = ring.size - 1; i >= 0 && taken < limit; i--) {
    const event = ring.at(i);
    const kind = counts(event, selection);
    if (kind === "skip") continue;
    out.push(event);
    if (kind === "flow") taken++;
  }
  return out.toReversed();
}

/** Merges per-node lists (each oldest first) into one list ordered by time; stable for ties. */
export function mergeByTime(lists: GetFlowsResponse[][]): GetFlowsResponse[] {
  const heads = lists.map(() => 0);
  const total = lists.reduce((sum, list) => sum + list.length, 0);
  const out: GetFlowsResponse[] = [];
  for (let n = 0; n < total; n++) {
    let best = -1;
    let bestMs = Infinity;
    for (let i = 0; i < lists.length; i++) {
      const event = lists[i]?.[heads[i] ?? 0];
      if (!event) continue;
      const ms = eventMs(event);
      if (ms < bestMs) {
        best = i;
        bestMs = ms;
      }
    }
    const list = lists[best];
    if (!list) break;
    out.push(list[heads[best] ?? 0] as GetFlowsResponse);
    heads[best] = (heads[best] ?? 0) + 1;
  }
  return out;
}

/** The merged backlog over all node rings, cut at `until`. */
export function selectBacklog(
  rings: NodeRing[],
  request: GetFlowsRequest,
  selection: FlowSelection,
): GetFlowsResponse[] {
  const merged = mergeByTime(rings.map((ring) => selectNodeBacklog(ring, request, selection)));
  if (selection.untilMs === undefined) return merged;
  const until = selection.untilMs;
  const end = merged.findIndex((event) => eventMs(event) > until);
  return end === -1 ? merged : merged.slice(0, end);
}
