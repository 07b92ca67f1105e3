// What each `hubble observe` filter flag does to the FlowFilters (the `set` switch of hubble's
// cmd/observe/flows_filter.go), with the same value parsing and error messages.
import { create } from "@bufbuild/protobuf";
import {
  DropReasonSchema,
  EventTypeFilterSchema,
  FlowFilter_ExperimentalSchema,
  HTTPHeaderSchema,
  IPVersion,
  NetworkInterfaceSchema,
  TCPFlagsSchema,
  TrafficDirection,
  VerdictSchema,
  WorkloadSchema,
  type DropReason,
  type FlowFilter,
  type TCPFlags,
  type Verdict,
  type Workload,
} from "../../gen/flow/flow_pb.ts";
import { type FilterTracker } from "./observe-filter-tracker.ts";
import { parseDecimalUint, parseGoUint } from "./observe-values.ts";

/** Monitor message type names accepted by `-t` (pkg/monitor/api MessageTypeNames). */
export const MESSAGE_TYPE_NAMES: Readonly<Record<string, number>> = {
  drop: 1, debug: 2, capture: 3, trace: 4, "policy-verdict": 5, "trace-sock": 7, l7: 129, agent: 130,
};

/** Trace observation points accepted after `-t trace:` (sub types 0–13). */
export const TRACE_OBSERVATION_POINTS: readonly string[] = [
  "to-endpoint", "to-proxy", "to-host", "to-stack", "to-overlay", "from-endpoint", "from-proxy",
  "from-host", "from-stack", "from-overlay", "from-network", "to-network", "from-crypto", "to-crypto",
];

/** Agent notification sub types accepted after `-t agent:`. */
export const AGENT_EVENT_SUBTYPES: Readonly<Record<string, number>> = {
  unspecified: 0, message: 1, "agent-started": 2, "endpoint-regenerate-success": 3, "endpoint-regenerate-failure": 4,
  "policy-updated": 5, "policy-deleted": 6, "endpoint-created": 7, "endpoint-deleted": 8, "ipcache-upserted": 9, "ipcache-deleted": 10,
};

/** Reserved identity names accepted by --identity (pkg/identity reservedIdentities). */
export const RESERVED_IDENTITIES: Readonly<Record<string, number>> = {
  host: 1, world: 2, unmanaged: 3, health: 4, init: 5, "remote-node": 6, "kube-apiserver": 7,
  ingress: 8, "world-ipv4": 9, "world-ipv6": 10, "overlay-to-encrypt": 11,
};

const TCP_FLAG_NAMES = ["SYN", "FIN", "RST", "PSH", "ACK", "URG", "ECE", "CWR", "NS"] as const;

function parseTcpFlags(value: string): TCPFlags {
  const flags = create(TCPFlagsSchema);
  for (const part of value.split(",")) {
    const name = TCP_FLAG_NAMES.find((f) => f === part.toUpperCase());
    if (name === undefined) throw new Error(`unknown tcp flag: ${part}`);
    flags[name] = true;
  }
  return flags;
}

function parseIpVersion(value: string): IPVersion {
  const v = value.toLowerCase();
  if (["4", "v4", "ipv4", "ip4"].includes(v)) return IPVersion.IPv4;
  if (["6", "v6", "ipv6", "ip6"].includes(v)) return IPVersion.IPv6;
  return IPVersion.IP_NOT_USED; // hubble maps anything else ("none", typos) to IP_NOT_USED
}

/** `[kind/]name`: `web` (name), `Deployment/web`, `Deployment/` (kind only). */
export function parseWorkload(value: string): Workload {
  const slash = value.indexOf("/");
  if (slash < 0) return create(WorkloadSchema, { name: value });
  return create(WorkloadSchema, { kind: value.slice(0, slash), name: value.slice(slash + 1) });
}

function parseIdentity(value: string): number {
  const reserved = RESERVED_IDENTITIES[value];
  if (reserved !== undefined) return reserved;
  const id = parseGoUint(value, 32);
  if (id === undefined) {
    throw new Error(`invalid security identity, expected one of [${Object.keys(RESERVED_IDENTITIES).join(" ")}] or a numeric value`);
  }
  return Number(id);
}

