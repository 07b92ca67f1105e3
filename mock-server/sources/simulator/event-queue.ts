// A min-heap of scheduled items keyed by (time, insertion order). Ties keep insertion order, so
// the emitted stream depends only on the seed and the virtual times, never on how the clock
// happened to be advanced (one big fast-forward or many live ticks).

import { MinHeap } from "../../lib/min-heap.ts";

interface Entry<T> {
  readonly at: number;
  readonly seq: number;
  readonly item: T;
}

/** Items ordered by time, first in first out among equal times. */
export class EventQueue<T> {
  private readonly heap = new MinHeap<Entry<T>>((a, b) => a.at < b.at || (a.at === b.at && a.seq < b.seq));
  private seq = 0;

  get size(): number {
    return this.heap.size;
  }

  /** Time of the earliest item, or Infinity when empty. */
  peekTime(): number {
    return this.heap.peek()?.at ?? Infinity;
  }

  push(at: number, item: T): void {
    this.heap.push({ at, seq: this.seq++, item });
  }

  /** Removes and returns the earliest item with its time. */
  pop(): { at: number; item: T } | undefined {
    const top = this.heap.pop();
    return top === undefined ? undefined : { at: top.at, item: top.item };
  }

  clear(): void {
    this.heap.clear();
  }
}
