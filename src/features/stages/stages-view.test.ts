import { describe, expect, it } from "vitest";
import { zeroVerdicts } from "../../domain/aggregation/service-map/graph-model.ts";
import { ALL_TIME, type AttributionRow } from "../../domain/policy-attribution/attribution-rows.ts";
import { T0_MS } from "../../domain/policy-attribution/attribution-fixtures.ts";
import { StageBook } from "../../domain/stages/stage-book.ts";
import { DEFAULT_DENY_AT, defaultDenyStage, l7Stage } from "../../domain/stages/stage-fixtures.ts";
import { type StageInterval, type StageMarker, stageIntervals } from "../../domain/stages/stage-timeline.ts";
import { cardPolicies, diffPair, rangeOf, sparkAxis, stageCards, stagesView, verdictSegments } from "./stages-view.ts";

const DENY_MS = T0_MS + DEFAULT_DENY_AT * 1000;
const MARKERS: StageMarker[] = [
  { timeMs: T0_MS, label: "4 L7", source: "simulator" },
  { timeMs: DENY_MS, label: "5 Default-Deny", source: "simulator" },
];

function book(markers: readonly StageMarker[] = MARKERS): StageBook {
  const b = new StageBook();
  b.setMarkers(markers);
  b.add([...l7Stage, ...defaultDenyStage]);
  return b;
}

describe("sparkAxis", () => {
  it.each([
    ["no flows", ALL_TIME, undefined, undefined, [], undefined],
    ["all time: from the first flow's bucket to the newest flow", ALL_TIME, 12_345, 60_000, [30_000], { fromMs: 10_000, toMs: 65_000, stepMs: 5000, markers: [20_000 / 55_000] }],
    ["a closed stage range keeps its ends", { fromMs: 100_000, toMs: 300_000 }, 0, 1_000_000, [100_000, 200_000], { fromMs: 100_000, toMs: 300_000, stepMs: 5000, markers: [0.5] }],
    ["a long range gets wider steps", { fromMs: 0, toMs: 3_600_000 }, 0, 4_000_000, [], { fromMs: 0, toMs: 3_600_000, stepMs: 90_000, markers: [] }],
    ["an open stage ends at the newest flow", { fromMs: 0, toMs: Number.POSITIVE_INFINITY }, 0, 7_000, [], { fromMs: 0, toMs: 10_000, stepMs: 5000, markers: [] }],
  ])("%s", (_name, range, first, latest, markers, expected) => {
    expect(sparkAxis(range, first, latest, markers)).toEqual(expected);
  });
});

describe("verdictSegments", () => {
  it.each([
    ["none", {}, []],
    ["passing first, then blocked", { DROPPED: 1, FORWARDED: 3 }, [["FORWARDED", 3, 75], ["DROPPED", 1, 25]]],
    ["every kind", { FORWARDED: 1, REDIRECTED: 1, AUDIT: 1, DROPPED: 1, ERROR: 1, OTHER: 0 }, [["FORWARDED", 1, 20], ["REDIRECTED", 1, 20], ["AUDIT", 1, 20], ["DROPPED", 1, 20], ["ERROR", 1, 20]]],
  ] as const)("%s", (_name, counts, expected) => {
    const segments = verdictSegments({ ...zeroVerdicts(), ...counts });
    expect(segments.map((s) => [s.verdict, s.count, s.percent])).toEqual(expected);
  });
});

const row = (policy: string, direction: "ingress" | "egress", source: "reported" | "inferred", allowed: number, denied = 0): AttributionRow => ({
  id: `${source}${policy}${direction}`, source, policy, kind: "", namespace: "shop", direction, allowed, denied, redirected: 0, audited: 0, firstSeenMs: 0, lastSeenMs: 0, inference: undefined,
});

