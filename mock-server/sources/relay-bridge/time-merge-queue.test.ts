// The merge of several relays' streams: ordered by time while every relay
// delivers, never blocked for longer than the hold time by a quiet one, and
// never larger than its bound. Virtual timers, so waits are exact.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { TimeMergeQueue } from "./time-merge-queue.ts";

const at = (seconds: number) => ({ seconds, nanos: 0 });

function setup(options: { holdMs?: number; maxSize?: number } = {}) {
  const out: string[] = [];
  const queue = new TimeMergeQueue<string>({
    emit: (item) => out.push(item),
    holdMs: options.holdMs ?? 1_000,
    maxSize: options.maxSize ?? 100,
  });
  return { out, queue };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("TimeMergeQueue", () => {
  it("passes a single relay's stream straight through", () => {
    const { out, queue } = setup();
    queue.setActive("a", true);
    queue.push("a", "a1", at(1), true);
    queue.push("a", "a2", at(2), true);
    expect(out).toEqual(["a1", "a2"]);
    expect(queue.size).toBe(0);
  });

  it("merges two live relays by time, releasing what both have passed", () => {
    const { out, queue } = setup();
    queue.setActive("a", true);
    queue.setActive("b", true);
    queue.push("a", "a1", at(1), true);
    queue.push("a", "a3", at(3), true);
    expect(out).toEqual([]); // b has sent nothing yet: its backlog may be older
    queue.push("b", "b2", at(2), true);
    expect(out).toEqual(["a1", "b2"]);
    queue.push("b", "b4", at(4), true);
    expect(out).toEqual(["a1", "b2", "a3"]);
    queue.push("a", "a5", at(5), true);
    expect(out).toEqual(["a1", "b2", "a3", "b4"]);
  });

  it("keeps arrival order among equal times", () => {
    const { out, queue } = setup();
    queue.setActive("a", true);
    queue.setActive("b", true);
    queue.push("a", "a1", at(1), true);
    queue.push("b", "b1", at(1), true);
    queue.push("a", "a1'", at(1), true);
    queue.push("b", "b2", at(2), true);
    queue.push("a", "a2", at(2), true);
    expect(out).toEqual(["a1", "b1", "a1'", "b2", "a2"]);
  });

  it("holds entries for a quiet relay no longer than the hold time, then releases them in time order", () => {
    const { out, queue } = setup({ holdMs: 1_000 });
    queue.setActive("a", true);
    queue.setActive("b", true);
    queue.push("a", "a5", at(5), true);
    vi.advanceTimersByTime(500);
    queue.push("a", "a6", at(6), true);
    queue.push("b", "b1", at(1), true); // b is behind: a's entries wait for it
    expect(out).toEqual(["b1"]);
    vi.advanceTimersByTime(499);
    expect(out).toEqual(["b1"]);
    vi.advanceTimersByTime(1);
    expect(out).toEqual(["b1", "a5"]); // a5 waited 1 s; a6 only 0.5 s
    vi.advanceTimersByTime(500);
    expect(out).toEqual(["b1", "a5", "a6"]);
  });

  it("releases the earlier entries first when a later one has waited long enough", () => {
    const { out, queue } = setup({ holdMs: 1_000 });
    queue.setActive("a", true);
    queue.setActive("b", true);
    queue.setActive("c", true);
    queue.push("a", "a9", at(9), true);
    vi.advanceTimersByTime(600);
    queue.push("b", "b3", at(3), true); // c has sent nothing: both wait
    expect(out).toEqual([]);
    vi.advanceTimersByTime(400); // a9 has waited 1 s: b3 is older, so it goes first
    expect(out).toEqual(["b3", "a9"]);
  });

  it("does not wait for relays that are not streaming", () => {
    const { out, queue } = setup();
    queue.setActive("a", true);
    queue.setActive("b", true);
    queue.push("a", "a1", at(1), true);
    expect(out).toEqual([]);
    queue.setActive("b", false);
    expect(out).toEqual(["a1"]);
    queue.push("a", "a2", at(2), true);
    expect(out).toEqual(["a1", "a2"]);
  });

  it("lets a notice stamped with the relay's clock wait without moving the watermark", () => {
    const { out, queue } = setup();
    queue.setActive("a", true);
    queue.setActive("b", true);
    queue.push("a", "a1", at(1), true);
    queue.push("b", "b-lost", at(100), false);
    queue.push("a", "a2", at(2), true);
    expect(out).toEqual([]); // b's position is still unknown
    queue.push("b", "b3", at(3), true);
    expect(out).toEqual(["a1", "a2"]);
  });

  it("never holds more than maxSize entries: the oldest by time goes out", () => {
    const { out, queue } = setup({ maxSize: 2 });
    queue.setActive("a", true);
    queue.setActive("b", true);
    queue.push("a", "a3", at(3), true);
    queue.push("a", "a1", at(1), true);
    expect(out).toEqual([]);
    queue.push("a", "a2", at(2), true);
    expect(out).toEqual(["a1"]);
    expect(queue.size).toBe(2);
  });

  it("flush() empties in time order; close() drops and stops the timer", () => {
    const { out, queue } = setup();
    queue.setActive("a", true);
    queue.setActive("b", true);
    queue.push("a", "a2", at(2), true);
    queue.push("a", "a1", at(1), true);
    queue.flush();
    expect(out).toEqual(["a1", "a2"]);
    queue.push("a", "a3", at(3), true);
    queue.close();
    vi.advanceTimersByTime(5_000);
    queue.push("a", "a4", at(4), true);
    expect(out).toEqual(["a1", "a2"]);
    expect(vi.getTimerCount()).toBe(0);
  });
});
