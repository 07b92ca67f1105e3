import { describe, expect, it } from "vitest";
import { RangeCounters, TimeCuts, bucketStart } from "./range-counters.ts";

const INF = Number.POSITIVE_INFINITY;
const NEG = Number.NEGATIVE_INFINITY;
const BUCKET = 10;

/** Counters (2 slots, 10 ms buckets) fed [time, slot] pairs in the given order. */
function fed(events: readonly (readonly [number, number])[], cuts?: TimeCuts): RangeCounters {
  const counters = new RangeCounters(2);
  for (const [time, slot] of events) counters.add(bucketStart(time, BUCKET, cuts), time, slot);
  return counters;
}

const sum = (counters: RangeCounters, fromMs: number, toMs: number): number[] => {
  const out = [0, 0];
  counters.sum(fromMs, toMs, out);
  return out;
};

const cutsAt = (...times: number[]): TimeCuts => {
  const cuts = new TimeCuts();
  cuts.set(times);
  return cuts;
};

describe("bucketStart", () => {
  it.each<[string, number, number[], number]>([
    ["on the grid", 25, [], 20],
    ["negative time", -5, [], -10],
    ["a cut after the grid line", 25, [23], 23],
    ["before the cut", 22, [23], 20],
    ["a cut before the grid line does not matter", 25, [13], 20],
    ["the latest of several cuts", 29, [21, 24, 27, 31], 27],
  ])("%s", (_, time, cuts, expected) => {
    expect(bucketStart(time, BUCKET, cutsAt(...cuts))).toBe(expected);
  });
});

describe("RangeCounters.sum", () => {
  const inOrder = fed([[1, 0], [5, 1], [12, 0], [18, 0], [35, 1], [41, 0]]);
  it.each<[string, number, number, number[]]>([
    ["everything", NEG, INF, [4, 2]],
    ["buckets starting in [10, 40)", 10, 40, [2, 1]],
    ["a range inside one bucket counts the bucket only if it starts there", 11, 19, [0, 0]],
    ["an empty range", 20, 30, [0, 0]],
    ["from a bucket start to the end", 30, INF, [1, 1]],
    ["reversed", 40, 10, [0, 0]],
    ["before everything", NEG, 0, [0, 0]],
  ])("%s", (_, fromMs, toMs, expected) => {
    expect(sum(inOrder, fromMs, toMs)).toEqual(expected);
  });

  it("counts late flows where they belong", () => {
    const late = fed([[35, 1], [1, 0], [41, 0], [12, 0], [5, 1], [18, 0]]);
    for (const [fromMs, toMs] of [[NEG, INF], [10, 40], [0, 10], [30, INF]] as const) expect(sum(late, fromMs, toMs)).toEqual(sum(inOrder, fromMs, toMs));
    expect(late.bucketCount).toBe(4);
  });

  it("gives a stage cut its own bucket", () => {
    const cut = fed([[21, 0], [24, 0], [25, 1], [29, 0]], cutsAt(24));
    expect([sum(cut, NEG, 24), sum(cut, 24, INF)]).toEqual([[1, 0], [2, 1]]);
  });
});

describe("RangeCounters.seen", () => {
  const counters = fed([[3, 0], [7, 1], [14, 0], [52, 0], [57, 1]]);
  it.each<[string, number, number, { firstMs: number; lastMs: number } | undefined]>([
    ["all", NEG, INF, { firstMs: 3, lastMs: 57 }],
    ["middle", 10, 50, { firstMs: 14, lastMs: 14 }],
    ["nothing", 20, 50, undefined],
  ])("%s", (_, fromMs, toMs, expected) => {
    expect(counters.seen(fromMs, toMs)).toEqual(expected);
  });
});

/** Coarse buckets of 40 ms, cut at `cuts`. */
const coarse = (cuts?: TimeCuts) => (start: number) => bucketStart(start, 40, cuts);

describe("RangeCounters.compact and prune", () => {
  const events = Array.from({ length: 12 }, (_, i) => [i * 10 + 1, i % 2] as const);

  it("merges old buckets into coarse ones and keeps every total", () => {
    const counters = fed(events);
    counters.compact(80, coarse());
    // Buckets 0..70 become two 40 ms buckets; 80..110 stay.
    expect(counters.bucketCount).toBe(2 + 4);
    expect(sum(counters, NEG, INF)).toEqual([6, 6]);
    expect(sum(counters, 0, 40)).toEqual([2, 2]);
    expect(sum(counters, 40, 80)).toEqual([2, 2]);
    expect(sum(counters, 10, 40)).toEqual([0, 0]);
    expect(sum(counters, 90, 110)).toEqual([1, 1]);
    expect(counters.seen(40, 80)).toEqual({ firstMs: 41, lastMs: 71 });
  });

  it("never merges across a stage cut", () => {
    const cuts = cutsAt(25);
    const counters = fed(events, cuts);
    counters.compact(80, coarse(cuts));
    expect([sum(counters, NEG, 25), sum(counters, 25, 40), sum(counters, 40, 80)]).toEqual([[2, 1], [0, 1], [2, 2]]);
  });

  it("compacting twice, then late flows, stays consistent", () => {
    const counters = fed(events);
    counters.compact(40, coarse());
    counters.compact(80, coarse());
    counters.add(bucketStart(55, BUCKET, undefined), 55, 0);
    expect(sum(counters, 40, 80)).toEqual([3, 2]);
    expect(sum(counters, NEG, INF)).toEqual([7, 6]);
  });

  it("prunes old buckets but keeps the since-clear totals", () => {
    const counters = fed(events);
    counters.prune(60);
    expect(counters.bucketCount).toBe(6);
    expect(sum(counters, NEG, INF)).toEqual([6, 6]);
    expect(sum(counters, 60, INF)).toEqual([3, 3]);
    // A range reaching before the retention counts what is left of it.
    expect(sum(counters, 0, INF)).toEqual([3, 3]);
    expect(counters.seen(NEG, INF)).toEqual({ firstMs: 61, lastMs: 111 });
  });
});

describe("TimeCuts", () => {
  it("sorts, de-duplicates and ignores non-finite times", () => {
    const cuts = cutsAt(30, 10, 30, Number.NaN, INF, 20);
    expect(cuts.values).toEqual([10, 20, 30]);
    expect([cuts.atOrBefore(5), cuts.atOrBefore(10), cuts.atOrBefore(25), cuts.atOrBefore(99)]).toEqual([NEG, 10, 20, 30]);
  });
});
