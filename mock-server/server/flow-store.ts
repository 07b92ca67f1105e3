// The server's event buffer: a bounded ring of GetFlowsResponse like Hubble's
// (capacity 2^n-1, oldest overwritten), with listeners for follow streams.
import type { GetFlowsResponse } from "../../src/gen/observer/observer_pb.ts";

export type StoreListener = (event: GetFlowsResponse) => void;

export class FlowStore {
  private readonly ring: (GetFlowsResponse | undefined)[];
  private start = 0;
  private count = 0;
  private seen = 0;
  private readonly listeners = new Set<StoreListener>();
  private readonly nodes = new Set<string>();

  readonly capacity: number;

  constructor(capacity = 4095) {
    this.capacity = capacity;
    this.ring = Array.from<GetFlowsResponse | undefined>({ length: capacity });
  }

  /** Adds one event, overwriting the oldest once full, and notifies followers. */
  add(event: GetFlowsResponse): void {
    const index = (this.start + this.count) % this.capacity;
    this.ring[index] = event;
    if (this.count < this.capacity) this.count++;
    else this.start = (this.start + 1) % this.capacity;
    if (event.responseTypes.case === "flow") this.seen++;
    if (event.nodeName) this.nodes.add(event.nodeName);
    for (const listener of this.listeners) listener(event);
  }

  /** The buffered events, oldest first. */
  snapshot(): GetFlowsResponse[] {
    const out: GetFlowsResponse[] = [];
    for (let i = 0; i < this.count; i++) {
      const event = this.ring[(this.start + i) % this.capacity];
      if (event) out.push(event);
    }
    return out;
  }

  subscribe(listener: StoreListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get size(): number {
    return this.count;
  }

  get seenFlows(): number {
    return this.seen;
  }

  get nodeNames(): string[] {
    return [...this.nodes].toSorted();
  }
}
