// One StageBook per page, fed from the page's flow store from the moment the stage bar mounts,
// whichever tab is shown: the policies tab mounting later must not start from an empty book.
//
// Markers that arrive after their flows (a user marker placed in the past, a link opened with
// markers, the simulator's history read after the backlog) would only be as precise as the
// bucket they fall in (range-counters.ts). While the store's ring still holds every flow since
// the book was last cleared, such a marker rebuilds the book from the ring, so stages split to
// the millisecond; once the ring has evicted flows, a rebuild would lose counts, so we keep the
// bucket precision instead.
import type { Flow } from "../../gen/flow/flow_pb.ts";
import { flowTimeMs } from "../../domain/policy-attribution/bucket-plan.ts";
import { StageBook } from "../../domain/stages/stage-book.ts";
import type { StageMarker } from "../../domain/stages/stage-timeline.ts";

/** What the feed needs of the page's store (LiveStore has it); features do not import the app. */
export interface FlowSource {
  addConsumer(consumer: { add(flows: readonly Flow[]): void; clear(): void }): () => void;
  readonly ring: {
    readonly firstSeq: number;
    readonly nextSeq: number;
    get(seq: number): Flow | undefined;
    /** The `index`-th newest flow. */
    at(index: number): Flow | undefined;
  };
}

const REBUILD_BATCH = 5_000;

/** A StageBook fed by a FlowSource; markers set here may rebuild it (see the file comment). */
export class StageBookFeed {
  readonly book = new StageBook();
  private readonly source: FlowSource;
  /** Ring sequence number of the first flow the book has counted since its last clear. */
  private startSeq: number;
  private latestMs = Number.NEGATIVE_INFINITY;
  private markerKey = "";
  /** Bumped on every rebuild, so views recompute even when no new flow arrives. */
  private rebuilds = 0;

  constructor(source: FlowSource) {
    this.source = source;
    this.startSeq = source.ring.firstSeq;
    this.feedFromRing();
    source.addConsumer(this);
  }

  add(flows: readonly Flow[]): void {
    for (const flow of flows) {
      const ms = flowTimeMs(flow);
      if (ms !== undefined && ms > this.latestMs) this.latestMs = ms;
    }
    this.book.add(flows);
  }

  clear(): void {
    this.book.clear();
    this.latestMs = Number.NEGATIVE_INFINITY;
    // The store clears its ring before its consumers: counting restarts at the ring's next flow.
    this.startSeq = this.source.ring.nextSeq;
  }

  /** Replaces the markers; equal markers are a no-op, so every view may call this freely. */
  setMarkers(markers: readonly StageMarker[]): void {
    const key = markers.map((m) => `${m.timeMs}|${m.source}|${m.label}`).join("\n");
    if (key === this.markerKey) return;
    const known = new Set(this.book.markers.map((m) => m.timeMs));
    this.markerKey = key;
    this.book.setMarkers(markers);
    // Strictly later flows only: one flow in the marker's own millisecond is not worth a rebuild.
    const late = markers.some((m) => !known.has(m.timeMs) && m.timeMs < this.latestMs);
    if (late && this.source.ring.firstSeq <= this.startSeq) {
      this.book.clear();
      this.latestMs = Number.NEGATIVE_INFINITY;
      this.feedFromRing();
      this.rebuilds++;
    }
  }

  /** Changes on every rebuild (a memo key next to the store's version). */
  get generation(): number {
    return this.rebuilds;
  }

  /** Newest flow time counted, or undefined before any. */
  get newestFlowMs(): number | undefined {
    return this.latestMs === Number.NEGATIVE_INFINITY ? undefined : this.latestMs;
  }

  private feedFromRing(): void {
    const ring = this.source.ring;
    this.startSeq = ring.firstSeq;
    let batch: Flow[] = [];
    for (let seq = ring.firstSeq; seq < ring.nextSeq; seq++) {
      const flow = ring.get(seq);
      if (flow !== undefined) batch.push(flow);
      if (batch.length === REBUILD_BATCH) {
        this.add(batch);
        batch = [];
      }
    }
    if (batch.length > 0) this.add(batch);
  }
}

const feeds = new WeakMap<FlowSource, StageBookFeed>();

/** The page's feed for `source`, created (and subscribed) on first use; lives as long as the source. */
export function stageBookFeed(source: FlowSource): StageBookFeed {
  let feed = feeds.get(source);
  if (feed === undefined) {
    feed = new StageBookFeed(source);
    feeds.set(source, feed);
  }
  return feed;
}
