import { describe, expect, it } from "vitest";
import { buildFlow, from, onNode, pod } from "../../testing/flow-builders.ts";
import type { LabelMatcher } from "./panel-definition.ts";
import { clusterOf, compileMatchers, renderLegend } from "./series-labels.ts";

describe("compileMatchers", () => {
  it.each<[string, LabelMatcher, Record<string, string>, boolean]>([
    ["= equal", { label: "verdict", op: "=", value: "DROPPED" }, { verdict: "DROPPED" }, true],
    ["= different", { label: "verdict", op: "=", value: "DROPPED" }, { verdict: "FORWARDED" }, false],
    ["!= different", { label: "port", op: "!=", value: "0" }, { port: "80" }, true],
    ["!= equal", { label: "port", op: "!=", value: "0" }, { port: "0" }, false],
    ["!= on a missing label compares with \"\"", { label: "port", op: "!=", value: "0" }, {}, true],
    ["=~ alternation", { label: "verdict", op: "=~", value: "FORWARDED|REDIRECTED" }, { verdict: "REDIRECTED" }, true],
    ["=~ is anchored at the end", { label: "verdict", op: "=~", value: "FORWARDED|REDIRECTED" }, { verdict: "FORWARDED2" }, false],
    ["=~ is anchored at the start", { label: "verdict", op: "=~", value: "FORWARDED" }, { verdict: "NOT_FORWARDED" }, false],
    ["!~ rejects a match", { label: "status", op: "!~", value: "5.." }, { status: "503" }, false],
    ["!~ keeps a non-match", { label: "status", op: "!~", value: "5.." }, { status: "403" }, true],
  ])("%s", (_, matcher, labels, expected) => {
    expect(compileMatchers([matcher])(labels)).toBe(expected);
  });

  it("requires every matcher", () => {
    const both = compileMatchers([
      { label: "family", op: "=", value: "IPv4" },
      { label: "flag", op: "=", value: "SYN" },
    ]);
    expect([both({ family: "IPv4", flag: "SYN" }), both({ family: "IPv4", flag: "FIN" })]).toEqual([true, false]);
  });
});

describe("renderLegend", () => {
  it.each<[string, Record<string, string>, string]>([
    ["{{verdict}}", { verdict: "DROPPED" }, "DROPPED"],
    ["{{port}}/{{protocol}}", { port: "80", protocol: "TCP" }, "80/TCP"],
    ["{{ rcode }} ({{qtypes}})", { rcode: "Non-Existent Domain", qtypes: "A" }, "Non-Existent Domain (A)"],
    ["{{destination}}", {}, ""],
    ["Missing SYN-ACK", { node_name: "n1" }, "Missing SYN-ACK"],
  ])("%s", (template, labels, expected) => {
    expect(renderLegend(template, labels)).toBe(expected);
  });
});

describe("clusterOf", () => {
  it.each<[string, string, string, string]>([
    ["the prefix of a mesh node name", "cluster-1/node-a", "other", "cluster-1"],
    ["else the source's cluster", "node-a", "cluster-2", "cluster-2"],
    ["else empty", "node-a", "", ""],
  ])("%s", (_, nodeName, sourceCluster, expected) => {
    expect(clusterOf(buildFlow(onNode(nodeName), from({ ...pod("ns", "p"), clusterName: sourceCluster })))).toBe(expected);
  });
});