describe("cardPolicies", () => {
  it.each([
    ["merges directions of one policy", [row("allow-all", "ingress", "reported", 2), row("allow-all", "egress", "reported", 3)], [["allow-all", "reported", "egress, ingress", 5]]],
    ["reported before inferred, busiest first", [row("default deny", "egress", "inferred", 9), row("a", "egress", "reported", 1), row("b", "egress", "reported", 4)], [["b", "reported", "egress", 4], ["a", "reported", "egress", 1], ["default deny", "inferred", "egress", 9]]],
  ] as const)("%s", (_name, rows, expected) => {
    expect(cardPolicies(rows, (r) => r.allowed).map((p) => [p.policy, p.source, p.directions, p.count])).toEqual(expected);
  });
});

const intervals: StageInterval[] = stageIntervals([
  { timeMs: 1000, label: "a", source: "user" },
  { timeMs: 2000, label: "b", source: "user" },
  { timeMs: 3000, label: "c", source: "simulator" },
]);

describe("diffPair and rangeOf", () => {
  it.each([
    ["default: previous vs current", intervals, undefined, { before: 1, after: 2 }],
    ["the user's pair by marker time", intervals, { before: 1000, after: 3000 }, { before: 0, after: 2 }],
    ["a pair whose stage is gone falls back", intervals, { before: 1500, after: 3000 }, { before: 1, after: 2 }],
    ["one stage: nothing to compare", intervals.slice(0, 1), undefined, undefined],
  ])("%s", (_name, list, chosen, expected) => {
    expect(diffPair(list, chosen)).toEqual(expected);
  });

  it.each([
    ["all", ALL_TIME],
    ["2000", { fromMs: 2000, toMs: 3000 }],
    ["3000", { fromMs: 3000, toMs: Number.POSITIVE_INFINITY }],
    ["999", ALL_TIME],
  ])("range %s", (key, expected) => {
    expect(rangeOf(intervals, key)).toEqual(expected);
  });
});

describe("stage cards and the whole view over the shop L7 → Default-Deny fixtures", () => {
  it("has one card per stage, the last one current, naming the policies of each", () => {
    const cards = stageCards(book());
    expect(cards.map((c) => [c.label, c.current])).toEqual([["4 L7", false], ["5 Default-Deny", true]]);
    expect(cards[0]!.allowedBy.map((p) => p.policy)).toContain("allow-all");
    expect(cards[1]!.allowedBy.map((p) => p.policy)).not.toContain("allow-all");
    expect(cards[1]!.deniedBy.some((p) => p.source === "inferred" && p.policy.startsWith("default deny"))).toBe(true);
  });

  it("without markers, one card covers every flow", () => {
    const cards = stageCards(book([]));
    expect(cards.map((c) => [c.label, c.current, c.summary.flows])).toEqual([["All flows (no stage marked)", true, l7Stage.length + defaultDenyStage.length]]);
  });

  it("flows before the first marker get their own card", () => {
    const cards = stageCards(book([MARKERS[1]!]));
    expect(cards.map((c) => c.label)).toEqual(["Before the first marker", "5 Default-Deny"]);
  });

  it("the view: attribution of the chosen stage, charts on one axis, diff of the last two stages", () => {
    const b = book();
    const view = stagesView(b, DENY_MS + 50_000, String(DENY_MS), undefined);
    expect(view.attribution.reported.map((r) => r.policy)).not.toContain("allow-all");
    expect(view.attribution.inferred.length).toBeGreaterThan(0);
    const axis = view.attribution.axis!;
    expect(axis.fromMs).toBe(DENY_MS);
    for (const r of view.attribution.reported) expect(r.points).toHaveLength((axis.toMs - axis.fromMs) / axis.stepMs);
    expect(view.pair).toEqual({ before: 0, after: 1 });
    expect(view.diff!.newlyDropped.map((e) => e.target.name)).toContain("example.com");
    expect(view.flows).toBe(l7Stage.length + defaultDenyStage.length);
    expect(stagesView(b, DENY_MS + 50_000, "all", undefined).attribution.reported.map((r) => r.policy)).toContain("allow-all");
  });
});
