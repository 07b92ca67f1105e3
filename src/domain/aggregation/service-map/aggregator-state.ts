// What the aggregator keeps per node and per edge between flow batches. Shared by the adding
// side (service-map-aggregator.ts) and the reading side (build-model.ts).
import type { EndpointNode } from "./endpoint-node.ts";
import type { GraphEdge, GraphNode } from "./graph-model.ts";
import type { KeyedCounters } from "./keyed-counters.ts";
import type { WindowedCounters } from "./windowed-counters.ts";

/** Counter groups of an edge, each VERDICT_KEYS.length wide (see flow-orientation.ts). */
export const Group = {
  /** Counted: drops, L7 requests, audits, receiver-side traces, anything unclassified. */
  counted: 0,
  /** Sender-side traces: counted only when the receiver reported nothing in the window. */
  sender: 6,
  /** Duplicate reports: counted only when nothing else was. */
  annotation: 12,
} as const;
export const EDGE_COUNTER_WIDTH = 18;

export const MAX_ADDRESSES = 8;

export interface NodeState {
  readonly info: EndpointNode;
  lastSeenMs: number;
  /** Most recent first, at most MAX_ADDRESSES. */
  addresses: string[];
  /** Number of edges referring to the node; it is forgotten at zero. */
  edgeCount: number;
  /** The node last put in a model, reused while its fields stay equal (cheap diffs). */
  shown: GraphNode | undefined;
  /** Ids of the node's namespace and cluster compounds, computed once. */
  parentIds: { readonly namespace: string; readonly cluster: string } | undefined;
}

/** What an edge's model object depends on besides its counters. */
export interface EdgeStamp {
  readonly version: number;
  readonly sinceBucket: number;
  readonly nowBucket: number;
  readonly windowMs: number | "all";
  readonly stale: boolean;
}

export interface EdgeState {
  readonly id: string;
  readonly source: NodeState;
  readonly target: NodeState;
  readonly protocol: string;
  readonly port: number;
  readonly portLabel: string;
  readonly counters: WindowedCounters;
  firstSeenMs: number;
  lastSeenMs: number;
  /** Last report from the server's node (see Group.sender). */
  lastReceiverMs: number;
  l7: KeyedCounters | undefined;
  policies: KeyedCounters | undefined;
  /** Bumped on every flow, so a model can reuse the edge object while nothing changed. */
  version: number;
  shown: { readonly stamp: EdgeStamp; readonly edge: GraphEdge } | undefined;
}
