import { describe, expect, it } from "vitest";
import type { EndpointNode } from "../../domain/aggregation/service-map/endpoint-node.ts";
import { zeroVerdicts } from "../../domain/aggregation/service-map/graph-model.ts";
import type { DropCount } from "../../domain/stages/stage-counters.ts";
import type { EdgeDiff } from "../../domain/stages/stage-diff.ts";
import { diffLines, dropLines, edgeText } from "./edge-lines.ts";

const node = (name: string, namespace: string, cluster: string, kind: EndpointNode["kind"] = "workload"): EndpointNode => ({
  id: `${cluster}/${namespace}/${name}`, kind, name, namespace, cluster, selector: { by: "fqdn", name }, address: "",
});
const fe = (cluster: string) => node("frontend", "shop", cluster);
const be = (cluster: string) => node("backend", "shop", cluster);
const example = node("example.com", "", "", "fqdn");

const drop = (source: EndpointNode, target: EndpointNode, portLabel: string, reason: string, count: number, l7 = false): DropCount => ({
  edgeId: `${source.id}|${target.id}|${portLabel}`, source, target, portLabel, reason, l7, count,
});

describe("edgeText", () => {
  it.each([
    [fe("c1"), be("c1"), "80/TCP", "shop/frontend → shop/backend 80/TCP"],
    [fe("c1"), example, "443/TCP", "shop/frontend → example.com 443/TCP"],
  ])("%#", (source, target, portLabel, text) => {
    expect(edgeText({ source, target, portLabel })).toBe(text);
  });
});

describe("dropLines", () => {
  it.each([
    [
      "merges the same edge and reason across clusters",
      [drop(fe("c1"), example, "443/TCP", "POLICY_DENIED", 4), drop(fe("c2"), example, "443/TCP", "POLICY_DENIED", 6)],
      9,
      [["shop/frontend → example.com 443/TCP", "POLICY_DENIED", 10, ["c1", "c2"]]],
    ],
    [
      "keeps reasons apart and orders by count, then limits",
      [drop(fe("c1"), be("c1"), "80/TCP", "DROP_REASON_UNKNOWN", 3, true), drop(fe("c1"), be("c1"), "80/TCP", "POLICY_DENIED", 5), drop(fe("c1"), example, "443/TCP", "POLICY_DENIED", 1)],
      2,
      [["shop/frontend → shop/backend 80/TCP", "POLICY_DENIED", 5, ["c1"]], ["shop/frontend → shop/backend 80/TCP", "DROP_REASON_UNKNOWN", 3, ["c1"]]],
    ],
    ["nothing", [], 5, []],
  ])("%s", (_name, drops, limit, expected) => {
    expect(dropLines(drops, limit).map((l) => [l.text, l.reason, l.count, l.clusters])).toEqual(expected);
  });
});

const counts = (flows: number, dropped: number) => ({ flows, verdicts: { ...zeroVerdicts(), FORWARDED: flows - dropped, DROPPED: dropped }, redirected: 0 });
const diffEdge = (source: EndpointNode, target: EndpointNode, before: [number, number], after: [number, number]): EdgeDiff => ({
  id: `${source.id}|${target.id}`, source, target, portLabel: "443/TCP", before: counts(...before), after: counts(...after), changes: ["newly-dropped"],
});

describe("diffLines", () => {
  it("merges per text, sums both stages, keeps the list's order", () => {
    const lines = diffLines([diffEdge(fe("c2"), example, [3, 0], [6, 6]), diffEdge(fe("c1"), be("c1"), [5, 0], [5, 1]), diffEdge(fe("c1"), example, [6, 0], [4, 4])]);
    expect(lines.map((l) => [l.text, l.names, l.clusters, l.before, l.after])).toEqual([
      ["shop/frontend → example.com 443/TCP", "frontend → example.com", ["c1", "c2"], { flows: 9, dropped: 0 }, { flows: 10, dropped: 10 }],
      ["shop/frontend → shop/backend 443/TCP", "frontend → backend", ["c1"], { flows: 5, dropped: 0 }, { flows: 5, dropped: 1 }],
    ]);
  });
});
