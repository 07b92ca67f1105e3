// Short plain-text renderings of flow parts for table cells and the details
// drawer. Everything returned is untrusted text (names, URLs, labels come from
// the cluster): callers render it as React text only.
import {
  AuthType,
  AuthTypeSchema,
  type Endpoint,
  type Flow,
  L7FlowType,
  type Policy,
  TrafficDirection,
  VerdictSchema,
  type Workload,
} from "../../gen/flow/flow_pb.ts";
import { identityText } from "../../domain/flow/compact-flow-parts.ts";
import { enumName } from "../../domain/flow/enum-name.ts";
import { dnsRcodeText } from "../../domain/flow/summary-names.ts";
import { requestUriPath } from "../../domain/filters/request-uri.ts";

/** The verdict's enum name (`FORWARDED`, `DROPPED`, …), its number when unknown. */
export function verdictName(flow: Flow): string {
  return enumName(VerdictSchema, flow.verdict);
}

/** `namespace/pod`, or "" when the endpoint has no pod. */
export function podText(endpoint: Endpoint | undefined): string {
  if (endpoint === undefined || endpoint.podName === "") return "";
  return endpoint.namespace === "" ? endpoint.podName : `${endpoint.namespace}/${endpoint.podName}`;
}

// Label keys that name an application, most specific first (what Hubble UI titles cards with).
const APP_LABEL_KEYS = ["k8s:app.kubernetes.io/name", "k8s:app", "k8s:k8s-app", "k8s:name"];

/** The application name from an endpoint's labels (`k8s:app=…` and friends), if any. */
export function appName(endpoint: Endpoint | undefined): string | undefined {
  const labels = endpoint?.labels ?? [];
  for (const key of APP_LABEL_KEYS) {
    const label = labels.find((l) => l.startsWith(`${key}=`));
    if (label !== undefined) return label.slice(key.length + 1);
  }
  return undefined;
}

/**
 * Who an endpoint is, Hubble UI's "identity" column made precise:
 * `shop/frontend (ID:16530)`, `api.github.com (world)`, `(host)`.
 * DNS names stand in for the app name (they are what world endpoints have).
 */
export function identityLabel(endpoint: Endpoint | undefined, names: readonly string[]): string {
  const app = appName(endpoint);
  const namespace = endpoint?.namespace ?? "";
  let who = "";
  if (app !== undefined) who = namespace === "" ? app : `${namespace}/${app}`;
  else if (names.length > 0) who = names.join(",");
  else if (namespace !== "") who = namespace;
  const id = identityText(endpoint);
  return who === "" ? id : `${who} ${id}`;
}

/** `80` for TCP/UDP/SCTP ports, "" otherwise (ICMP has none; 0 means unknown). */
export function portText(flow: Flow, side: "source" | "destination"): string {
  const protocol = flow.l4?.protocol;
  switch (protocol?.case) {
    case "TCP":
    case "UDP":
    case "SCTP": {
      const port = side === "source" ? protocol.value.sourcePort : protocol.value.destinationPort;
      return port === 0 ? "" : String(port);
    }
    default:
      return "";
  }
}

/** The L4 protocol: `TCP`, `UDP`, `ICMPv4`, … or "". */
export function l4ProtocolName(flow: Flow): string {
  return flow.l4?.protocol.case ?? "";
}

/** TCP flags in the order the server lists them in summaries. */
export const TCP_FLAG_ORDER = ["SYN", "ACK", "RST", "FIN", "PSH", "URG", "ECE", "CWR", "NS"] as const;

/** The set TCP flags, e.g. ["SYN", "ACK"]; [] for non-TCP flows. */
export function tcpFlagNames(flow: Flow): string[] {
  const protocol = flow.l4?.protocol;
  if (protocol?.case !== "TCP") return [];
  const flags = protocol.value.flags;
  return TCP_FLAG_ORDER.filter((name) => flags?.[name] === true);
}

