// Builds flow.Flow messages the way Hubble's parsers fill them (facts A.4–A.8, grafana-panels
// §2.0): one method per event kind (trace, policy-verdict, drop, L7 access log, socket-LB
// trace), each given the packet it reports and the node that observed it. Summary comes from
// the shared summarize(), so it matches what the UI and CLI expect byte for byte.
import { create, type MessageInitShape } from "@bufbuild/protobuf";
import { TimestampSchema, type Timestamp } from "@bufbuild/protobuf/wkt";
import {
  DropReason,
  EmitterSchema,
  FlowSchema,
  IPSchema,
  FlowType,
  IPVersion,
  L7FlowType,
  SocketTranslationPoint,
  TraceObservationPoint,
  TraceReason,
  TrafficDirection,
  Verdict,
  type Emitter,
  type Endpoint,
  type Flow,
  type Layer4,
  type Layer7,
  type Policy,
} from "../../../src/gen/flow/flow_pb.ts";
import { GetFlowsResponseSchema, type GetFlowsResponse } from "../../../src/gen/observer/observer_pb.ts";
import { summarize } from "../../../src/domain/flow/summary.ts";
import type { DirectionVerdict } from "../../../src/domain/policy/result.ts";
import type { PolicyRef } from "../../../src/domain/policy/types.ts";
import type { Rng } from "./rng.ts";
import { WORLD_ENDPOINT, type NodeModel, type PodModel, type ServiceModel } from "./topology.ts";

/** One end of a packet: a pod, or an address outside the cluster (world, a service VIP). */
export type Peer = { readonly kind: "pod"; readonly pod: PodModel } | { readonly kind: "world"; readonly ip: string };

export type TcpFlag = "SYN" | "ACK" | "FIN" | "RST" | "PSH";

/** The packet an event reports, as the datapath saw it. */
export interface Packet {
  readonly src: Peer;
  readonly dst: Peer;
  readonly srcIp: string;
  readonly dstIp: string;
  readonly proto: "TCP" | "UDP" | "ICMPv4";
  readonly srcPort: number;
  readonly dstPort: number;
  readonly flags?: readonly TcpFlag[];
  readonly icmpType?: number;
  /** Undefined: the direction is unknown (drops, denied verdicts). */
  readonly isReply?: boolean;
  readonly srcNames?: readonly string[];
  readonly dstNames?: readonly string[];
}

/** Trace observation points: monitor sub type and the proto enum value (facts A.8). */
export const TracePoint = {
  toEndpoint: { subType: 0, point: TraceObservationPoint.TO_ENDPOINT },
  toProxy: { subType: 1, point: TraceObservationPoint.TO_PROXY },
  toStack: { subType: 3, point: TraceObservationPoint.TO_STACK },
  toOverlay: { subType: 4, point: TraceObservationPoint.TO_OVERLAY },
  fromEndpoint: { subType: 5, point: TraceObservationPoint.FROM_ENDPOINT },
  fromProxy: { subType: 6, point: TraceObservationPoint.FROM_PROXY },
  fromOverlay: { subType: 9, point: TraceObservationPoint.FROM_OVERLAY },
  fromNetwork: { subType: 10, point: TraceObservationPoint.FROM_NETWORK },
} as const;

export type TracePointName = keyof typeof TracePoint;
export type Direction = "ingress" | "egress" | undefined;

const DIRECTION = { ingress: TrafficDirection.INGRESS, egress: TrafficDirection.EGRESS } as const;

/** `flow.Endpoint` of a peer as seen from `node` (endpoint IDs are node-local). */
export function endpointOf(peer: Peer, node: NodeModel): Endpoint {
  if (peer.kind === "world") return WORLD_ENDPOINT;
  return peer.pod.node === node ? peer.pod.localEndpoint : peer.pod.remoteEndpoint;
}

/** Time in microseconds since the epoch → Timestamp with a few nanoseconds of jitter. */
function timestamp(us: number, ns: number): Timestamp {
  return create(TimestampSchema, { seconds: BigInt(Math.floor(us / 1e6)), nanos: (us % 1e6) * 1000 + ns });
}

