// Which Hubble metrics one flow increments, with which labels: the handlers of the lab's Helm
// string (`dns,drop,tcp,flow,port-distribution,icmp,httpV2:…labelsContext=…`) plus `policy`
// (facts grafana-panels §2). The server exports these counts on /metrics; the panels turn the
// same increments into rates, so a panel and its PromQL count exactly the same flows.
import type { Endpoint, Flow } from "../../gen/flow/flow_pb.ts";
import { Verdict } from "../../gen/flow/flow_pb.ts";
import { dnsRcodeText, icmpv4TypeCodeText, icmpv6TypeCodeText } from "../flow/summary-names.ts";
import {
  directionLabel,
  dropReasonName,
  flowProtocol,
  httpReporter,
  ipFamily,
  isForwardedOrRedirected,
  isHttpResponse,
  metricSubtype,
  metricType,
  policyMatchLabel,
  verdictName,
} from "./metric-labels.ts";

export type HubbleMetricName =
  | "hubble_flows_processed_total"
  | "hubble_drop_total"
  | "hubble_tcp_flags_total"
  | "hubble_port_distribution_total"
  | "hubble_icmp_total"
  | "hubble_dns_queries_total"
  | "hubble_dns_responses_total"
  | "hubble_dns_response_types_total"
  | "hubble_http_requests_total"
  | "hubble_http_request_duration_seconds"
  | "hubble_policy_verdicts_total";

export interface HubbleMetricDefinition {
  readonly name: HubbleMetricName;
  readonly help: string;
  readonly kind: "counter" | "histogram";
  readonly labelNames: readonly string[];
}

/** httpV2's `labelsContext` in the lab, in Hubble's fixed order (facts §2 intro). */
const HTTP_CONTEXT_LABELS = [
  "source_ip", "source_namespace", "source_workload",
  "destination_ip", "destination_namespace", "destination_workload", "traffic_direction",
] as const;

/** Every metric with its labels; help texts as Hubble registers them. */
export const HUBBLE_METRICS: readonly HubbleMetricDefinition[] = [
  { name: "hubble_flows_processed_total", kind: "counter", help: "Total number of flows processed", labelNames: ["protocol", "type", "subtype", "verdict"] },
  { name: "hubble_drop_total", kind: "counter", help: "Number of drops", labelNames: ["reason", "protocol"] },
  { name: "hubble_tcp_flags_total", kind: "counter", help: "TCP flag occurrences", labelNames: ["flag", "family"] },
  { name: "hubble_port_distribution_total", kind: "counter", help: "Numbers of packets distributed by destination port", labelNames: ["protocol", "port"] },
  { name: "hubble_icmp_total", kind: "counter", help: "Number of ICMP messages", labelNames: ["family", "type"] },
  { name: "hubble_dns_queries_total", kind: "counter", help: "Number of DNS queries observed", labelNames: ["rcode", "qtypes", "ips_returned"] },
  { name: "hubble_dns_responses_total", kind: "counter", help: "Number of DNS responses observed", labelNames: ["rcode", "qtypes", "ips_returned"] },
  { name: "hubble_dns_response_types_total", kind: "counter", help: "Number of DNS response types", labelNames: ["type", "qtypes"] },
  { name: "hubble_http_requests_total", kind: "counter", help: "Count of HTTP requests", labelNames: [...HTTP_CONTEXT_LABELS, "method", "protocol", "status", "reporter"] },
  { name: "hubble_http_request_duration_seconds", kind: "histogram", help: "Histogram of HTTP request duration in seconds", labelNames: [...HTTP_CONTEXT_LABELS, "method", "reporter"] },
  { name: "hubble_policy_verdicts_total", kind: "counter", help: "Number of policy verdict events", labelNames: ["direction", "match", "action"] },
];

export type MetricLabels = Readonly<Record<string, string>>;

/** One increment: +1 on a counter, or one observation (`observe`, seconds) on the histogram. */
export interface MetricIncrement {
  readonly metric: HubbleMetricName;
  readonly labels: MetricLabels;
  readonly observe?: number;
}

export interface IncrementOptions {
  /**
   * Hubble's icmp handler labels ICMPv6 flows `family="IPv4"` (facts §2.6). /metrics keeps the
   * bug so the stock dashboard reads the same; panels pass false to show ICMPv6 as IPv6.
   */
  readonly icmpv6AsIPv4?: boolean;
}

