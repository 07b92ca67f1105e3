import { describe, expect, it } from "vitest";
import { diffGraph, isEmptyDiff } from "./diff-graph.ts";
import { type GraphEdge, type GraphModel, type GraphNode, EMPTY_GRAPH, zeroVerdicts } from "./graph-model.ts";

function node(id: string, extra: Partial<GraphNode> = {}): GraphNode {
  return {
    id,
    kind: "workload",
    name: id,
    label: id,
    namespace: "shop",
    cluster: "",
    parent: "ns",
    selector: { by: "pod", prefix: `${id}-` },
    flows: 1,
    dropped: 0,
    lastSeenMs: 0,
    stale: false,
    addresses: [],
    ...extra,
  };
}

const ns = node("ns", { kind: "namespace", parent: undefined, selector: { by: "namespace" } });

function edge(source: string, target: string, extra: Partial<GraphEdge> = {}): GraphEdge {
  return {
    id: `${source}>${target}`,
    source,
    target,
    protocol: "TCP",
    port: 80,
    portLabel: "80/TCP",
    label: "80/TCP ×1",
    flows: 1,
    ratePerSecond: 0.02,
    verdicts: { ...zeroVerdicts(), FORWARDED: 1 },
    verdict: "FORWARDED",
    l7: [],
    allowedBy: [],
    deniedBy: [],
    lastSeenMs: 0,
    stale: false,
    ...extra,
  };
}

function model(nodes: GraphNode[], edges: GraphEdge[]): GraphModel {
  return { nodes: new Map(nodes.map((n) => [n.id, n])), edges: new Map(edges.map((e) => [e.id, e])), windowMs: 60_000, nowMs: 0, multiCluster: false };
}

const base = model([ns, node("a"), node("b")], [edge("a", "b")]);

describe("diffGraph", () => {
  it.each<[string, GraphModel, GraphModel, object]>([
    ["nothing changed (new but equal objects)", base, model([ns, node("a"), node("b")], [edge("a", "b")]), {}],
    ["a node and an edge appear", base, model([ns, node("a"), node("b"), node("c")], [edge("a", "b"), edge("a", "c")]), { addedNodes: ["c"], addedEdges: ["a>c"] }],
    ["a node and its edge leave", base, model([ns, node("a")], []), { removedNodes: ["b"], removedEdges: ["a>b"] }],
    [
      "only changed fields are reported",
      base,
      model([ns, node("a", { flows: 3 }), node("b")], [edge("a", "b", { flows: 3, verdicts: { ...zeroVerdicts(), FORWARDED: 2, DROPPED: 1 }, verdict: "MIXED" })]),
      {
        updatedNodes: [{ id: "a", changes: { flows: 3 } }],
        updatedEdges: [{ id: "a>b", changes: { flows: 3, verdicts: { ...zeroVerdicts(), FORWARDED: 2, DROPPED: 1 }, verdict: "MIXED" } }],
      },
    ],
    ["array fields compare by content", model([ns], [edge("a", "b", { l7: ["GET / 200×1"] })]), model([ns], [edge("a", "b", { l7: ["GET / 200×2"] })]), { updatedEdges: [{ id: "a>b", changes: { l7: ["GET / 200×2"] } }] }],
    ["a parent can go away", base, model([ns, node("a", { parent: undefined }), node("b")], [edge("a", "b")]), { updatedNodes: [{ id: "a", changes: { parent: undefined } }] }],
    ["from empty", EMPTY_GRAPH, base, { addedNodes: ["ns", "a", "b"], addedEdges: ["a>b"] }],
    ["to empty", base, EMPTY_GRAPH, { removedNodes: ["ns", "a", "b"], removedEdges: ["a>b"] }],
  ])("%s", (_, prev, next, want) => {
    const diff = diffGraph(prev, next);
    const got = {
      ...(diff.addedNodes.length > 0 ? { addedNodes: diff.addedNodes.map((n) => n.id) } : {}),
      ...(diff.removedNodes.length > 0 ? { removedNodes: diff.removedNodes } : {}),
      ...(diff.updatedNodes.length > 0 ? { updatedNodes: diff.updatedNodes } : {}),
      ...(diff.addedEdges.length > 0 ? { addedEdges: diff.addedEdges.map((e) => e.id) } : {}),
      ...(diff.removedEdges.length > 0 ? { removedEdges: diff.removedEdges } : {}),
      ...(diff.updatedEdges.length > 0 ? { updatedEdges: diff.updatedEdges } : {}),
    };
    expect(got).toEqual(want);
    expect(isEmptyDiff(diff)).toBe(Object.keys(want).length === 0);
  });

  it("adds compound parents before their children", () => {
    const cluster = node("cl", { kind: "cluster", parent: undefined });
    const next = model([node("a", { parent: "ns" }), ns, cluster], []);
    expect(diffGraph(EMPTY_GRAPH, next).addedNodes.map((n) => n.id)).toEqual(["cl", "ns", "a"]);
  });

  it("skips elements the caller reused by reference", () => {
    const reused = model([...base.nodes.values()], [...base.edges.values()]);
    expect(isEmptyDiff(diffGraph(base, reused))).toBe(true);
  });
});
