// The columns of a `hubble observe` compact flow line, one function each,
// following the CLI printer (hubble/pkg/printer/printer.go: GetHostNames,
// fmtIdentity, GetFlowType, getVerdict, getSummary) and facts B.3.
import {
  AuthType,
  AuthTypeSchema,
  DebugCapturePointSchema,
  type Endpoint,
  type Flow,
  L7FlowTypeSchema,
  type Policy,
  SocketTranslationPointSchema,
  TrafficDirection,
  TrafficDirectionSchema,
  Verdict,
  VerdictSchema,
} from "../../gen/flow/flow_pb.ts";
import { dropReasonText } from "./drop-reason-text.ts";
import { enumName } from "./enum-name.ts";
import {
  MonitorMessageType,
  SOCK_XLATE_POINT_WORDS,
  policyMatchTypeText,
  reservedIdentityName,
  traceObservationPointWord,
} from "./event-type-words.ts";
import { goJoinHostPort, goPathJoin } from "./go-format.ts";

/**
 * Which CLI generation to imitate. "current" is hubble v0.11 and later.
 * "v0.10" prints identities and `policy-verdict:<match>` without the traffic
 * direction; "v0.8" (v0.8–v0.9) prints no identities, the plain verdict and,
 * for policy verdicts, the bare match type. Neither older version knew DNS
 * observation sources, trace-sock events, IP trace IDs, auth or policy names.
 */
export type CompactCompat = "current" | "v0.10" | "v0.8";

/** The source and destination host columns (before any reply swap). */
export function hostNames(flow: Flow, ipTranslation: boolean): [string, string] {
  const ip = flow.IP;
  if (ip === undefined) {
    const eth = flow.ethernet;
    return eth === undefined ? ["", ""] : [eth.source, eth.destination];
  }
  const [srcPort, dstPort] = ports(flow);
  // As in the CLI, a service's namespace replaces the pod's namespace even
  // when a pod name is printed.
  const src = hostname(ip.source, srcPort, flow.source, flow.sourceService, flow.sourceNames, ipTranslation);
  const dst = hostname(ip.destination, dstPort, flow.destination, flow.destinationService, flow.destinationNames, ipTranslation);
  return [src, dst];
}

function ports(flow: Flow): [string, string] {
  const protocol = flow.l4?.protocol;
  switch (protocol?.case) {
    case "TCP":
    case "UDP":
    case "SCTP":
      return [String(protocol.value.sourcePort), String(protocol.value.destinationPort)];
    default:
      return ["", ""];
  }
}

function hostname(
  ip: string,
  port: string,
  endpoint: Endpoint | undefined,
  service: { name: string; namespace: string } | undefined,
  names: readonly string[],
  ipTranslation: boolean,
): string {
  let host = ip;
  if (ipTranslation) {
    const namespace = service === undefined ? (endpoint?.namespace ?? "") : service.namespace;
    const pod = endpoint?.podName ?? "";
    if (pod !== "") host = goPathJoin(namespace, pod);
    else if (service !== undefined && service.name !== "") host = goPathJoin(namespace, service.name);
    else if (names.length > 0) host = names.join(",");
  }
  return port !== "" && port !== "0" ? goJoinHostPort(host, port) : host;
}

/** `(ID:16530)`, or `(world)` etc. for reserved identities; 0 is `(unknown)`. */
export function identityText(endpoint: Endpoint | undefined): string {
  const identity = endpoint?.identity ?? 0;
  const reserved = reservedIdentityName(identity);
  return reserved === undefined ? `(ID:${identity})` : `(${reserved})`;
}

