import { describe, expect, it } from "vitest";
import { clockLabel, panelRange, stepFor, timeTicks } from "./panel-range.ts";

const T = Date.parse("2024-05-01T12:00:00Z");

describe("stepFor", () => {
  it.each<[string, number, number]>([
    ["5 m", 300_000, 2_000],
    ["15 m", 900_000, 5_000],
    ["30 m", 1_800_000, 10_000],
    ["1 h", 3_600_000, 20_000],
    ["a day", 86_400_000, 60_000],
  ])("%s → %d ms", (_, duration, step) => {
    expect(stepFor(duration)).toBe(step);
  });
});

describe("panelRange", () => {
  it("ends at the last whole step at or before the newest flow", () => {
    expect(panelRange({ endMs: T + 903_000 }, 900_000)).toEqual({ startMs: T + 0, endMs: T + 900_000, stepMs: 5_000 });
  });
  it("is undefined before any flow", () => {
    expect(panelRange(undefined, 900_000)).toBeUndefined();
  });
});

describe("timeTicks", () => {
  it.each<[string, number, number, number[]]>([
    ["5 m: every minute", T + 10_000, T + 310_000, [1, 2, 3, 4, 5].map((m) => T + m * 60_000)],
    ["15 m: every 2 minutes", T, T + 900_000, [0, 2, 4, 6, 8, 10, 12, 14].map((m) => T + m * 60_000)],
    ["1 h: every 10 minutes", T, T + 3_600_000, [0, 10, 20, 30, 40, 50, 60].map((m) => T + m * 60_000)],
  ])("%s", (_, startMs, endMs, expected) => {
    expect(timeTicks({ startMs, endMs, stepMs: 1_000 })).toEqual(expected);
  });
});

describe("clockLabel", () => {
  it("prints local HH:MM, with seconds on request", () => {
    const d = new Date(2024, 4, 1, 9, 5, 7);
    expect([clockLabel(d.getTime(), false), clockLabel(d.getTime(), true)]).toEqual(["09:05", "09:05:07"]);
  });
});
