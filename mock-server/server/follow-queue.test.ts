// The follow queue's bound, counted in events over the runs it holds: what fits is kept (runs
// whole, with their envelopes), what does not is counted as lost.
import { describe, expect, it } from "vitest";
import { create } from "@bufbuild/protobuf";
import { GetFlowsResponseSchema } from "../../src/gen/observer/observer_pb.ts";
import type { EventRun } from "./flow-store.ts";
import { FollowQueue } from "./follow-queue.ts";

const run = (count: number): EventRun => ({
  events: Array.from({ length: count }, () => create(GetFlowsResponseSchema, {})),
  envelopes: new Uint8Array(count * 5),
});

describe("FollowQueue", () => {
  it.each([
    { name: "runs that fit", limit: 10, runs: [3, 4], kept: [3, 4], whole: [true, true], lost: 0 },
    { name: "a run that fits exactly", limit: 7, runs: [3, 4], kept: [3, 4], whole: [true, true], lost: 0 },
    { name: "a run cut at the limit (its envelopes dropped)", limit: 5, runs: [3, 4], kept: [3, 2], whole: [true, false], lost: 2 },
    { name: "runs after the limit", limit: 3, runs: [3, 4, 1], kept: [3], whole: [true], lost: 5 },
  ])("keeps $name", ({ limit, runs, kept, whole, lost }) => {
    const queue = new FollowQueue(limit);
    for (const count of runs) queue.push(run(count));
    const drained = queue.drain();
    expect(drained.runs.map((r) => r.events.length)).toEqual(kept);
    expect(drained.runs.map((r) => r.envelopes !== undefined)).toEqual(whole);
    expect(drained.lost).toBe(lost);
    expect(queue.drain()).toEqual({ runs: [], lost: 0 });
  });

  it("has room again after a drain, and wakes a waiting stream", async () => {
    const queue = new FollowQueue(2);
    queue.push(run(2));
    queue.drain();
    const waiting = queue.wait(new AbortController().signal);
    queue.push(run(2));
    await waiting;
    expect(queue.drain()).toMatchObject({ lost: 0, runs: [{ events: { length: 2 } }] });
  });
});
