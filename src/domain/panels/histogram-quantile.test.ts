import { describe, expect, it } from "vitest";
import { DEFAULT_DURATION_BUCKETS, DURATION_SLOTS, durationSlot, histogramQuantile } from "./histogram-quantile.ts";

/** Per-slot counts from a few observations (slots: ≤0.005, ≤0.01, ≤0.025, ≤0.05, ≤0.1, ≤0.25, ≤0.5, ≤1, ≤2.5, ≤5, ≤10, +Inf). */
function countsOf(...seconds: number[]): number[] {
  const counts = Array.from({ length: DURATION_SLOTS }, () => 0);
  for (const s of seconds) counts[durationSlot(s)]!++;
  return counts;
}

describe("durationSlot", () => {
  it.each<[number, number]>([
    [0, 0],
    [0.005, 0], // `le` is inclusive
    [0.0051, 1],
    [0.3, 6],
    [10, 10],
    [10.5, 11], // +Inf
    [Number.NaN, 11],
  ])("%s s → slot %i", (seconds, slot) => {
    expect(durationSlot(seconds)).toBe(slot);
  });

  it("has client_golang's default buckets", () => {
    expect(DEFAULT_DURATION_BUCKETS).toEqual([0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]);
  });
});

describe("histogramQuantile (Prometheus bucketQuantile)", () => {
  it.each<[string, number, number[], number | null]>([
    // 4 observations: 0.003 | 0.02, 0.02 | 0.3. p50: rank 2 falls in (0.01, 0.025] holding 2 of which
    // 1 lies below → 0.01 + 0.015 × (2 − 1) / 2 = 0.0175.
    ["p50 interpolates inside (0.01, 0.025]", 0.5, countsOf(0.003, 0.02, 0.02, 0.3), 0.0175],
    // p99: rank 3.96; cumulative 3 up to 0.25, 4 at 0.5 → 0.25 + 0.25 × (3.96 − 3) / 1 = 0.49.
    ["p99 interpolates inside (0.25, 0.5]", 0.99, countsOf(0.003, 0.02, 0.02, 0.3), 0.49],
    // First bucket: lower bound 0. 2 observations ≤ 0.005, p50 rank 1 → 0.005 × 1/2 = 0.0025.
    ["the first bucket starts at 0", 0.5, countsOf(0.001, 0.004), 0.0025],
    // Rank in +Inf: the highest finite bound.
    ["a rank in +Inf gives 10", 0.5, countsOf(20, 30), 10],
    ["no observations: NaN → null", 0.5, countsOf(), null],
    ["q > 1 → +Inf", 1.5, countsOf(0.1), Number.POSITIVE_INFINITY],
    ["q < 0 → −Inf", -0.1, countsOf(0.1), Number.NEGATIVE_INFINITY],
    ["q NaN → null", Number.NaN, countsOf(0.1), null],
  ])("%s", (_, q, counts, expected) => {
    const value = histogramQuantile(q, counts);
    if (expected === null || !Number.isFinite(expected)) expect(value).toBe(expected);
    else expect(value).toBeCloseTo(expected, 12);
  });

  it("reads the slots at an offset", () => {
    const counts = [...countsOf(5), ...countsOf(0.003, 0.02, 0.02, 0.3)];
    expect(histogramQuantile(0.5, counts, DURATION_SLOTS)).toBeCloseTo(0.0175, 12);
  });
});
