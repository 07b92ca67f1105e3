import cytoscape, { type Core, type NodeSingular } from "cytoscape";
import { describe, expect, it } from "vitest";
import { diffGraph } from "../../domain/aggregation/service-map/diff-graph.ts";
import { EMPTY_GRAPH, type GraphEdge, type GraphModel, type GraphNode, zeroVerdicts } from "../../domain/aggregation/service-map/graph-model.ts";
import { applyDiff } from "./apply-diff.ts";
import { placeNewNodes } from "./place-new-nodes.ts";

function node(id: string, parent: string | undefined, extra: Partial<GraphNode> = {}): GraphNode {
  const kind = id.startsWith("ns") ? "namespace" : id.startsWith("cl") ? "cluster" : "workload";
  return { id, kind, name: id, label: id, namespace: "shop", cluster: "", parent, selector: { by: "pod", prefix: id }, flows: 1, dropped: 0, lastSeenMs: 0, stale: false, addresses: [], ...extra };
}

function edge(source: string, target: string, extra: Partial<GraphEdge> = {}): GraphEdge {
  return {
    id: `${source}>${target}`, source, target, protocol: "TCP", port: 80, portLabel: "80/TCP", label: "80/TCP ×1", flows: 1, ratePerSecond: 0,
    verdicts: zeroVerdicts(), verdict: "FORWARDED", l7: [], allowedBy: [], deniedBy: [], lastSeenMs: 0, stale: false, ...extra,
  };
}

function model(nodes: GraphNode[], edges: GraphEdge[]): GraphModel {
  return { nodes: new Map(nodes.map((n) => [n.id, n])), edges: new Map(edges.map((e) => [e.id, e])), windowMs: 60_000, nowMs: 0, multiCluster: false };
}

function step(cy: Core, prev: GraphModel, next: GraphModel, remembered = new Map()) {
  let applied: ReturnType<typeof applyDiff> | undefined;
  cy.batch(() => {
    applied = applyDiff(cy, diffGraph(prev, next), remembered);
  });
  return applied!;
}

const positions = (cy: Core) => Object.fromEntries(cy.nodes().filter((n) => !n.isParent()).map((n) => [n.id(), { ...(n as NodeSingular).position() }]));
const first = model([node("ns", undefined), node("a", "ns"), node("b", "ns")], [edge("a", "b")]);

describe("applyDiff on a headless core", () => {
  it("adds, patches and removes by id, keeping positions", () => {
    const cy = cytoscape({ headless: true });
    step(cy, EMPTY_GRAPH, first);
    cy.getElementById("a").position({ x: 10, y: 20 });
    const second = model([node("ns", undefined), node("a", "ns", { flows: 5 }), node("b", "ns")], [edge("a", "b", { label: "80/TCP ×5\nDROPPED", verdict: "DROPPED" })]);
    step(cy, first, second);
    const a = cy.getElementById("a");
    const ab = cy.getElementById("a>b");
    expect([a.data("flows"), a.position(), ab.data("verdict"), ab.data("label"), a.parent().first().id()]).toEqual([5, { x: 10, y: 20 }, "DROPPED", "80/TCP ×5\nDROPPED", "ns"]);
    step(cy, second, model([node("ns", undefined), node("a", "ns")], []));
    expect([cy.nodes().map((n) => n.id()), cy.edges().length]).toEqual([["ns", "a"], 0]);
  });

  it("moves nodes into cluster compounds when a second cluster appears", () => {
    const cy = cytoscape({ headless: true });
    step(cy, EMPTY_GRAPH, first);
    const next = model([node("cl", undefined), node("ns", "cl"), node("a", "ns"), node("b", "ns")], [edge("a", "b")]);
    step(cy, first, next);
    expect([cy.getElementById("ns").parent().first().id(), cy.getElementById("a").parent().first().id()]).toEqual(["cl", "ns"]);
  });

  it("puts a node that comes back where it was", () => {
    const cy = cytoscape({ headless: true });
    const remembered = new Map();
    step(cy, EMPTY_GRAPH, first, remembered);
    cy.getElementById("b").position({ x: 300, y: 40 });
    const without = model([node("ns", undefined), node("a", "ns")], []);
    step(cy, first, without, remembered);
    const back = step(cy, without, first, remembered);
    expect([back.addedLeaves.length, back.restoredLeaves.map((n) => n.id()), cy.getElementById("b").position()]).toEqual([0, ["b"], { x: 300, y: 40 }]);
  });
});

describe("placeNewNodes", () => {
  it("lays out the first population, then places new nodes without moving the old", () => {
    const cy = cytoscape({ headless: true, styleEnabled: true });
    const big = model(
      [node("ns", undefined), ...["a", "b", "c", "d", "e", "f"].map((id) => node(id, "ns"))],
      [edge("a", "b"), edge("b", "c"), edge("c", "d"), edge("d", "e"), edge("e", "f")],
    );
    placeNewNodes(cy, step(cy, EMPTY_GRAPH, big).addedLeaves);
    const before = positions(cy);
    const next = model([...big.nodes.values(), node("g", "ns"), node("ns2", undefined, { namespace: "other" }), node("h", "ns2")], [...big.edges.values(), edge("g", "a"), edge("h", "a")]);
    const applied = step(cy, big, next);
    placeNewNodes(cy, applied.addedLeaves);
    const after = positions(cy);
    const moved = Object.keys(before).filter((id) => before[id]!.x !== after[id]!.x || before[id]!.y !== after[id]!.y);
    expect([moved, Number.isFinite(after.g!.x), Number.isFinite(after.h!.y)]).toEqual([[], true, true]);
  });
});