function parseEventType(value: string) {
  const colon = value.indexOf(":");
  const [typeText, subText] = colon < 0 ? [value, undefined] : [value.slice(0, colon), value.slice(colon + 1)];
  const named = MESSAGE_TYPE_NAMES[typeText];
  let type = named;
  if (type === undefined) {
    const t = parseDecimalUint(typeText, 32);
    if (t === undefined) throw new Error(`unable to parse type '${typeText}', not a known type name and unable to parse as numeric value`);
    type = Number(BigInt.asIntN(32, t));
  }
  const filter = create(EventTypeFilterSchema, { type });
  if (subText === undefined) return filter;
  // Sub-type names are only looked up after a type *name* (hubble's switch sees 0 otherwise).
  const trace = named === MESSAGE_TYPE_NAMES.trace ? TRACE_OBSERVATION_POINTS.indexOf(subText) : -1;
  const agent = named === MESSAGE_TYPE_NAMES.agent ? AGENT_EVENT_SUBTYPES[subText] : undefined;
  let subType = trace >= 0 ? trace : agent;
  if (subType === undefined) {
    const st = parseDecimalUint(subText, 32);
    if (st === undefined) throw new Error(`unable to parse event sub-type '${subText}', not a known sub-type name and unable to parse as numeric value`);
    subType = Number(BigInt.asIntN(32, st));
  }
  filter.matchSubType = true;
  filter.subType = subType;
  return filter;
}

function verdictNamed(name: string): Verdict | undefined {
  return VerdictSchema.values.find((v) => v.name === name)?.number as Verdict | undefined;
}

function dropReasonNamed(name: string): DropReason | undefined {
  return DropReasonSchema.values.find((v) => v.name === name)?.number as DropReason | undefined;
}

/** Names of every filter flag the tracker understands (long form, without dashes). */
export const FILTER_FLAG_NAMES: readonly string[] = [
  "uuid", "fqdn", "from-fqdn", "to-fqdn", "pod", "from-pod", "to-pod", "ip", "from-ip", "to-ip", "snat-ip",
  "ipv4", "ipv6", "ip-version", "label", "from-label", "to-label", "namespace", "from-namespace", "to-namespace",
  "all-namespaces", "from-all-namespaces", "to-all-namespaces", "service", "from-service", "to-service",
  "port", "from-port", "to-port", "trace-id", "ip-trace-id", "verdict", "drop-reason-desc", "http-status",
  "http-method", "http-path", "http-url", "http-header", "type", "protocol", "workload", "from-workload",
  "to-workload", "identity", "from-identity", "to-identity", "node-name", "node-label", "cluster",
  "from-cluster", "to-cluster", "tcp-flags", "traffic-direction", "cel-expression", "interface",
  "encrypted", "unencrypted", "reply", "dns-query",
];

type StringField = { [K in keyof FlowFilter]-?: FlowFilter[K] extends string[] ? K : never }[keyof FlowFilter];

/**
 * Applies one filter flag (long name without dashes) to a tracker, as hubble's flowFilter.set.
 * Observatory extensions (the hubble CLI has no such flags): `--reply[=true|false]` (also
 * `--is-reply`) → reply, `--dns-query <re2>` → dns_query.
 * @throws Error with hubble's message when the value is invalid or flags conflict.
 */
