import { describe, expect, it } from "vitest";
import type { Flow } from "../../gen/flow/flow_pb.ts";
import { FlowRing } from "../../domain/aggregation/flow-ring.ts";
import { T0_MS } from "../../domain/policy-attribution/attribution-fixtures.ts";
import { DEFAULT_DENY_AT, defaultDenyStage, l7Stage } from "../../domain/stages/stage-fixtures.ts";
import type { StageMarker } from "../../domain/stages/stage-timeline.ts";
import { type FlowSource, StageBookFeed, stageBookFeed } from "./stage-book-feed.ts";

/** The store's contract: the ring first, then every consumer; clear() empties the ring first. */
class FakeStore implements FlowSource {
  readonly ring: FlowRing;
  private readonly consumers = new Set<{ add(flows: readonly Flow[]): void; clear(): void }>();
  constructor(capacity = 1000) {
    this.ring = new FlowRing(capacity);
  }
  addConsumer(consumer: { add(flows: readonly Flow[]): void; clear(): void }) {
    this.consumers.add(consumer);
    return () => this.consumers.delete(consumer);
  }
  ingest(flows: readonly Flow[]) {
    this.ring.append(flows);
    for (const c of this.consumers) c.add(flows);
  }
  clear() {
    this.ring.clear();
    for (const c of this.consumers) c.clear();
  }
}

const DENY_MS = T0_MS + DEFAULT_DENY_AT * 1000;
const l7: StageMarker = { timeMs: T0_MS, label: "4 L7", source: "simulator" };
// Inside the bucket of one HTTP call (10.000–10.010 s): only a rebuild splits that call exactly.
const lateDeny: StageMarker = { timeMs: DENY_MS + 10_005, label: "late", source: "user" };
const all = [...l7Stage, ...defaultDenyStage];
const flowsOf = (feed: StageBookFeed, stage: number) => feed.book.summary(stage)?.flows;
const exactSplit = all.filter((f) => Number(f.time!.seconds) * 1000 + f.time!.nanos / 1e6 >= lateDeny.timeMs).length;

describe("StageBookFeed", () => {
  it.each([
    ["a ring that holds everything: rebuilt, the split is exact", 1000, exactSplit],
    ["a ring that evicted flows: kept, the split is bucket-exact only", 10, undefined],
  ])("%s", (_name, capacity, expected) => {
    const store = new FakeStore(capacity);
    const feed = new StageBookFeed(store);
    feed.setMarkers([l7]);
    store.ingest(all);
    const before = feed.generation;
    feed.setMarkers([l7, lateDeny]);
    if (expected === undefined) {
      expect(feed.generation).toBe(before);
      expect(flowsOf(feed, 1)).not.toBe(exactSplit);
    } else {
      expect(feed.generation).toBe(before + 1);
      expect(flowsOf(feed, 1)).toBe(expected);
      expect((flowsOf(feed, 0) ?? 0) + (flowsOf(feed, 1) ?? 0)).toBe(all.length);
    }
  });

  it("counts flows already in the ring when created, and starts over with the store", () => {
    const store = new FakeStore();
    store.ingest(l7Stage);
    const feed = new StageBookFeed(store);
    expect(feed.book.summaryOf({ fromMs: -Infinity, toMs: Infinity }).flows).toBe(l7Stage.length);
    expect(feed.newestFlowMs).toBe(T0_MS + 40_001);
    store.clear();
    expect(feed.newestFlowMs).toBeUndefined();
    store.ingest(defaultDenyStage);
    expect(feed.book.summaryOf({ fromMs: -Infinity, toMs: Infinity }).flows).toBe(defaultDenyStage.length);
  });

  it("ignores markers equal to the current ones, and needs no rebuild for a marker after the newest flow", () => {
    const store = new FakeStore();
    const feed = new StageBookFeed(store);
    store.ingest(l7Stage);
    feed.setMarkers([l7]);
    const generation = feed.generation;
    feed.setMarkers([{ ...l7 }]);
    feed.setMarkers([l7, { timeMs: T0_MS + 60_000, label: "next", source: "user" }]);
    expect(feed.generation).toBe(generation);
  });

  it("gives one feed per store", () => {
    const store = new FakeStore();
    expect(stageBookFeed(store)).toBe(stageBookFeed(store));
    expect(stageBookFeed(new FakeStore())).not.toBe(stageBookFeed(store));
  });
});
