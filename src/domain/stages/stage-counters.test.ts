import { describe, expect, it } from "vitest";
import type { Flow } from "../../gen/flow/flow_pb.ts";
import { ServiceMapAggregator } from "../aggregation/service-map/service-map-aggregator.ts";
import { parseFlowLines } from "../flow/json-line-decoder.ts";
import { readSample, sampleFlowFiles } from "../../testing/node/samples.ts";
import { T0_MS } from "../policy-attribution/attribution-fixtures.ts";
import { ALL_TIME, type TimeRange } from "../policy-attribution/attribution-rows.ts";
import { StageCounters } from "./stage-counters.ts";
import { DEFAULT_DENY_AT, EDGE, defaultDenyStage, l7Stage } from "./stage-fixtures.ts";

const l7: TimeRange = { fromMs: T0_MS, toMs: T0_MS + DEFAULT_DENY_AT * 1000 };
const defaultDeny: TimeRange = { fromMs: T0_MS + DEFAULT_DENY_AT * 1000, toMs: Number.POSITIVE_INFINITY };
const counters = new StageCounters();
counters.add([...l7Stage, ...defaultDenyStage]);

const samples: Flow[] = sampleFlowFiles().flatMap((path) =>
  parseFlowLines(readSample(path.split("/").pop()!), path).events.flatMap((e) => (e.event.responseTypes.case === "flow" ? [e.event.responseTypes.value] : [])),
);

describe("StageCounters.verdictMix: every event counts", () => {
  it.each<[string, TimeRange, Record<string, number>]>([
    ["L7 stage", l7, { FORWARDED: 8, DROPPED: 0, REDIRECTED: 3, AUDIT: 0, ERROR: 0, OTHER: 0 }],
    ["Default-Deny stage: a denied SYN is a verdict and a drop", defaultDeny, { FORWARDED: 5, DROPPED: 3, REDIRECTED: 2, AUDIT: 0, ERROR: 0, OTHER: 0 }],
    ["both", ALL_TIME, { FORWARDED: 13, DROPPED: 3, REDIRECTED: 5, AUDIT: 0, ERROR: 0, OTHER: 0 }],
  ])("%s", (_, range, expected) => {
    expect(counters.verdictMix(range)).toEqual(expected);
  });
});

const brief = (range: TimeRange) => Object.fromEntries([...counters.edgeCounts(range)].map(([id, e]) => [id, [e.flows, e.verdicts.FORWARDED, e.verdicts.DROPPED, e.verdicts.REDIRECTED, e.redirected]]));

describe("StageCounters.edgeCounts: the map's counting", () => {
  it.each<[string, TimeRange, Record<string, number[]>]>([
    [
      "L7 stage: server traces and L7 requests count, verdicts only annotate; DNS has verdicts alone; world has client traces",
      l7,
      { [EDGE.feBe]: [4, 4, 0, 0, 2], [EDGE.feDns]: [1, 0, 0, 1, 1], [EDGE.feExample]: [1, 1, 0, 0, 0] },
    ],
    ["Default-Deny stage: the drop event counts, its verdict does not", defaultDeny, { [EDGE.feBe]: [4, 3, 1, 0, 2], [EDGE.feExample]: [1, 0, 1, 0, 0] }],
  ])("%s", (_, range, expected) => {
    expect(brief(range)).toEqual(expected);
  });

  it.each<[string, Flow[]]>([
    ["the shop fixtures", [...l7Stage, ...defaultDenyStage]],
    ["the recorded samples", samples],
  ])("agrees with the service map's edges on %s", (_, flows) => {
    const own = new StageCounters();
    own.add(flows);
    const map = new ServiceMapAggregator();
    map.add(flows);
    const model = map.model({ windowMs: "all", nowMs: (map.latestFlowMs ?? 0) + 1 });
    const expected = Object.fromEntries([...model.edges.values()].map((e) => [e.id, [e.flows, e.verdicts]]));
    const actual = Object.fromEntries([...own.edgeCounts(ALL_TIME).values()].map((e) => [e.id, [e.flows, e.verdicts]]));
    expect(Object.keys(actual).length).toBeGreaterThan(2);
    expect(actual).toEqual(expected);
  });
});

describe("StageCounters.topDrops", () => {
  it.each<[string, TimeRange, [string, string, boolean, number][]]>([
    ["L7 stage", l7, []],
    [
      "Default-Deny stage: the world deny once, the L7 deny with Hubble's unknown reason",
      defaultDeny,
      [
        [EDGE.feExample, "POLICY_DENIED", false, 1],
        [EDGE.feBe, "DROP_REASON_UNKNOWN", true, 1],
      ],
    ],
  ])("%s", (_, range, expected) => {
    expect(counters.topDrops(range).map((d) => [d.edgeId, d.reason, d.l7, d.count])).toEqual(expected);
  });

  it("keeps to the limit", () => {
    expect(counters.topDrops(defaultDeny, 1).length).toBe(1);
  });
});

describe("StageCounters limits", () => {
  it("stops tracking edges at maxEdges and counts what it left out", () => {
    const small = new StageCounters({ maxEdges: 1 });
    small.add(l7Stage);
    expect(small.stats.edges).toBe(1);
    expect(small.stats.untracked).toBeGreaterThan(0);
    // The verdict mix still counts every event.
    expect(small.verdictMix(ALL_TIME).FORWARDED).toBe(8);
  });

  it("forgets everything on clear", () => {
    const own = new StageCounters();
    own.add(l7Stage);
    own.clear();
    expect([own.verdictMix(ALL_TIME).FORWARDED, own.edgeCounts(ALL_TIME).size, own.topDrops(ALL_TIME), own.stats]).toEqual([0, 0, [], { edges: 0, dropKeys: 0, untracked: 0 }]);
  });
});
