// Streams flows from GetFlows into a bounded buffer and publishes snapshots a
// few times per second, so React renders per batch, never per flow.
// Walking skeleton (issue #3). TODO(#6): 250k ring, reconnect with backoff and
// resume with `since`, gap markers, Web Worker decoding.
import type { Flow } from "../gen/flow/flow_pb.ts";
import type { ObserverClient } from "./observer-client.ts";

export interface FeedSnapshot {
  /** Newest last. */
  flows: readonly Flow[];
  received: number;
  state: "connecting" | "streaming" | "ended" | "error";
  error?: string;
}

const PUBLISH_INTERVAL_MS = 200;

export class FlowFeed {
  private snapshot: FeedSnapshot = { flows: [], received: 0, state: "connecting" };
  private pending: Flow[] = [];
  private readonly listeners = new Set<() => void>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly abort = new AbortController();

  private readonly client: ObserverClient;
  private readonly capacity: number;

  constructor(client: ObserverClient, capacity = 10_000) {
    this.client = client;
    this.capacity = capacity;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): FeedSnapshot => this.snapshot;

  /** Starts streaming: the last `capacity` buffered flows, then new ones as they come. */
  async start(): Promise<void> {
    try {
      const stream = this.client.getFlows(
        { number: BigInt(this.capacity), follow: true },
        { signal: this.abort.signal },
      );
      this.update({ state: "streaming" });
      for await (const response of stream) {
        if (response.responseTypes.case !== "flow") continue;
        this.pending.push(response.responseTypes.value);
        this.schedulePublish();
      }
      this.flush();
      this.update({ state: "ended" });
    } catch (error) {
      if (this.abort.signal.aborted) return;
      this.flush();
      this.update({ state: "error", error: error instanceof Error ? error.message : String(error) });
    }
  }

  stop(): void {
    this.abort.abort();
    clearTimeout(this.timer);
  }

  private schedulePublish(): void {
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, PUBLISH_INTERVAL_MS);
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    const merged = [...this.snapshot.flows, ...this.pending];
    const flows = merged.length > this.capacity ? merged.slice(merged.length - this.capacity) : merged;
    const received = this.snapshot.received + this.pending.length;
    this.pending = [];
    this.update({ flows, received });
  }

  private update(patch: Partial<FeedSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...patch };
    for (const listener of this.listeners) listener();
  }
}