/** `ingress`, `egress`, or "" when unknown. */
export function trafficDirectionText(flow: Flow): string {
  if (flow.trafficDirection === TrafficDirection.INGRESS) return "ingress";
  if (flow.trafficDirection === TrafficDirection.EGRESS) return "egress";
  return "";
}

/** The auth type name (`SPIRE`), "" when disabled. */
export function authText(flow: Flow): string {
  return flow.authType === AuthType.DISABLED ? "" : enumName(AuthTypeSchema, flow.authType);
}

/** Whole milliseconds, truncated as Hubble's summaries do (`12ms`). */
export function latencyText(latencyNs: bigint): string {
  return `${latencyNs / 1_000_000n}ms`;
}

/** The path of an HTTP URL as Hubble's `--http-path` sees it; the raw URL when Go could not parse it. */
export function httpPath(url: string): string {
  return requestUriPath(url) ?? url;
}

/**
 * One-line L7 description, arrow first: `→ GET /cart`, `← 403 GET /cart 3ms`,
 * `→ DNS A example.com.`, `← DNS A example.com. 1.2.3.4`, `← DNS A x. Non-Existent Domain`.
 */
export function l7Text(flow: Flow): string {
  const l7 = flow.l7;
  if (l7 === undefined) return "";
  const arrow = l7.type === L7FlowType.REQUEST ? "→ " : l7.type === L7FlowType.RESPONSE ? "← " : "";
  const isResponse = l7.type === L7FlowType.RESPONSE;
  const record = l7.record;
  switch (record.case) {
    case "http": {
      const http = record.value;
      const request = `${http.method} ${httpPath(http.url)}`;
      return isResponse ? `${arrow}${http.code} ${request} ${latencyText(l7.latencyNs)}` : `${arrow}${request}`;
    }
    case "dns": {
      const dns = record.value;
      const question = ["DNS", dns.qtypes.join(","), dns.query].filter((part) => part !== "").join(" ");
      if (!isResponse) return `${arrow}${question}`;
      const answer = dns.rcode !== 0 ? dnsRcodeText(dns.rcode) : dns.ips.join(",");
      return answer === "" ? `${arrow}${question}` : `${arrow}${question} ${answer}`;
    }
    case "kafka": {
      const kafka = record.value;
      return `${arrow}${["Kafka", kafka.apiKey, kafka.topic].filter((part) => part !== "").join(" ")}`;
    }
    default:
      return `${arrow}L7`.trim();
  }
}

/** `name`, or `namespace/name` for namespaced policies. */
export function policyName(policy: Policy): string {
  return policy.namespace === "" ? policy.name : `${policy.namespace}/${policy.name}`;
}

/** Every policy the flow names, in both directions: `allowed by a, b; denied by c`. */
export function policiesText(flow: Flow): string {
  const allowed = [...flow.ingressAllowedBy, ...flow.egressAllowedBy].map(policyName);
  const denied = [...flow.ingressDeniedBy, ...flow.egressDeniedBy].map(policyName);
  const parts: string[] = [];
  if (allowed.length > 0) parts.push(`allowed by ${allowed.join(", ")}`);
  if (denied.length > 0) parts.push(`denied by ${denied.join(", ")}`);
  return parts.join("; ");
}

/** `namespace/name` of a service, "" when absent. */
export function serviceText(service: { name: string; namespace: string } | undefined): string {
  if (service === undefined || service.name === "") return "";
  return service.namespace === "" ? service.name : `${service.namespace}/${service.name}`;
}

/** `Kind/name` as `--from-workload` takes it. */
export function workloadText(workload: Workload): string {
  return workload.kind === "" ? workload.name : `${workload.kind}/${workload.name}`;
}

/** `yes` / `no` for is_reply, "" when unknown. */
export function isReplyText(flow: Flow): string {
  return flow.isReply === undefined ? "" : flow.isReply ? "yes" : "no";
}