function layer4(p: Packet): Layer4 {
  if (p.proto === "ICMPv4") return { $typeName: "flow.Layer4", protocol: { case: "ICMPv4", value: { $typeName: "flow.ICMPv4", type: p.icmpType ?? 8, code: 0 } } };
  if (p.proto === "UDP") return { $typeName: "flow.Layer4", protocol: { case: "UDP", value: { $typeName: "flow.UDP", sourcePort: p.srcPort, destinationPort: p.dstPort } } };
  const flags = p.flags === undefined ? undefined : tcpFlags(p.flags);
  return { $typeName: "flow.Layer4", protocol: { case: "TCP", value: { $typeName: "flow.TCP", sourcePort: p.srcPort, destinationPort: p.dstPort, ...(flags === undefined ? {} : { flags }) } } };
}

function tcpFlags(flags: readonly TcpFlag[]): NonNullable<Extract<Layer4["protocol"], { case: "TCP" }>["value"]["flags"]> {
  const out = { $typeName: "flow.TCPFlags" as const, FIN: false, SYN: false, RST: false, PSH: false, ACK: false, URG: false, ECE: false, CWR: false, NS: false };
  for (const flag of flags) out[flag] = true;
  return out;
}

/** Looks up the repository revision of a policy in force (0 when unknown). */
export type RevisionOf = (policy: PolicyRef) => number;

/** Makes flows; shared by all synthesizers of one simulator. */
export class FlowFactory {
  private readonly rng: Rng;
  private readonly emitter: Emitter;

  constructor(rng: Rng, version: string) {
    this.rng = rng;
    this.emitter = create(EmitterSchema, { name: "Hubble", version });
  }

  private base(node: NodeModel, us: number, p: Packet, init: MessageInitShape<typeof FlowSchema>): Flow {
    const flow = create(FlowSchema, init);
    flow.time = timestamp(us, this.rng.int(0, 999));
    flow.uuid = this.rng.uuid();
    flow.emitter = this.emitter;
    flow.IP = create(IPSchema, { source: p.srcIp, destination: p.dstIp, ipVersion: p.srcIp.includes(":") ? IPVersion.IPv6 : IPVersion.IPv4 });
    flow.l4 = layer4(p);
    flow.source = endpointOf(p.src, node);
    flow.destination = endpointOf(p.dst, node);
    flow.nodeName = node.nodeName;
    if (p.srcNames !== undefined) flow.sourceNames = [...p.srcNames];
    if (p.dstNames !== undefined) flow.destinationNames = [...p.dstNames];
    if (p.isReply !== undefined) {
      flow.isReply = p.isReply;
      flow.reply = p.isReply;
    }
    if (flow.Type === FlowType.UNKNOWN_TYPE) flow.Type = FlowType.L3_L4;
    flow.Summary = summarize(flow);
    return flow;
  }

  /** A trace event (type 4) at an observation point. */
  trace(node: NodeModel, us: number, p: Packet, point: TracePointName, direction: Direction, reason: "new" | "established" | "reply"): Flow {
    const { subType, point: observationPoint } = TracePoint[point];
    return this.base(node, us, p, {
      verdict: Verdict.FORWARDED,
      eventType: { $typeName: "flow.CiliumEventType", type: 4, subType },
      traceObservationPoint: observationPoint,
      traceReason: reason === "new" ? TraceReason.NEW : reason === "reply" ? TraceReason.REPLY : TraceReason.ESTABLISHED,
      ...(direction === undefined ? {} : { trafficDirection: DIRECTION[direction] }),
    });
  }

