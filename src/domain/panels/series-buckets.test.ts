import { describe, expect, it } from "vitest";
import { SeriesBuckets } from "./series-buckets.ts";

/** Window sums at the given last buckets, via the difference array and its prefix sum. */
function windowSums(series: SeriesBuckets, stepBuckets: number[], windowBuckets: number): number[] {
  const diff = new Float64Array((stepBuckets.length + 1) * series.width);
  series.addWindowDiff(Float64Array.from(stepBuckets), windowBuckets, diff);
  const out: number[] = [];
  let sum = 0;
  for (let i = 0; i < stepBuckets.length; i++) out.push((sum += diff[i]!));
  return out;
}

describe("SeriesBuckets", () => {
  it("sums whole buckets in (last − window, last]", () => {
    const series = new SeriesBuckets();
    for (const bucket of [10, 11, 11, 15, 20]) series.add(bucket);
    // window 5: step 10 → (5,10] = {10} = 1; 11 → {10,11,11} = 3; 15 → (10,15] = {11,11,15} = 3;
    // 16 → (11,16] = {15} = 1; 20 → (15,20] = {20} = 1; 21 → 1; 25 → (20,25] = 0
    expect(windowSums(series, [10, 11, 15, 16, 20, 21, 25], 5)).toEqual([1, 3, 3, 1, 1, 1, 0]);
  });

  it("keeps late buckets in order", () => {
    const series = new SeriesBuckets();
    for (const bucket of [20, 10, 15, 10, 5, 30, 25]) series.add(bucket);
    expect([series.bucketCount, series.firstBucket, series.lastBucket]).toEqual([6, 5, 30]);
    // window 10: step 10 → (0,10] = 5,10,10 = 3; 20 → (10,20] = 15,20 = 2; 30 → (20,30] = 25,30 = 2
    expect(windowSums(series, [10, 20, 30], 10)).toEqual([3, 2, 2]);
  });

  it("prunes buckets up to a horizon but remembers when the series began", () => {
    const series = new SeriesBuckets();
    for (const bucket of [1, 2, 3, 4]) series.add(bucket);
    series.prune(2);
    expect([series.bucketCount, series.firstBucket]).toEqual([2, 1]);
    expect(windowSums(series, [4], 10)).toEqual([2]);
    series.prune(10);
    series.add(12);
    expect([series.bucketCount, windowSums(series, [12], 1)[0]]).toEqual([1, 1]);
  });

  it("skips buckets that fall between windows shorter than the step", () => {
    const series = new SeriesBuckets();
    for (const bucket of [3, 5, 9, 10]) series.add(bucket);
    // window 2 at steps 5 and 10: (3,5] = 5 → 1; (8,10] = 9,10 → 2; bucket 3 is in neither
    expect(windowSums(series, [5, 10], 2)).toEqual([1, 2]);
  });

  it("adds each histogram slot separately", () => {
    const series = new SeriesBuckets(3);
    series.add(7, 0);
    series.add(7, 2);
    series.add(8, 2);
    const diff = new Float64Array(2 * 3);
    series.addWindowDiff(Float64Array.from([8]), 60, diff);
    expect([...diff.subarray(0, 3)]).toEqual([1, 0, 2]);
  });
});
