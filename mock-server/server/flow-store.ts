// The server's event buffers, shaped like a Relay in front of its nodes: one
// ring per node (Hubble's per-agent buffer, capacity 2^n-1, oldest
// overwritten), listeners for follow streams, and the bookkeeping behind
// ServerStatus (windowed rate), GetNodes and GetNamespaces.
import type { Flow } from "../../src/gen/flow/flow_pb.ts";
import type { GetFlowsResponse } from "../../src/gen/observer/observer_pb.ts";

/**
 * Events that entered the store together, in order. `envelopes`, when the source has it, is
 * their gRPC framing (5-byte prefix + cached encoding, back to back): an unfiltered follower
 * writes it as is instead of framing each event again (20 followers, 20× less work per event).
 */
export interface EventRun {
  readonly events: readonly GetFlowsResponse[];
  readonly envelopes?: Uint8Array;
}

export type StoreListener = (run: EventRun) => void;

/** One node's ring of events (flows and lost-event notices), oldest first. */
export class NodeRing {
  readonly name: string;
  readonly capacity: number;
  readonly firstSeenMs: number;
  seenFlows = 0;
  private readonly events: (GetFlowsResponse | undefined)[];
  private start = 0;
  private count = 0;

  constructor(name: string, capacity: number, nowMs: number) {
    this.name = name;
    this.capacity = capacity;
    this.firstSeenMs = nowMs;
    this.events = Array.from<GetFlowsResponse | undefined>({ length: capacity });
  }

  push(event: GetFlowsResponse): void {
    this.events[(this.start + this.count) % this.capacity] = event;
    if (this.count < this.capacity) this.count++;
    else this.start = (this.start + 1) % this.capacity;
    if (event.responseTypes.case === "flow") this.seenFlows++;
  }

  get size(): number {
    return this.count;
  }

  /** The i-th buffered event, 0 = oldest. */
  at(i: number): GetFlowsResponse {
    return this.events[(this.start + i) % this.capacity] as GetFlowsResponse;
  }
}

const RATE_WINDOW_S = 60;
const NAMESPACE_TTL_MS = 60 * 60 * 1000;

export interface NamespaceEntry {
  cluster: string;
  namespace: string;
}

export class FlowStore {
  readonly capacityPerNode: number;
  private readonly rings = new Map<string, NodeRing>();
  private readonly listeners = new Set<StoreListener>();
  /** Flows ingested per wall-clock second, for the last minute's rate. */
  private readonly perSecond = new Uint32Array(RATE_WINDOW_S);
  private perSecondStamp = new Float64Array(RATE_WINDOW_S);
  private readonly namespaces = new Map<string, NamespaceEntry & { lastSeenMs: number }>();
  private readonly now: () => number;

  constructor(capacityPerNode = 4095, now: () => number = Date.now) {
    this.capacityPerNode = capacityPerNode;
    this.now = now;
  }

  /** Adds one event to its node's ring and notifies followers. */
  add(event: GetFlowsResponse): void {
    this.buffer(event, this.now());
    this.tell({ events: [event] });
  }

  /**
   * Adds events in order and notifies followers once. `envelopes` must be exactly the events'
   * gRPC envelopes (see EventRun), and every event one GetFlows sends (flow, lost or node status).
   */
  addRun(events: readonly GetFlowsResponse[], envelopes?: Uint8Array): void {
    const nowMs = this.now();
    for (const event of events) this.buffer(event, nowMs);
    this.tell(envelopes === undefined ? { events } : { events, envelopes });
  }

  /** Passes a notice (e.g. a relay's node status) to followers without buffering it. */
  notify(event: GetFlowsResponse): void {
    this.tell({ events: [event] });
  }

  private tell(run: EventRun): void {
    for (const listener of this.listeners) listener(run);
  }

  private buffer(event: GetFlowsResponse, nowMs: number): void {
    const nodeName = event.nodeName || "unknown";
    let ring = this.rings.get(nodeName);
    if (!ring) {
      ring = new NodeRing(nodeName, this.capacityPerNode, nowMs);
      this.rings.set(nodeName, ring);
    }
    ring.push(event);
    if (event.responseTypes.case === "flow") {
      this.countForRate(nowMs);
      this.noteNamespaces(event.responseTypes.value, nodeName, nowMs);
    }
  }

  subscribe(listener: StoreListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  nodes(): NodeRing[] {
    return [...this.rings.values()].toSorted((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  get nodeNames(): string[] {
    return this.nodes().map((ring) => ring.name);
  }

  /** Events buffered over all nodes. */
  get size(): number {
    let total = 0;
    for (const ring of this.rings.values()) total += ring.size;
    return total;
  }

  get capacity(): number {
    return this.capacityPerNode * Math.max(1, this.rings.size);
  }

  get seenFlows(): number {
    let total = 0;
    for (const ring of this.rings.values()) total += ring.seenFlows;
    return total;
  }

  /** Flows per second over the last minute of ingestion (Hubble's flows_rate). */
  flowsRate(): number {
    const nowS = Math.floor(this.now() / 1000);
    let total = 0;
    for (let i = 0; i < RATE_WINDOW_S; i++) {
      const stamp = this.perSecondStamp[i] ?? 0;
      if (stamp > nowS - RATE_WINDOW_S && stamp <= nowS) total += this.perSecond[i] ?? 0;
    }
    return total / RATE_WINDOW_S;
  }

  /** Namespaces that had flows in the last hour, sorted by cluster then namespace. */
  activeNamespaces(): NamespaceEntry[] {
    const cutoff = this.now() - NAMESPACE_TTL_MS;
    const out: NamespaceEntry[] = [];
    for (const [key, entry] of this.namespaces) {
      if (entry.lastSeenMs < cutoff) this.namespaces.delete(key);
      else out.push({ cluster: entry.cluster, namespace: entry.namespace });
    }
    return out.toSorted((a, b) => compare(a.cluster, b.cluster) || compare(a.namespace, b.namespace));
  }

  private countForRate(nowMs: number): void {
    const second = Math.floor(nowMs / 1000);
    const slot = second % RATE_WINDOW_S;
    if (this.perSecondStamp[slot] !== second) {
      this.perSecondStamp[slot] = second;
      this.perSecond[slot] = 0;
    }
    this.perSecond[slot] = (this.perSecond[slot] ?? 0) + 1;
  }

  private noteNamespaces(flow: Flow, nodeName: string, nowMs: number): void {
    const nodeCluster = nodeName.includes("/") ? (nodeName.split("/")[0] ?? "") : "";
    for (const endpoint of [flow.source, flow.destination]) {
      if (!endpoint?.namespace) continue;
      const cluster = endpoint.clusterName || nodeCluster;
      const key = `${cluster}\u0000${endpoint.namespace}`;
      const entry = this.namespaces.get(key);
      if (entry) entry.lastSeenMs = nowMs;
      else this.namespaces.set(key, { cluster, namespace: endpoint.namespace, lastSeenMs: nowMs });
    }
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