export function applyFilterFlag(t: FilterTracker, name: string, value: string): void {
  t.track(name);
  const both = (field: StringField) => t.apply((f) => f[field].push(value));
  const split = (source: StringField, destination: StringField) =>
    t.applySplit((f) => f[source].push(value), (f) => f[destination].push(value));
  switch (name) {
    case "uuid": return both("uuid");
    case "fqdn": return split("sourceFqdn", "destinationFqdn");
    case "from-fqdn": return both("sourceFqdn");
    case "to-fqdn": return both("destinationFqdn");
    case "pod": return split("sourcePod", "destinationPod");
    case "from-pod": return both("sourcePod");
    case "to-pod": return both("destinationPod");
    case "ip": return split("sourceIp", "destinationIp");
    case "from-ip": return both("sourceIp");
    case "to-ip": return both("destinationIp");
    case "snat-ip": return both("sourceIpXlated");
    case "ipv4": return t.apply((f) => f.ipVersion.push(IPVersion.IPv4));
    case "ipv6": return t.apply((f) => f.ipVersion.push(IPVersion.IPv6));
    case "ip-version": return t.apply((f) => f.ipVersion.push(parseIpVersion(value)));
    case "label": return split("sourceLabel", "destinationLabel");
    case "from-label": return both("sourceLabel");
    case "to-label": return both("destinationLabel");
    case "namespace": return t.addNamespace("both", value);
    case "from-namespace": return t.addNamespace("source", value);
    case "to-namespace": return t.addNamespace("destination", value);
    case "all-namespaces": return t.addNamespace("both", "");
    case "from-all-namespaces": return t.addNamespace("source", "");
    case "to-all-namespaces": return t.addNamespace("destination", "");
    case "service": return split("sourceService", "destinationService");
    case "from-service": return both("sourceService");
    case "to-service": return both("destinationService");
    case "port": return split("sourcePort", "destinationPort");
    case "from-port": return both("sourcePort");
    case "to-port": return both("destinationPort");
    case "trace-id": return both("traceId");
    case "ip-trace-id": {
      if (value === "0") throw new Error("invalid --ip-trace-id value; must be greater than 0");
      const id = parseDecimalUint(value, 64);
      if (id === undefined) throw new Error(`invalid --ip-trace-id value: ${JSON.stringify(value)}`);
      return t.apply((f) => f.ipTraceId.push(id));
    }
    case "verdict": {
      const verdict = verdictNamed(value);
      if (verdict === undefined) throw new Error(`invalid --verdict value: ${value}`);
      return t.apply((f) => f.verdict.push(verdict));
    }
    case "drop-reason-desc": {
      if (value === "") throw new Error("empty --drop-reason-desc value");
      const reason = dropReasonNamed(value);
      if (reason === undefined) throw new Error(`invalid --drop-reason-desc value: ${value}`);
      return t.apply((f) => f.dropReasonDesc.push(reason));
    }
    case "http-status": return both("httpStatusCode");
    case "http-method": return both("httpMethod");
    case "http-path": return both("httpPath");
    case "http-url": return both("httpUrl");
    case "http-header": {
      const colon = value.indexOf(":");
      if (colon < 0) throw new Error(`invalid http-header value ${JSON.stringify(value)}, expected name:value`);
      return t.apply((f) => f.httpHeader.push(create(HTTPHeaderSchema, { key: value.slice(0, colon), value: value.slice(colon + 1) })));
    }
    case "type": {
      const eventType = parseEventType(value);
      return t.apply((f) => f.eventType.push(eventType));
    }
    case "protocol": return both("protocol");
    case "workload":
      return t.applySplit((f) => f.sourceWorkload.push(parseWorkload(value)), (f) => f.destinationWorkload.push(parseWorkload(value)));
    case "from-workload": return t.apply((f) => f.sourceWorkload.push(parseWorkload(value)));
    case "to-workload": return t.apply((f) => f.destinationWorkload.push(parseWorkload(value)));
    case "identity": {
      const id = parseIdentity(value);
      return t.applySplit((f) => f.sourceIdentity.push(id), (f) => f.destinationIdentity.push(id));
    }
    case "from-identity": {
      const id = parseIdentity(value);
      return t.apply((f) => f.sourceIdentity.push(id));
    }
    case "to-identity": {
      const id = parseIdentity(value);
      return t.apply((f) => f.destinationIdentity.push(id));
    }
    case "node-name": return both("nodeName");
    case "node-label": return both("nodeLabels");
    case "cluster": return split("sourceClusterName", "destinationClusterName");
    case "from-cluster": return both("sourceClusterName");
    case "to-cluster": return both("destinationClusterName");
    case "tcp-flags": {
      const flags = parseTcpFlags(value);
      return t.apply((f) => f.tcpFlags.push(flags));
    }
    case "traffic-direction": {
      const td = value.toLowerCase();
      if (td !== "ingress" && td !== "egress") throw new Error(`${td}: invalid traffic direction, expected ingress or egress`);
      const direction = td === "ingress" ? TrafficDirection.INGRESS : TrafficDirection.EGRESS;
      return t.apply((f) => f.trafficDirection.push(direction));
    }
    case "cel-expression":
      return t.apply((f) => {
        f.experimental ??= create(FlowFilter_ExperimentalSchema);
        f.experimental.celExpression.push(value);
      });
    case "interface": return t.apply((f) => f.interface.push(create(NetworkInterfaceSchema, { name: value })));
    case "encrypted": return t.apply((f) => f.encrypted.push(true));
    case "unencrypted": return t.apply((f) => f.encrypted.push(false));
    case "dns-query": return both("dnsQuery");
    case "reply": {
      const reply = parseGoBool(value);
      if (reply === undefined) throw new Error(`invalid --reply value: ${JSON.stringify(value)}`);
      return t.apply((f) => f.reply.push(reply));
    }
    default:
      throw new Error(`unknown filter flag --${name}`);
  }
}

/** Go's strconv.ParseBool. */
export function parseGoBool(value: string): boolean | undefined {
  if (["1", "t", "T", "TRUE", "true", "True"].includes(value)) return true;
  if (["0", "f", "F", "FALSE", "false", "False"].includes(value)) return false;
  return undefined;
}
