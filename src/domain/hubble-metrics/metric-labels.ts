// The label values Hubble's metric handlers derive from one flow (facts grafana-panels §2.0–2.8),
// shared by the server's /metrics and the browser's panels so both count the same way.
import { type Flow, DropReasonSchema, IPVersion, L7FlowType, TrafficDirection, Verdict, VerdictSchema } from "../../gen/flow/flow_pb.ts";
import { enumName } from "../flow/enum-name.ts";

/** Monitor message types (Cilium pkg/monitor/api/types.go). */
export const MessageType = {
  DROP: 1,
  DEBUG: 2,
  CAPTURE: 3,
  TRACE: 4,
  POLICY_VERDICT: 5,
  TRACE_SOCK: 7,
  ACCESS_LOG: 129,
} as const;

/** Trace sub types: the raw datapath observation point (not the proto's TraceObservationPoint). */
const TRACE_OBSERVATION_POINTS: readonly string[] = [
  "to-endpoint", "to-proxy", "to-host", "to-stack", "to-overlay", "from-endpoint",
  "from-proxy", "from-host", "from-stack", "from-overlay", "from-network", "to-network",
];

/** Monitor policy match types, as `PolicyMatchType.String()` lower-cased by the policy handler. */
const POLICY_MATCH_TYPES: readonly string[] = ["none", "l3-only", "l3-l4", "l4-only", "all", "l3-proto", "proto-only"];

/** The `type` label of hubble_flows_processed_total: L7, Drop, Capture, Trace, PolicyVerdict or Unknown. */
export function metricType(flow: Flow): string {
  switch (flow.eventType?.type ?? 0) {
    case MessageType.ACCESS_LOG:
      return "L7";
    case MessageType.DROP:
      return "Drop";
    case MessageType.CAPTURE:
      return "Capture";
    case MessageType.TRACE:
      return "Trace";
    case MessageType.POLICY_VERDICT:
      return "PolicyVerdict";
    default:
      return "Unknown";
  }
}

/** The `subtype` label: DNS/HTTP/Kafka for L7, the observation point for Trace, the event type number for Unknown. */
export function metricSubtype(flow: Flow): string {
  const type = flow.eventType?.type ?? 0;
  switch (type) {
    case MessageType.ACCESS_LOG:
      return l7RecordName(flow) ?? "";
    case MessageType.TRACE:
      return TRACE_OBSERVATION_POINTS[flow.eventType?.subType ?? 0] ?? "";
    case MessageType.DROP:
    case MessageType.CAPTURE:
    case MessageType.POLICY_VERDICT:
      return "";
    default:
      return String(type);
  }
}

/** Trace observation point name of a sub type ("" when unknown), for panels grouping Trace flows. */
export function traceObservationPointName(subType: number): string {
  return TRACE_OBSERVATION_POINTS[subType] ?? "";
}

/** Cilium's `v1.FlowProtocol(flow)`: DNS/HTTP/Kafka for L7, the L4 protocol for datapath events. */
export function flowProtocol(flow: Flow): string {
  const type = flow.eventType?.type ?? 0;
  if (type === MessageType.ACCESS_LOG) return l7RecordName(flow) ?? "Unknown L7";
  if (type === MessageType.DROP || type === MessageType.CAPTURE || type === MessageType.TRACE || type === MessageType.POLICY_VERDICT) {
    return l4ProtocolName(flow) ?? "Unknown L4";
  }
  return "Unknown flow";
}

/** "TCP", "UDP", "ICMPv4", "ICMPv6" or "SCTP" when the flow has that L4 layer. */
export function l4ProtocolName(flow: Flow): string | undefined {
  switch (flow.l4?.protocol.case) {
    case "TCP":
    case "UDP":
    case "ICMPv4":
    case "ICMPv6":
    case "SCTP":
      return flow.l4.protocol.case;
    default:
      return undefined;
  }
}

function l7RecordName(flow: Flow): "DNS" | "HTTP" | "Kafka" | undefined {
  switch (flow.l7?.record.case) {
    case "dns":
      return "DNS";
    case "http":
      return "HTTP";
    case "kafka":
      return "Kafka";
    default:
      return undefined;
  }
}

/** The verdict's enum name (FORWARDED, DROPPED, …, VERDICT_UNKNOWN). */
export function verdictName(flow: Flow): string {
  return enumName(VerdictSchema, flow.verdict);
}

/** The drop reason's enum name; 0 is DROP_REASON_UNKNOWN, which is what L7 denies carry. */
export function dropReasonName(flow: Flow): string {
  return enumName(DropReasonSchema, flow.dropReasonDesc);
}

/** `tcp` and `port-distribution` count only traffic that went through. */
export function isForwardedOrRedirected(flow: Flow): boolean {
  return flow.verdict === Verdict.FORWARDED || flow.verdict === Verdict.REDIRECTED;
}

/** IP family name as the handlers print it, or undefined without an IP layer. */
export function ipFamily(flow: Flow): "IPv4" | "IPv6" | undefined {
  if (flow.IP === undefined) return undefined;
  if (flow.IP.ipVersion === IPVersion.IPv4) return "IPv4";
  if (flow.IP.ipVersion === IPVersion.IPv6) return "IPv6";
  return undefined;
}

/** Lower-cased traffic direction, as the policy handler writes it. */
export function directionLabel(direction: TrafficDirection): string {
  if (direction === TrafficDirection.INGRESS) return "ingress";
  if (direction === TrafficDirection.EGRESS) return "egress";
  return "traffic_direction_unknown";
}

/** The `match` label of hubble_policy_verdicts_total, or undefined when the policy handler skips the flow. */
export function policyMatchLabel(flow: Flow): string | undefined {
  const type = flow.eventType?.type ?? 0;
  if (type === MessageType.POLICY_VERDICT) {
    // The handler ignores verdicts on traffic from the host (identity 1).
    if (flow.source?.identity === 1) return undefined;
    return POLICY_MATCH_TYPES[flow.policyMatchType] ?? String(flow.policyMatchType);
  }
  if (type === MessageType.ACCESS_LOG) {
    const record = l7RecordName(flow);
    return record === undefined ? undefined : `l7/${record.toLowerCase()}`;
  }
  return undefined;
}

/** httpV2's `reporter`: the proxy on the client side (egress) or the server side (ingress). */
export function httpReporter(flow: Flow): string {
  if (flow.trafficDirection === TrafficDirection.EGRESS) return "client";
  if (flow.trafficDirection === TrafficDirection.INGRESS) return "server";
  return "unknown";
}

/** True for L7 HTTP response records, the only records httpV2 counts. */
export function isHttpResponse(flow: Flow): boolean {
  return flow.l7?.record.case === "http" && flow.l7.type === L7FlowType.RESPONSE;
}
