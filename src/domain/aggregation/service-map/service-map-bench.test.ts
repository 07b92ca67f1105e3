import { describe, expect, it } from "vitest";
import { benchmarkAggregator, benchmarkDiff, incrementalModel, syntheticModel } from "./service-map.bench.ts";
import { diffGraph } from "./diff-graph.ts";

describe("benchmark fixtures", () => {
  it("builds the 2,000-node / 10,000-edge model", () => {
    const model = syntheticModel();
    expect([model.nodes.size, model.edges.size]).toEqual([2000, 10_000]);
  });

  it("changes exactly the batch", () => {
    const prev = syntheticModel(200, 1000);
    const diff = diffGraph(prev, incrementalModel(prev, 100));
    expect([diff.addedEdges.length, diff.updatedEdges.length, diff.removedEdges.length, diff.addedNodes.length, diff.updatedNodes.length]).toEqual([50, 50, 0, 0, 0]);
  });

  it("runs both benchmarks", () => {
    const diff = benchmarkDiff({ nodes: 200, edges: 1000, runs: 1 });
    const aggregate = benchmarkAggregator({ flows: 2000, workloads: 100 });
    expect([diff.changedEdges, diff.diffMs >= 0, aggregate.flows, aggregate.edges > 0]).toEqual([100, true, 2000, true]);
  });
});
