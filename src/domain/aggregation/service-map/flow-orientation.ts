// Turning one flow event into "client → server : port/protocol" and deciding whether it counts.
//
// Direction. Replies belong to the connection they answer, so a reply is flipped onto the
// client → server edge instead of drawing a reverse edge. A flow is a reply when `is_reply` says
// so; when `is_reply` is absent (older agents, some trace points) when its trace reason is REPLY,
// when it is a SYN-ACK, when the local endpoint (the one with an endpoint ID on the reporting
// node) is the packet's destination on an EGRESS connection or its source on an INGRESS one, and
// as a last resort when it goes from a port below 32768 to an ephemeral port above it.
//
// Counting. One packet is reported several times: at the sender's node (from-endpoint, to-stack,
// policy verdict) and at the receiver's (from-network, policy verdict, to-endpoint), plus a drop
// and a policy verdict for the same dropped packet. The map counts each packet once:
//   - trace events count only where a packet leaves (from-endpoint) or enters (to-endpoint) a
//     Cilium endpoint. The server side's traces count whenever the server's node reported
//     anything in the window (a trace, or an INGRESS drop, verdict or L7 record); the client
//     side's only when it did not (world, host, an unmonitored node);
//   - drop events always count: a dropped packet is never seen again;
//   - policy-verdict events do not count (their packet is traced or dropped too), except AUDIT,
//     which exists only as a policy verdict; all of them still supply policy names;
//   - L7 requests count, L7 responses only add their status to the request's line;
//   - trace-sock events (socket-LB translation, not packets) are ignored;
//   - anything else (no event type, debug, capture) counts.
// An edge whose events were all uncounted (say, a capture of policy verdicts only) falls back to
// counting every event, so it never shows zero flows.
import { type Flow, L7FlowType, TraceReason, TrafficDirection, Verdict } from "../../../gen/flow/flow_pb.ts";
import { MonitorMessageType } from "../../flow/event-type-words.ts";
import type { VerdictKey } from "./graph-model.ts";

/** How an event contributes to its edge's counters. */
export const Count = {
  /** Not on the map at all. */
  ignore: 0,
  /** Counts. */
  always: 1,
  /** Trace at the client's side: counts only when the server side reported nothing. */
  senderTrace: 2,
  /** Trace at the server's side: counts, and suppresses sender-side traces. */
  receiverTrace: 3,
  /** Keeps the edge alive and adds names and policies, but is a duplicate report. */
  annotation: 4,
} as const;
export type Count = (typeof Count)[keyof typeof Count];

const TRACE_TO_ENDPOINT = 0;
const TRACE_FROM_ENDPOINT = 5;
// Trace points where the packet is arriving at the reporting node's endpoint or stack.
const ARRIVING_POINTS = new Set([0, 6, 7, 8, 9, 10, 12]);
const EPHEMERAL_PORT_START = 32768;

/** Source and destination ports of a TCP/UDP/SCTP flow, else [0, 0]. */
export function flowPorts(flow: Flow): [number, number] {
  const protocol = flow.l4?.protocol;
  switch (protocol?.case) {
    case "TCP":
    case "UDP":
    case "SCTP":
      return [protocol.value.sourcePort, protocol.value.destinationPort];
    default:
      return [0, 0];
  }
}

/** TCP, UDP, SCTP, ICMPv4, ICMPv6, VRRP, IGMP or "other". */
export function flowProtocol(flow: Flow): string {
  return flow.l4?.protocol.case ?? "other";
}

/** Which endpoint is local to the reporting node: "source", "destination" or undefined. */
function localSide(flow: Flow): "source" | "destination" | undefined {
  const sourceLocal = (flow.source?.ID ?? 0) !== 0;
  const destinationLocal = (flow.destination?.ID ?? 0) !== 0;
  if (sourceLocal !== destinationLocal) return sourceLocal ? "source" : "destination";
  if (flow.eventType?.type === MonitorMessageType.trace) {
    return ARRIVING_POINTS.has(flow.eventType.subType & 0xff) ? "destination" : "source";
  }
  return undefined;
}

/** Whether the flow is the reply direction of a connection (see the file comment). */
export function isReplyFlow(flow: Flow): boolean {
  if (flow.isReply !== undefined) return flow.isReply;
  if (flow.traceReason === TraceReason.REPLY) return true;
  const l4 = flow.l4?.protocol;
  if (l4?.case === "TCP" && l4.value.flags?.SYN === true) return l4.value.flags.ACK;
  if (flow.l7 !== undefined) return flow.l7.type === L7FlowType.RESPONSE;
  const local = localSide(flow);
  if (local !== undefined && flow.trafficDirection === TrafficDirection.EGRESS) return local === "destination";
  if (local !== undefined && flow.trafficDirection === TrafficDirection.INGRESS) return local === "source";
  const [sourcePort, destinationPort] = flowPorts(flow);
  return sourcePort > 0 && sourcePort < EPHEMERAL_PORT_START && destinationPort >= EPHEMERAL_PORT_START;
}

/** The verdict bucket of a flow. */
export function verdictKey(verdict: Verdict): VerdictKey {
  switch (verdict) {
    case Verdict.FORWARDED:
      return "FORWARDED";
    case Verdict.DROPPED:
      return "DROPPED";
    case Verdict.REDIRECTED:
      return "REDIRECTED";
    case Verdict.AUDIT:
      return "AUDIT";
    case Verdict.ERROR:
      return "ERROR";
    default:
      return "OTHER";
  }
}

/**
 * How the flow counts on its (reply-folded) edge. `reply` is {@link isReplyFlow}; `bothOutside`
 * says neither end is a workload, so no endpoint trace point will ever report the packet.
 */
export function countOf(flow: Flow, reply: boolean, bothOutside: boolean): Count {
  if (flow.l7 !== undefined) return flow.l7.type === L7FlowType.RESPONSE ? Count.annotation : Count.always;
  const type = flow.eventType?.type;
  switch (type) {
    case MonitorMessageType.traceSock:
      return Count.ignore;
    case MonitorMessageType.drop:
      return Count.always;
    case MonitorMessageType.policyVerdict:
      return flow.verdict === Verdict.AUDIT ? Count.always : Count.annotation;
    case MonitorMessageType.trace: {
      const point = (flow.eventType?.subType ?? 0) & 0xff;
      if (point !== TRACE_TO_ENDPOINT && point !== TRACE_FROM_ENDPOINT) return bothOutside ? Count.always : Count.annotation;
      return reportedByServer(flow, reply) ? Count.receiverTrace : Count.senderTrace;
    }
    default:
      return Count.always;
  }
}

/**
 * Whether the server's node reported the flow, which shows that node is monitored (so the
 * client side's traces are duplicates). Endpoint trace points tell by themselves: to-endpoint on
 * a request, or from-endpoint on a reply, happens at the server. Other events carry a
 * connection-relative traffic direction: INGRESS means the local endpoint is the server.
 */
export function reportedByServer(flow: Flow, reply: boolean): boolean {
  if (flow.eventType?.type === MonitorMessageType.trace && flow.l7 === undefined) {
    const point = flow.eventType.subType & 0xff;
    if (point === TRACE_TO_ENDPOINT || point === TRACE_FROM_ENDPOINT) return (point === TRACE_TO_ENDPOINT) !== reply;
  }
  return flow.trafficDirection === TrafficDirection.INGRESS;
}
