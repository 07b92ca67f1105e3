// Edges as lines of text for the cards and the diff. A multi-cluster lab runs the same manifests
// in every cluster, so the map has one "frontend → example.com" edge per cluster; listing each
// would fill a card with repeats. Lines merge the edges that read the same, add their counts and
// name the clusters they come from (the map itself still shows them apart).
import type { EndpointNode } from "../../domain/aggregation/service-map/endpoint-node.ts";
import type { EdgeDiff, EdgeStageCounts } from "../../domain/stages/stage-diff.ts";
import type { DropCount } from "../../domain/stages/stage-counters.ts";
import { nodeLabel } from "../../domain/stages/flow-edge.ts";

interface Edge {
  readonly source: EndpointNode;
  readonly target: EndpointNode;
  readonly portLabel: string;
}

/** `shop/frontend → example.com 443/TCP`. */
export function edgeText(edge: Edge): string {
  return `${nodeLabel(edge.source)} → ${nodeLabel(edge.target)} ${edge.portLabel}`;
}

const clusterOf = (edge: Edge): string => edge.source.cluster || edge.target.cluster;
const addCluster = (clusters: readonly string[], cluster: string): readonly string[] =>
  cluster === "" || clusters.includes(cluster) ? clusters : [...clusters, cluster].toSorted();

export interface DropLine {
  readonly text: string;
  readonly reason: string;
  readonly l7: boolean;
  readonly count: number;
  readonly clusters: readonly string[];
}

/** Drops merged by text and reason, most first, at most `limit`. */
export function dropLines(drops: readonly DropCount[], limit: number): DropLine[] {
  const lines = new Map<string, DropLine>();
  for (const drop of drops) {
    const text = edgeText(drop);
    const key = `${text}\t${drop.reason}\t${drop.l7}`;
    const line = lines.get(key);
    lines.set(key, {
      text,
      reason: drop.reason,
      l7: drop.l7,
      count: (line?.count ?? 0) + drop.count,
      clusters: addCluster(line?.clusters ?? [], clusterOf(drop)),
    });
  }
  return [...lines.values()].toSorted((a, b) => b.count - a.count || (a.text < b.text ? -1 : a.text > b.text ? 1 : 0)).slice(0, limit);
}

export interface LineCounts {
  readonly flows: number;
  /** DROPPED + ERROR: what the diff calls blocked. */
  readonly dropped: number;
}

export interface DiffLine {
  readonly text: string;
  /** `frontend → example.com`: node names only (tests and tooltips). */
  readonly names: string;
  readonly clusters: readonly string[];
  readonly before: LineCounts;
  readonly after: LineCounts;
}

const countsOf = (c: EdgeStageCounts): LineCounts => ({ flows: c.flows, dropped: c.verdicts.DROPPED + c.verdicts.ERROR });
const sum = (a: LineCounts | undefined, b: LineCounts): LineCounts => ({ flows: (a?.flows ?? 0) + b.flows, dropped: (a?.dropped ?? 0) + b.dropped });

/** The edges of one diff list merged by text, in the list's order (its busiest first). */
export function diffLines(edges: readonly EdgeDiff[]): DiffLine[] {
  const lines = new Map<string, DiffLine>();
  for (const edge of edges) {
    const text = edgeText(edge);
    const line = lines.get(text);
    lines.set(text, {
      text,
      names: `${edge.source.name} → ${edge.target.name}`,
      clusters: addCluster(line?.clusters ?? [], clusterOf(edge)),
      before: sum(line?.before, countsOf(edge.before)),
      after: sum(line?.after, countsOf(edge.after)),
    });
  }
  return [...lines.values()];
}
