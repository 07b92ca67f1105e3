// The page's external store: one flow stream feeding the bounded ring and the
// aggregators (service map), plus the connection figures the indicator shows.
// Components read snapshots with useSyncExternalStore; a snapshot changes at
// most once per stream batch (a few times per second), never per flow.
import type { Flow, FlowFilter } from "../gen/flow/flow_pb.ts";
import { FlowRing } from "../domain/aggregation/flow-ring.ts";
import { FlowStream, type StreamState } from "../api/flow-stream.ts";
import type { ObserverClient } from "../api/observer-client.ts";
import type { GapMarker } from "../features/flows-table/gap-rows.ts";

const RATE_WINDOW_MS = 10_000;

export interface LiveSnapshot {
  /** Changes whenever the ring or the figures change. */
  version: number;
  state: StreamState;
  /** Flows received per second over the last 10 s (not a lifetime average). */
  flowsPerSecond: number;
  received: number;
  lostEvents: number;
  /** Breaks since the ring was last cleared, each anchored where the table marks it. */
  gaps: readonly GapMarker[];
}

/** An aggregator fed with every batch (the service map model, panels). */
export interface FlowConsumer {
  add(flows: readonly Flow[]): void;
  clear(): void;
}

export class LiveStore {
  readonly ring: FlowRing;
  private snapshot: LiveSnapshot = { version: 0, state: { kind: "stopped" }, flowsPerSecond: 0, received: 0, lostEvents: 0, gaps: [] };
  private readonly listeners = new Set<() => void>();
  private readonly consumers = new Set<FlowConsumer>();
  private readonly arrivals: { at: number; count: number }[] = [];
  private stream: FlowStream | undefined;
  /** Keeps the windowed rate falling when flows stop arriving. */
  private ticker: ReturnType<typeof setInterval> | undefined;

  constructor(capacity?: number) {
    this.ring = new FlowRing(capacity);
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): LiveSnapshot => this.snapshot;

  /** Adds an aggregator fed with every batch and cleared with the ring. */
  addConsumer(consumer: FlowConsumer): () => void {
    this.consumers.add(consumer);
    return () => this.consumers.delete(consumer);
  }

  /** (Re)starts streaming with these server filters; the ring starts empty. */
  connect(client: ObserverClient, whitelist: FlowFilter[], blacklist: FlowFilter[]): void {
    this.disconnect();
    this.clear();
    // Callbacks of a stream this store no longer owns are ignored.
    const current = () => this.stream === stream;
    const stream: FlowStream = new FlowStream(
      client,
      { whitelist, blacklist, backlog: Math.min(this.ring.capacity, 20_000) },
      {
        flows: (batch) => current() && this.ingest(batch),
        state: (state) => current() && this.update({ state }),
        // The stream reports a gap after the last flow before the break and before the
        // first after it, so the ring's nextSeq is the boundary between them.
        gap: (gap) => current() && this.update({ gaps: [...this.snapshot.gaps, { ...gap, atSeq: this.ring.nextSeq }] }),
        lost: (count) => current() && this.update({ lostEvents: this.snapshot.lostEvents + count }),
      },
    );
    this.stream = stream;
    this.ticker = setInterval(() => this.update({}), 1_000);
    void stream.run();
  }

  disconnect(): void {
    this.stream?.stop();
    this.stream = undefined;
    clearInterval(this.ticker);
    this.update({ state: { kind: "stopped" } });
  }

  /** Feeds flows that did not come from the stream (a file opened in the page). */
  ingest(batch: readonly Flow[]): void {
    this.ring.append(batch);
    for (const consumer of this.consumers) consumer.add(batch);
    const now = Date.now();
    this.arrivals.push({ at: now, count: batch.length });
    this.update({ received: this.snapshot.received + batch.length });
  }

  clear(): void {
    this.ring.clear();
    this.arrivals.length = 0;
    for (const consumer of this.consumers) consumer.clear();
    this.update({ received: 0, lostEvents: 0, gaps: [] });
  }

  private rate(now: number): number {
    while (this.arrivals.length > 0 && (this.arrivals[0]?.at ?? now) < now - RATE_WINDOW_MS) this.arrivals.shift();
    const total = this.arrivals.reduce((n, a) => n + a.count, 0);
    return total / (RATE_WINDOW_MS / 1000);
  }

  private update(patch: Partial<LiveSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...patch, version: this.snapshot.version + 1, flowsPerSecond: this.rate(Date.now()) };
    for (const listener of this.listeners) listener();
  }
}
