// Moves one packet from one end to another and emits the trace events the datapath reports on
// the way: to-stack (native routing) or to-overlay (tunnel) where it leaves a node, to-endpoint
// or to-proxy where it is delivered. With Cilium's default monitorAggregation "medium" the
// from-* points are not reported at all and a connection's packets only when they add TCP flags
// not yet seen in that direction (or 5 s after the last report), which is why a lab shows SYN,
// SYN-ACK, the first ACK/PSH and FIN but not every data packet (grafana-panels §2.3).
import type { Flow } from "../../../src/gen/flow/flow_pb.ts";
import type { FlowFactory, Packet, TcpFlag, TracePointName } from "./flow-factory.ts";
import type { Rng } from "./rng.ts";
import type { CiliumSettings } from "./scenario-types.ts";
import type { NodeModel, PodModel } from "./topology.ts";

/** Which side of the connection an end is on: decides the trace's traffic_direction. */
export type Role = "client" | "server";

/** Where a packet starts or ends. A proxy end is the node's Envoy or DNS proxy. */
export type End =
  | { readonly kind: "pod"; readonly pod: PodModel; readonly role: Role }
  | { readonly kind: "proxy"; readonly node: NodeModel; readonly role: Role }
  | { readonly kind: "world" };

const FLAG_BITS: Readonly<Record<TcpFlag, number>> = { SYN: 1, ACK: 2, FIN: 4, RST: 8, PSH: 16 };
/** Cilium's monitorInterval: an unchanged direction is reported again after this long. */
const REPORT_INTERVAL_US = 5_000_000;

/** Conntrack's per-direction memory of reported flags, per node and endpoint side. */
export class CtState {
  private readonly seen = new Map<string, { flags: number; lastUs: number }>();

  /** Whether the datapath on `node` reports this packet (and remembers that it did). */
  report(node: NodeModel, side: "out" | "in", direction: "fwd" | "rev", flags: readonly TcpFlag[] | undefined, us: number, aggregation: CiliumSettings["monitorAggregation"]): boolean {
    // The sending and the receiving endpoint keep separate entries, even on one node.
    const key = `${node.nodeName}/${side}/${direction}`;
    const bits = (flags ?? []).reduce((acc, flag) => acc | FLAG_BITS[flag], 0);
    const entry = this.seen.get(key);
    if (entry === undefined) {
      this.seen.set(key, { flags: bits, lastUs: us });
      return true;
    }
    const changed = (entry.flags | bits) !== entry.flags;
    if (aggregation === "none" || aggregation === "low" || changed || us - entry.lastUs > REPORT_INTERVAL_US) {
      entry.flags |= bits;
      entry.lastUs = us;
      return true;
    }
    return false;
  }
}

function nodeOf(end: End): NodeModel | undefined {
  if (end.kind === "pod") return end.pod.node;
  return end.kind === "proxy" ? end.node : undefined;
}

function directionOf(end: End): "ingress" | "egress" | undefined {
  if (end.kind === "world") return undefined;
  return end.role === "client" ? "egress" : "ingress";
}

/** Emits trace events for packets; `emit` receives flows with their virtual time in µs. */
export class Wire {
  private readonly factory: FlowFactory;
  private readonly emit: (us: number, flow: Flow) => void;
  private readonly settings: CiliumSettings;
  private readonly rng: Rng;

  constructor(factory: FlowFactory, emit: (us: number, flow: Flow) => void, settings: CiliumSettings, rng: Rng) {
    this.factory = factory;
    this.emit = emit;
    this.settings = settings;
    this.rng = rng;
  }

  /** One-way delay between two ends, in µs: a few µs on one node, ~0.1–0.4 ms across nodes, ms to the internet. */
  latency(from: End, to: End): number {
    if (from.kind === "world" || to.kind === "world") return this.rng.int(4_000, 12_000);
    return nodeOf(from) === nodeOf(to) ? this.rng.int(8, 30) : this.rng.int(90, 400);
  }

  private trace(node: NodeModel, us: number, p: Packet, point: TracePointName, direction: "ingress" | "egress" | undefined, reason: "new" | "established" | "reply"): void {
    this.emit(us, this.factory.trace(node, us, p, point, direction, reason));
  }

  /**
   * The sending side: from-endpoint / from-proxy (aggregation none only) and to-stack or
   * to-overlay when the packet leaves the node. Returns the time it reaches `to`'s node.
   */
  leave(us: number, p: Packet, from: End, to: End, ct: CtState, direction: "fwd" | "rev", reason: "new" | "established" | "reply"): number {
    const fromNode = nodeOf(from);
    const toNode = nodeOf(to);
    const arrive = us + this.latency(from, to);
    if (fromNode === undefined || !ct.report(fromNode, "out", direction, p.flags, us, this.settings.monitorAggregation)) return arrive;
    const all = this.settings.monitorAggregation === "none";
    if (all) this.trace(fromNode, us, p, from.kind === "pod" ? "fromEndpoint" : "fromProxy", directionOf(from), reason);
    if (toNode === fromNode) return arrive;
    const tunnel = this.settings.routing === "tunnel" && toNode !== undefined;
    if (from.kind === "pod") this.trace(fromNode, us + 3, p, tunnel ? "toOverlay" : "toStack", directionOf(from), reason);
    else if (tunnel) this.trace(fromNode, us + 3, p, "toOverlay", undefined, reason);
    return arrive;
  }

  /** The receiving side: from-network / from-overlay (aggregation none only), then to-endpoint or to-proxy. */
  arrive(us: number, p: Packet, from: End, to: End, ct: CtState, direction: "fwd" | "rev", reason: "new" | "established" | "reply"): void {
    const toNode = nodeOf(to);
    if (toNode === undefined || !ct.report(toNode, "in", direction, p.flags, us, this.settings.monitorAggregation)) return;
    const crossed = nodeOf(from) !== toNode;
    if (crossed && this.settings.monitorAggregation === "none") {
      this.trace(toNode, us - 2, p, this.settings.routing === "tunnel" && from.kind !== "world" ? "fromOverlay" : "fromNetwork", undefined, reason);
    }
    this.trace(toNode, us, p, to.kind === "pod" ? "toEndpoint" : "toProxy", directionOf(to), reason);
  }

  /** leave + arrive; returns the arrival time. */
  send(us: number, p: Packet, from: End, to: End, ct: CtState, direction: "fwd" | "rev", reason: "new" | "established" | "reply"): number {
    const at = this.leave(us, p, from, to, ct, direction, reason);
    this.arrive(at, p, from, to, ct, direction, reason);
    return at;
  }
}