  /** A policy-verdict event (type 5) for the first packet of a connection. */
  policyVerdict(node: NodeModel, us: number, p: Packet, verdict: DirectionVerdict, proxyPort: number, revisionOf: RevisionOf): Flow {
    const policies = (refs: readonly PolicyRef[]): Policy[] => refs.map((ref) => ({ $typeName: "flow.Policy", ...ref, labels: [...ref.labels], revision: BigInt(revisionOf(ref)) }));
    const dropped = verdict.flowVerdict === Verdict.DROPPED;
    const reason = dropped ? (verdict.dropReason ?? DropReason.POLICY_DENIED) : undefined;
    const ingress = verdict.direction === "ingress";
    return this.base(node, us, { ...p, isReply: dropped ? undefined : false }, {
      verdict: verdict.flowVerdict,
      eventType: { $typeName: "flow.CiliumEventType", type: 5, subType: 0 },
      trafficDirection: DIRECTION[verdict.direction],
      policyMatchType: verdict.matchType,
      ...(verdict.flowVerdict === Verdict.REDIRECTED ? { proxyPort } : {}),
      ...(reason === undefined ? {} : { dropReason: reason, dropReasonDesc: reason }),
      ...(dropped ? {} : ingress ? { ingressAllowedBy: policies(verdict.allowedBy) } : { egressAllowedBy: policies(verdict.allowedBy) }),
      ...(verdict.deniedBy.length === 0 ? {} : ingress ? { ingressDeniedBy: policies(verdict.deniedBy) } : { egressDeniedBy: policies(verdict.deniedBy) }),
    });
  }

  /** A drop event (type 1, sub type = drop reason). */
  drop(node: NodeModel, us: number, p: Packet, reason: DropReason, direction: Direction): Flow {
    return this.base(node, us, { ...p, isReply: undefined }, {
      verdict: Verdict.DROPPED,
      eventType: { $typeName: "flow.CiliumEventType", type: 1, subType: reason },
      dropReason: reason,
      dropReasonDesc: reason,
      ...(direction === undefined ? {} : { trafficDirection: DIRECTION[direction] }),
    });
  }

  /** An L7 access-log record (type 129) from the HTTP or DNS proxy; no TCP flags, no drop reason. */
  l7(node: NodeModel, us: number, p: Packet, verdict: Verdict, direction: "ingress" | "egress", record: Layer7["record"], latencyNs = 0n): Flow {
    return this.base(node, us, { ...p, flags: undefined }, {
      verdict,
      Type: FlowType.L7,
      eventType: { $typeName: "flow.CiliumEventType", type: 129, subType: 0 },
      trafficDirection: DIRECTION[direction],
      l7: { $typeName: "flow.Layer7", type: p.isReply === true ? L7FlowType.RESPONSE : L7FlowType.REQUEST, latencyNs, record },
    });
  }

  /**
   * A socket-LB trace (type 7) on connect()/sendmsg() to a service: pre-xlate-fwd shows the VIP
   * (and the service), post-xlate-fwd the chosen backend. The source port is not known there.
   */
  sock(node: NodeModel, us: number, client: PodModel, service: ServiceModel, backend: PodModel, proto: "TCP" | "UDP", port: number, targetPort: number, cookie: bigint): Flow[] {
    const make = (translated: boolean): Flow => {
      const p: Packet = { src: { kind: "pod", pod: client }, dst: translated ? { kind: "pod", pod: backend } : { kind: "world", ip: service.ip }, srcIp: client.ip, dstIp: translated ? backend.ip : service.ip, proto, srcPort: 0, dstPort: translated ? targetPort : port };
      const flow = this.base(node, us + (translated ? 1 : 0), p, {
        verdict: translated ? Verdict.TRANSLATED : Verdict.TRACED,
        Type: FlowType.SOCK,
        eventType: { $typeName: "flow.CiliumEventType", type: 7, subType: translated ? 2 : 1 },
        sockXlatePoint: translated ? SocketTranslationPoint.SOCK_XLATE_POINT_POST_DIRECTION_FWD : SocketTranslationPoint.SOCK_XLATE_POINT_PRE_DIRECTION_FWD,
        socketCookie: cookie,
        cgroupId: BigInt(4000 + client.endpointId),
        ...(translated ? {} : { destinationService: { $typeName: "flow.Service", name: service.spec.name, namespace: service.spec.namespace } }),
      });
      // The socket-LB parser's summary is the protocol name only.
      flow.Summary = proto;
      return flow;
    };
    return [make(false), make(true)];
  }
}

/** Wraps a flow as the GetFlows response the server stores. */
export function flowResponse(flow: Flow): GetFlowsResponse {
  return create(GetFlowsResponseSchema, { responseTypes: { case: "flow", value: flow }, nodeName: flow.nodeName, ...(flow.time === undefined ? {} : { time: flow.time }) });
}