/** Every metric increment Hubble's handlers make for `flow`, in handler order. */
export function hubbleMetricIncrements(flow: Flow, options: IncrementOptions = {}): MetricIncrement[] {
  const out: MetricIncrement[] = [];
  const add = (metric: HubbleMetricName, labels: MetricLabels, observe?: number) =>
    out.push(observe === undefined ? { metric, labels } : { metric, labels, observe });

  add("hubble_flows_processed_total", { protocol: flowProtocol(flow), type: metricType(flow), subtype: metricSubtype(flow), verdict: verdictName(flow) });
  if (flow.verdict === Verdict.DROPPED) {
    add("hubble_drop_total", { reason: dropReasonName(flow), protocol: flowProtocol(flow) });
  }
  for (const flag of tcpFlagLabels(flow)) add("hubble_tcp_flags_total", { flag, family: ipFamily(flow) ?? "" });
  const port = portDistributionLabels(flow);
  if (port !== undefined) add("hubble_port_distribution_total", port);
  const icmp = icmpLabels(flow, options.icmpv6AsIPv4 ?? true);
  if (icmp !== undefined) add("hubble_icmp_total", icmp);
  addDnsIncrements(flow, add);
  if (isHttpResponse(flow) && flow.l7?.record.case === "http") {
    const http = flow.l7.record.value;
    const context = httpContextLabels(flow);
    const reporter = httpReporter(flow);
    add("hubble_http_requests_total", { ...context, method: http.method, protocol: http.protocol, status: String(http.code), reporter });
    add("hubble_http_request_duration_seconds", { ...context, method: http.method, reporter }, Number(flow.l7.latencyNs) / 1e9);
  }
  const match = policyMatchLabel(flow);
  if (match !== undefined) {
    add("hubble_policy_verdicts_total", { direction: directionLabel(flow.trafficDirection), match, action: verdictName(flow).toLowerCase() });
  }
  return out;
}

/** The `flag` labels of hubble_tcp_flags_total for this flow (one flow can add several). */
export function tcpFlagLabels(flow: Flow): string[] {
  if (!isForwardedOrRedirected(flow) || flow.IP === undefined || flow.l4?.protocol.case !== "TCP") return [];
  const flags = flow.l4.protocol.value.flags;
  if (flags === undefined) return [];
  const out: string[] = [];
  if (flags.FIN) out.push("FIN");
  if (flags.SYN) out.push(flags.ACK ? "SYN-ACK" : "SYN");
  if (flags.RST) out.push("RST");
  return out;
}

/** hubble_port_distribution_total labels: forwarded first packets of a direction, reply status known. */
export function portDistributionLabels(flow: Flow): { protocol: string; port: string } | undefined {
  // `is_reply` must be known and false: a wrapper value that is absent means unknown.
  if (!isForwardedOrRedirected(flow) || flow.isReply !== false) return undefined;
  const protocol = flow.l4?.protocol;
  switch (protocol?.case) {
    case "TCP":
    case "UDP":
    case "SCTP":
      return { protocol: protocol.case, port: String(protocol.value.destinationPort) };
    case "ICMPv4":
    case "ICMPv6":
      return { protocol: protocol.case, port: "0" };
    default:
      return undefined;
  }
}

function icmpLabels(flow: Flow, icmpv6AsIPv4: boolean): { family: string; type: string } | undefined {
  const protocol = flow.l4?.protocol;
  if (protocol?.case === "ICMPv4") return { family: "IPv4", type: icmpv4TypeCodeText(protocol.value.type, protocol.value.code) };
  if (protocol?.case === "ICMPv6") {
    return { family: icmpv6AsIPv4 ? "IPv4" : "IPv6", type: icmpv6TypeCodeText(protocol.value.type, protocol.value.code) };
  }
  return undefined;
}

function addDnsIncrements(flow: Flow, add: (metric: HubbleMetricName, labels: MetricLabels) => void): void {
  if (flow.l7?.record.case !== "dns") return;
  const dns = flow.l7.record.value;
  const qtypes = dns.qtypes.join(",");
  const ipsReturned = String(dns.ips.length);
  if (flow.verdict === Verdict.DROPPED) {
    add("hubble_dns_queries_total", { rcode: "Policy denied", qtypes, ips_returned: ipsReturned });
  } else if (flow.isReply !== true) {
    add("hubble_dns_queries_total", { rcode: "", qtypes, ips_returned: ipsReturned });
  } else {
    add("hubble_dns_responses_total", { rcode: dnsRcodeText(dns.rcode), qtypes, ips_returned: ipsReturned });
    for (const type of dns.rrtypes) add("hubble_dns_response_types_total", { type, qtypes });
  }
}

/** httpV2 context labels; on a response, source and destination are swapped back to client → server. */
function httpContextLabels(flow: Flow): Record<(typeof HTTP_CONTEXT_LABELS)[number], string> {
  const client = flow.destination;
  const server = flow.source;
  return {
    source_ip: flow.IP?.destination ?? "",
    source_namespace: client?.namespace ?? "",
    source_workload: workloadName(client),
    destination_ip: flow.IP?.source ?? "",
    destination_namespace: server?.namespace ?? "",
    destination_workload: workloadName(server),
    traffic_direction: trafficDirectionContext(flow),
  };
}

function workloadName(endpoint: Endpoint | undefined): string {
  return endpoint?.workloads[0]?.name ?? "";
}

function trafficDirectionContext(flow: Flow): string {
  const direction = directionLabel(flow.trafficDirection);
  return direction === "traffic_direction_unknown" ? "unknown" : direction;
}
