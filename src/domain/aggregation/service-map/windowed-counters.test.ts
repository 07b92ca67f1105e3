import { describe, expect, it } from "vitest";
import { KeyedCounters, OVERFLOW_KEY } from "./keyed-counters.ts";
import { WindowedCounters } from "./windowed-counters.ts";

function sums(counters: WindowedCounters, since: number): number[] {
  const out = [0, 0];
  counters.sumSince(since, out);
  return out;
}

describe("WindowedCounters", () => {
  it.each<[string, [number, number][], number, number[]]>([
    ["in order", [[0, 0], [1000, 0], [5000, 1], [12_000, 0]], 5000, [1, 1]],
    ["whole buckets: a window start inside a bucket counts the bucket", [[0, 0], [9000, 0], [10_500, 0], [12_000, 1]], 11_000, [1, 1]],
    ["late flows", [[12_000, 0], [1000, 1], [6000, 0], [11_000, 1]], 5000, [2, 1]],
    ["everything", [[0, 0], [6000, 1], [99_000, 1]], Number.NEGATIVE_INFINITY, [1, 2]],
    ["negative times", [[-7000, 0], [-1, 1]], -5000, [0, 1]],
  ])("%s", (_, adds, since, want) => {
    const counters = new WindowedCounters(2, 5000);
    for (const [t, slot] of adds) counters.add(t, slot);
    expect(sums(counters, since)).toEqual(want);
  });

  it("keeps pruned counts in the totals, and counts very late flows there", () => {
    const counters = new WindowedCounters(2, 5000);
    for (const t of [0, 1000, 20_000, 30_000]) counters.add(t, 0);
    counters.prune(20_000);
    counters.add(2000, 1); // older than anything kept
    expect([counters.bucketCount, sums(counters, 20_000), sums(counters, Number.NEGATIVE_INFINITY), sums(counters, 0)]).toEqual([2, [2, 0], [4, 1], [2, 0]]);
  });
});

describe("KeyedCounters", () => {
  it("counts keys beyond the cap under the overflow key", () => {
    const keyed = new KeyedCounters(2, 5000);
    for (const key of ["a", "b", "c", "a", "d"]) keyed.add(1000, key);
    expect([...keyed.countsSince(Number.NEGATIVE_INFINITY)]).toEqual([
      ["a", 2],
      ["b", 1],
      [OVERFLOW_KEY, 2],
    ]);
  });

  it("reports only keys seen in the window", () => {
    const keyed = new KeyedCounters(8, 5000);
    keyed.add(0, "old");
    keyed.add(60_000, "new");
    expect([...keyed.countsSince(30_000).keys()]).toEqual(["new"]);
  });
});
