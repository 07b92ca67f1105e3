import { describe, expect, it } from "vitest";
import { MinHeap } from "./min-heap.ts";

describe("MinHeap", () => {
  it("pops in order, ties in arrival order when the caller compares a sequence", () => {
    const heap = new MinHeap<{ at: number; seq: number }>((a, b) => a.at < b.at || (a.at === b.at && a.seq < b.seq));
    const times = [5, 1, 3, 1, 9, 3, 0, 5];
    times.forEach((at, seq) => heap.push({ at, seq }));
    expect(heap.size).toBe(times.length);
    expect(heap.peek()).toEqual({ at: 0, seq: 6 });
    const out: string[] = [];
    for (let item = heap.pop(); item; item = heap.pop()) out.push(`${item.at}.${item.seq}`);
    expect(out).toEqual(["0.6", "1.1", "1.3", "3.2", "3.5", "5.0", "5.7", "9.4"]);
    expect(heap.pop()).toBeUndefined();
  });

  it("clears", () => {
    const heap = new MinHeap<number>((a, b) => a < b);
    heap.push(2);
    heap.clear();
    expect(heap.size).toBe(0);
  });
});
