import { create } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { StageChangeSchema, StageSchema } from "../../gen/observatory/lab/v1/lab_pb.ts";
import { timestamp } from "../../testing/flow-builders.ts";
import { MAX_MARKERS, type StageMarker, addMarker, markerOfStageChange, parseMarkStage, removeMarker, stageIndexAt, stageIntervals } from "./stage-timeline.ts";

const sim = (timeMs: number, label: string): StageMarker => ({ timeMs, label, source: "simulator" });
const user = (timeMs: number, label: string): StageMarker => ({ timeMs, label, source: "user" });
const build = (...markers: StageMarker[]) => markers.reduce<readonly StageMarker[]>(addMarker, []);

describe("addMarker", () => {
  it.each<[string, StageMarker[], StageMarker[]]>([
    ["sorts by time", [sim(300, "3"), sim(100, "1"), user(200, "mine")], [sim(100, "1"), user(200, "mine"), sim(300, "3")]],
    ["the same time and source replaces (a watch reconnecting)", [sim(100, "1 Allow-All"), sim(100, "1 Allow-All"), sim(100, "renamed")], [sim(100, "renamed")]],
    ["the same time from both sources keeps both, simulator first", [user(100, "mine"), sim(100, "1")], [sim(100, "1"), user(100, "mine")]],
    ["floors times to the millisecond", [sim(100.7, "1")], [sim(100, "1")]],
    ["normalises labels", [user(1, "  my \n\t mark  ")], [user(1, "my mark")]],
  ])("%s", (_, markers, expected) => {
    expect(build(...markers)).toEqual(expected);
  });

  it("keeps at most MAX_MARKERS, dropping the oldest", () => {
    const markers = build(...Array.from({ length: MAX_MARKERS + 3 }, (_, i) => user(i * 10, `m${i}`)));
    expect(markers.length).toBe(MAX_MARKERS);
    expect(markers[0]).toEqual(user(30, "m3"));
  });
});

describe("removeMarker", () => {
  const markers = build(sim(100, "1"), user(200, "mine"), sim(300, "3"));
  it.each<[string, StageMarker, StageMarker[]]>([
    ["removes an equal marker", user(200, "mine"), [sim(100, "1"), sim(300, "3")]],
    ["ignores a marker with another label", user(200, "other"), [sim(100, "1"), user(200, "mine"), sim(300, "3")]],
    ["ignores a marker from the other source", sim(200, "mine"), [sim(100, "1"), user(200, "mine"), sim(300, "3")]],
  ])("%s", (_, marker, expected) => {
    expect(removeMarker(markers, marker)).toEqual(expected);
  });

  it("returns the same array when nothing was removed", () => {
    expect(removeMarker(markers, user(1, "none"))).toBe(markers);
  });
});

describe("stageIntervals and stageIndexAt", () => {
  const markers = build(sim(100, "1"), sim(300, "2"), user(700, "3"));

  it("makes [marker i, marker i+1), the last open-ended", () => {
    expect(stageIntervals(markers).map((s) => [s.index, s.fromMs, s.toMs, s.marker.label])).toEqual([
      [0, 100, 300, "1"],
      [1, 300, 700, "2"],
      [2, 700, Number.POSITIVE_INFINITY, "3"],
    ]);
    expect(stageIntervals([])).toEqual([]);
  });

  it.each<[number, number]>([
    [99, -1],
    [100, 0],
    [299, 0],
    [300, 1],
    [10_000, 2],
  ])("time %d is in stage %d", (time, index) => {
    expect(stageIndexAt(markers, time)).toBe(index);
  });
});

describe("parseMarkStage", () => {
  it.each<[string, string | undefined]>([
    ["mark stage: L7 rule", "L7 rule"],
    ["  Mark Stage:default deny ", "default deny"],
    ["mark   stage :  two\nlines", "two lines"],
    ["mark stage:", undefined],
    ["mark stage:   ", undefined],
    ["verdict:DROPPED", undefined],
    ["please mark stage: x", undefined],
  ])("%j → %j", (text, label) => {
    expect(parseMarkStage(text)).toBe(label);
  });
});

describe("markerOfStageChange", () => {
  const stages = [create(StageSchema, { number: 1, name: "Allow-All" }), create(StageSchema, { number: 2, name: "DNS" })];
  it.each<[string, number, string]>([
    ["a stage the scenario names", 2, "2 DNS"],
    ["a stage missing from the list", 7, "stage 7"],
  ])("%s", (_, stage, label) => {
    const change = create(StageChangeSchema, { stage, time: timestamp("2025-10-02T14:00:00.123456Z"), cause: "api" });
    expect(markerOfStageChange(change, stages)).toEqual({ timeMs: Date.UTC(2025, 9, 2, 14, 0, 0, 123), label, source: "simulator" });
  });
});
