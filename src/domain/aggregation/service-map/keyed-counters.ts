// Counters for open-ended keys (HTTP method and path, DNS name, policy name) over time buckets.
// Keys come from untrusted flows, so their number per edge is capped; later keys are counted
// under one overflow key.
import { WindowedCounters } from "./windowed-counters.ts";

/** The key counted in place of any key beyond the cap. */
export const OVERFLOW_KEY = "\u0000overflow";

export class KeyedCounters {
  private readonly counters = new Map<string, WindowedCounters>();
  private readonly maxKeys: number;
  private readonly bucketMs: number;

  constructor(maxKeys: number, bucketMs: number) {
    this.maxKeys = maxKeys;
    this.bucketMs = bucketMs;
  }

  add(timeMs: number, key: string, delta = 1): void {
    let counter = this.counters.get(key);
    if (counter === undefined) {
      const room = this.counters.size < this.maxKeys;
      const target = room ? key : OVERFLOW_KEY;
      counter = this.counters.get(target);
      if (counter === undefined) {
        counter = new WindowedCounters(1, this.bucketMs);
        this.counters.set(target, counter);
      }
    }
    counter.add(timeMs, 0, delta);
  }

  /** Keys with a non-zero count since `sinceMs` (-Infinity: ever), with their counts. */
  countsSince(sinceMs: number): Map<string, number> {
    const out = new Map<string, number>();
    const sum = [0];
    for (const [key, counter] of this.counters) {
      counter.sumSince(sinceMs, sum);
      if (sum[0]! > 0) out.set(key, sum[0]!);
    }
    return out;
  }

  prune(beforeMs: number): void {
    for (const counter of this.counters.values()) counter.prune(beforeMs);
  }

  get size(): number {
    return this.counters.size;
  }
}
