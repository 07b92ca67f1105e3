// The synthetic service map of the speed budget (issue #6): 2,000 nodes (20 namespaces included)
// and 10,000 edges, the same fixture the Node-side diff bench uses (service-map.bench.ts), and
// batches of brand-new edges between nodes already drawn, as a busy cluster adds them. Seeded,
// so every run draws the same graph.
import type { GraphModel, GraphNode } from "../../src/domain/aggregation/service-map/graph-model.ts";
import { syntheticEdge } from "../../src/domain/aggregation/service-map/service-map.bench.ts";
import type { PlainGraphModel } from "../../src/features/service-map/map-bench-hook.ts";
import { seededRandom } from "../../src/testing/seeded-random.ts";

/** `model` plus `count` edges it does not have, between its workloads; nodes and other edges are the same objects. */
export function withNewEdges(model: GraphModel, count: number, seed: number): GraphModel {
  const rnd = seededRandom(seed);
  const workloads = [...model.nodes.values()].filter((n) => n.kind === "workload");
  const pick = () => workloads[Math.floor(rnd() * workloads.length)] as GraphNode;
  const edges = new Map(model.edges);
  for (let added = 0; added < count; ) {
    const edge = syntheticEdge(pick(), pick(), 9000 + Math.floor(rnd() * 1000), 1);
    if (edges.has(edge.id)) continue;
    edges.set(edge.id, edge);
    added++;
  }
  return { ...model, edges };
}

/** The model as arrays: page.evaluate carries plain data, not Maps. Every element arrives as a new object, as the aggregator's do. */
export function toPlain(model: GraphModel): PlainGraphModel {
  return { nodes: [...model.nodes.values()], edges: [...model.edges.values()], windowMs: model.windowMs, nowMs: model.nowMs, multiCluster: model.multiCluster };
}