/** The TYPE column (GetFlowType). */
export function flowTypeWord(flow: Flow, compat: CompactCompat): string {
  const l7 = flow.l7;
  if (l7 !== undefined) {
    let type = enumName(L7FlowTypeSchema, l7.type).toLowerCase();
    const record = l7.record;
    let protocol = "l7";
    if (record.case === "http") protocol = "http";
    if (record.case === "kafka") protocol = "kafka";
    if (record.case === "dns") {
      protocol = "dns";
      // Appended even when empty (a trailing space), as the CLI does.
      if (compat === "current") type += ` ${record.value.observationSource}`;
    }
    return `${protocol}-${type}`;
  }
  const eventType = flow.eventType;
  const subType = eventType?.subType ?? 0;
  switch (eventType?.type ?? 0) {
    case MonitorMessageType.trace:
      return traceObservationPointWord(subType);
    case MonitorMessageType.drop:
      return dropReasonText(subType);
    case MonitorMessageType.policyVerdict:
      return policyVerdictWord(flow, compat);
    case MonitorMessageType.capture:
      return enumName(DebugCapturePointSchema, flow.debugCapturePoint);
    case MonitorMessageType.traceSock:
      if (compat !== "current") return "UNKNOWN";
      return SOCK_XLATE_POINT_WORDS.get(flow.sockXlatePoint) ?? enumName(SocketTranslationPointSchema, flow.sockXlatePoint);
    default:
      return "UNKNOWN";
  }
}

function policyVerdictWord(flow: Flow, compat: CompactCompat): string {
  const match = policyMatchTypeText(flow.policyMatchType);
  if (compat === "current") {
    return `policy-verdict:${match} ${enumName(TrafficDirectionSchema, flow.trafficDirection)}`;
  }
  if (compat === "v0.10") {
    return `policy-verdict:${match}`;
  }
  // v0.8–v0.9 printed the match type for allowed verdicts and the drop text for denied ones.
  switch (flow.verdict) {
    case Verdict.FORWARDED:
    case Verdict.AUDIT:
    case Verdict.REDIRECTED:
      return match;
    case Verdict.DROPPED:
      return dropReasonText(flow.dropReason);
    default:
      return "UNKNOWN";
  }
}

/** The VERDICT column (getVerdict), with ` BY name (kind), …` when asked for. */
export function verdictText(flow: Flow, compat: CompactCompat, printPolicyNames: boolean): string {
  const name = enumName(VerdictSchema, flow.verdict);
  if (compat === "v0.8" || flow.eventType?.type !== MonitorMessageType.policyVerdict) {
    return name;
  }
  const withNames = printPolicyNames && compat === "current";
  const direction = flow.trafficDirection;
  switch (flow.verdict) {
    case Verdict.FORWARDED:
    case Verdict.REDIRECTED: {
      if (!withNames) return "ALLOWED";
      return `ALLOWED${policyNames(direction === TrafficDirection.EGRESS ? flow.egressAllowedBy : direction === TrafficDirection.INGRESS ? flow.ingressAllowedBy : [])}`;
    }
    case Verdict.DROPPED:
    case Verdict.ERROR: {
      if (!withNames) return "DENIED";
      return `DENIED${policyNames(direction === TrafficDirection.EGRESS ? flow.egressDeniedBy : direction === TrafficDirection.INGRESS ? flow.ingressDeniedBy : [])}`;
    }
    case Verdict.AUDIT:
      return "AUDITED";
    default:
      return name;
  }
}

function policyNames(policies: readonly Policy[]): string {
  const named = policies.filter((p) => p.kind !== "" && p.name !== "").map((p) => `${p.name} (${p.kind})`);
  return named.length === 0 ? "" : ` BY ${named.join(", ")}`;
}

/** The text inside the final parentheses (getSummary). */
export function summaryText(flow: Flow, compat: CompactCompat): string {
  if (compat !== "current") {
    return flow.Summary;
  }
  const traceId = flow.ipTraceId?.traceId ?? 0n;
  const prefix = traceId > 0n ? `IP Trace ID: ${traceId}; ` : "";
  const auth = flow.authType === AuthType.DISABLED ? "" : `; Auth: ${enumName(AuthTypeSchema, flow.authType)}`;
  return `${prefix}${flow.Summary}${auth}`;
}
