import { describe, expect, it } from "vitest";
import { axisExtent, niceScale } from "./axis-ticks.ts";
import type { ChartLine, ChartRow } from "./chart-model.ts";

describe("niceScale", () => {
  it.each<[string, number, number, readonly number[]]>([
    ["a drop rate of 3.3 p/s", 0, 3.3, [0, 1, 2, 3, 4]],
    ["flows of 180 ops/s", 0, 180, [0, 50, 100, 150, 200]],
    ["a rate of 1/60", 0, 1 / 60, [0, 0.005, 0.01, 0.015, 0.02]],
    ["2.5 steps", 0, 9.5, [0, 2.5, 5, 7.5, 10]],
    ["negative values (Missing SYN-ACK)", -0.3, 0.5, [-0.4, -0.2, 0, 0.2, 0.4, 0.6]],
    ["all zero", 0, 0, [0, 0.25, 0.5, 0.75, 1]],
    ["a top on a step already", 0, 8, [0, 2, 4, 6, 8]],
  ])("%s", (_, min, max, ticks) => {
    const scale = niceScale(min, max);
    expect(scale.ticks).toEqual(ticks);
    expect(scale.domain).toEqual([ticks[0], ticks[ticks.length - 1]]);
  });
});

const line = (key: string): ChartLine => ({ key, name: key, legend: key, colour: "#fff", dash: undefined, axis: "left", bandEdge: false, current: null, max: null });

describe("axisExtent", () => {
  const rows: ChartRow[] = [
    { t: 0, s0: 1, s1: 2 },
    { t: 1, s0: 3, s1: null },
    { t: 2, s0: -1, s1: 0.5 },
  ];
  it.each<[string, boolean, number[], [number, number]]>([
    ["lines: the largest and smallest value", false, [], [-1, 3]],
    ["stacked: positive sums up, negative sums down", true, [], [-1, 3]],
    ["a threshold above the data", false, [5], [-1, 5]],
  ])("%s", (_, stacked, extra, expected) => {
    expect(axisExtent(rows, [line("s0"), line("s1")], stacked, extra)).toEqual(expected);
  });
  it("sums stacked rows", () => {
    expect(axisExtent([{ t: 0, s0: 1, s1: 2 }], [line("s0"), line("s1")], true)).toEqual([0, 3]);
  });
});
