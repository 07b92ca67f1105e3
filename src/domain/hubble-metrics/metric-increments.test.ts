import { describe, expect, it } from "vitest";
import { TrafficDirection, Verdict } from "../../gen/flow/flow_pb.ts";
import {
  type FlowInit,
  buildFlow,
  dnsRecord,
  dropEvent,
  from,
  httpRequest,
  httpResponse,
  ips,
  policyVerdictEvent,
  reply,
  tcp,
  to,
  traceEvent,
  udp,
} from "../../testing/flow-builders.ts";
import { readSampleFlows } from "../../testing/node/samples.ts";
import { hubbleMetricIncrements, type MetricIncrement } from "./metric-increments.ts";


const icmp = (version: 4 | 6, type: number): FlowInit => ({
  l4: { protocol: version === 4 ? { case: "ICMPv4", value: { type, code: 0 } } : { case: "ICMPv6", value: { type, code: 0 } } },
});

/** Increments as "metric{k=v,…}" (+ " observe=x"), sorted labels, for compact expectations. */
function render(increments: MetricIncrement[]): string[] {
  return increments.map(({ metric, labels, observe }) => {
    const text = Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(",");
    return `${metric}{${text}}${observe === undefined ? "" : ` observe=${observe}`}`;
  });
}

const flowsProcessed = (protocol: string, type: string, subtype: string, verdict: string) =>
  `hubble_flows_processed_total{protocol=${protocol},type=${type},subtype=${subtype},verdict=${verdict}}`;

describe("hubbleMetricIncrements", () => {
  it.each<[string, FlowInit[], string[]]>([
    [
      "forwarded SYN at to-endpoint, reply known false: flow + tcp SYN + port 80/TCP",
      [traceEvent(0), ips("10.0.0.1", "10.0.0.2"), tcp(40000, 80, "SYN"), reply(false)],
      [flowsProcessed("TCP", "Trace", "to-endpoint", "FORWARDED"), "hubble_tcp_flags_total{flag=SYN,family=IPv4}", "hubble_port_distribution_total{protocol=TCP,port=80}"],
    ],
    [
      "SYN-ACK reply at to-stack: SYN-ACK, no port (a reply)",
      [traceEvent(3), ips("10.0.0.2", "10.0.0.1"), tcp(80, 40000, "SYN", "ACK"), reply(true)],
      [flowsProcessed("TCP", "Trace", "to-stack", "FORWARDED"), "hubble_tcp_flags_total{flag=SYN-ACK,family=IPv4}"],
    ],
    [
      "FIN+RST over IPv6 with unknown reply status: two flags, no port",
      [traceEvent(5), ips("fd00::1", "fd00::2"), tcp(40000, 443, "FIN", "RST", "ACK")],
      [flowsProcessed("TCP", "Trace", "from-endpoint", "FORWARDED"), "hubble_tcp_flags_total{flag=FIN,family=IPv6}", "hubble_tcp_flags_total{flag=RST,family=IPv6}"],
    ],
    [
      "policy-denied drop: drop counted, no tcp flags (not forwarded)",
      [dropEvent(133), ips("10.0.0.1", "1.1.1.1"), tcp(40000, 443, "SYN")],
      [flowsProcessed("TCP", "Drop", "", "DROPPED"), "hubble_drop_total{reason=POLICY_DENIED,protocol=TCP}"],
    ],
    [
      "denied egress policy verdict: PolicyVerdict, POLICY_DENIED drop, policy verdict none/dropped",
      [policyVerdictEvent(Verdict.DROPPED, 0, TrafficDirection.EGRESS), { dropReasonDesc: 133 }, ips("10.0.0.1", "1.1.1.1"), tcp(40000, 443, "SYN"), from({ identity: 4000 })],
      [
        flowsProcessed("TCP", "PolicyVerdict", "", "DROPPED"),
        "hubble_drop_total{reason=POLICY_DENIED,protocol=TCP}",
        "hubble_policy_verdicts_total{direction=egress,match=none,action=dropped}",
      ],
    ],
    [
      "redirected L3-L4 ingress verdict with reply false: SYN counted, port counted, l3-l4/redirected",
      [policyVerdictEvent(Verdict.REDIRECTED, 2, TrafficDirection.INGRESS), ips("10.0.0.1", "10.0.0.2"), tcp(40000, 80, "SYN"), reply(false), from({ identity: 4000 })],
      [
        flowsProcessed("TCP", "PolicyVerdict", "", "REDIRECTED"),
        "hubble_tcp_flags_total{flag=SYN,family=IPv4}",
        "hubble_port_distribution_total{protocol=TCP,port=80}",
        "hubble_policy_verdicts_total{direction=ingress,match=l3-l4,action=redirected}",
      ],
    ],
    [
      "policy verdict from the host (identity 1): skipped by the policy handler",
      [policyVerdictEvent(Verdict.FORWARDED, 4, TrafficDirection.INGRESS), ips("10.0.0.9", "10.0.0.2"), udp(5000, 53), reply(false), from({ identity: 1 })],
      [flowsProcessed("UDP", "PolicyVerdict", "", "FORWARDED"), "hubble_port_distribution_total{protocol=UDP,port=53}"],
    ],
    [
      "L7 HTTP request denied by the proxy: DROP_REASON_UNKNOWN/HTTP, l7/http dropped, not counted by httpV2",
      [httpRequest("GET", "http://backend/get"), { verdict: Verdict.DROPPED, trafficDirection: TrafficDirection.INGRESS }],
      [
        flowsProcessed("HTTP", "L7", "HTTP", "DROPPED"),
        "hubble_drop_total{reason=DROP_REASON_UNKNOWN,protocol=HTTP}",
        "hubble_policy_verdicts_total{direction=ingress,match=l7/http,action=dropped}",
      ],
    ],
    [
      "L7 HTTP response at the server: httpV2 request + duration, context swapped back to client → server",
      [
        httpResponse(403, 1_500_000n, "GET", "http://backend/get"),
        { verdict: Verdict.FORWARDED, trafficDirection: TrafficDirection.INGRESS },
        ips("10.0.1.5", "10.0.0.7"),
        from({ namespace: "shop", workloads: [{ name: "backend", kind: "Deployment" }] }),
        to({ namespace: "shop", workloads: [{ name: "frontend", kind: "Deployment" }] }),
      ],
      [
        flowsProcessed("HTTP", "L7", "HTTP", "FORWARDED"),
        "hubble_http_requests_total{source_ip=10.0.0.7,source_namespace=shop,source_workload=frontend,destination_ip=10.0.1.5,destination_namespace=shop,destination_workload=backend,traffic_direction=ingress,method=GET,protocol=HTTP/1.1,status=403,reporter=server}",
        "hubble_http_request_duration_seconds{source_ip=10.0.0.7,source_namespace=shop,source_workload=frontend,destination_ip=10.0.1.5,destination_namespace=shop,destination_workload=backend,traffic_direction=ingress,method=GET,reporter=server} observe=0.0015",
        "hubble_policy_verdicts_total{direction=ingress,match=l7/http,action=forwarded}",
      ],
    ],
    [
      "DNS query through the proxy: a query with empty rcode",
      [dnsRecord({ isReply: false })],
      [flowsProcessed("DNS", "L7", "DNS", "FORWARDED"), "hubble_dns_queries_total{rcode=,qtypes=A,ips_returned=0}", "hubble_policy_verdicts_total{direction=egress,match=l7/dns,action=forwarded}"],
    ],
    [
      "DNS answer with two IPs: a response plus one response type per rrtype",
      [dnsRecord({ isReply: true, ips: ["1.2.3.4", "1.2.3.5"], rrtypes: ["A", "A"] })],
      [
        flowsProcessed("DNS", "L7", "DNS", "FORWARDED"),
        "hubble_dns_responses_total{rcode=No Error,qtypes=A,ips_returned=2}",
        "hubble_dns_response_types_total{type=A,qtypes=A}",
        "hubble_dns_response_types_total{type=A,qtypes=A}",
        "hubble_policy_verdicts_total{direction=egress,match=l7/dns,action=forwarded}",
      ],
    ],
    [
      "DNS query denied by the DNS proxy: a query with rcode Policy denied and a DNS drop",
      [dnsRecord({ isReply: false, verdict: Verdict.DROPPED })],
      [
        flowsProcessed("DNS", "L7", "DNS", "DROPPED"),
        "hubble_drop_total{reason=DROP_REASON_UNKNOWN,protocol=DNS}",
        "hubble_dns_queries_total{rcode=Policy denied,qtypes=A,ips_returned=0}",
        "hubble_policy_verdicts_total{direction=egress,match=l7/dns,action=dropped}",
      ],
    ],
    [
      "ICMPv4 echo request: icmp counted whatever the verdict, port 0",
      [traceEvent(5), ips("10.0.0.1", "10.0.0.2"), icmp(4, 8), reply(false)],
      [flowsProcessed("ICMPv4", "Trace", "from-endpoint", "FORWARDED"), "hubble_port_distribution_total{protocol=ICMPv4,port=0}", "hubble_icmp_total{family=IPv4,type=EchoRequest}"],
    ],
    [
      "ICMPv6 echo request: labelled IPv4 as Hubble's handler does",
      [dropEvent(133), ips("fd00::1", "fd00::2"), icmp(6, 128)],
      [flowsProcessed("ICMPv6", "Drop", "", "DROPPED"), "hubble_drop_total{reason=POLICY_DENIED,protocol=ICMPv6}", "hubble_icmp_total{family=IPv4,type=EchoRequest}"],
    ],
    [
      "sock-LB event (type 7): Unknown/7, Unknown flow protocol",
      [{ eventType: { type: 7 }, verdict: Verdict.TRANSLATED }, ips("10.0.0.1", "10.96.0.10"), udp(5000, 53)],
      [flowsProcessed("Unknown flow", "Unknown", "7", "TRANSLATED")],
    ],
    [
      "trace with an observation point unknown to the handler: empty subtype",
      [traceEvent(42), ips("10.0.0.1", "10.0.0.2"), udp(5000, 53)],
      [flowsProcessed("UDP", "Trace", "", "FORWARDED")],
    ],
  ])("%s", (_name, pieces, expected) => {
    expect(render(hubbleMetricIncrements(buildFlow(...pieces)))).toEqual(expected);
  });

  it("labels ICMPv6 as IPv6 when asked (the panels' corrected view)", () => {
    const flow = buildFlow(traceEvent(0), ips("fd00::1", "fd00::2"), icmp(6, 129));
    expect(render(hubbleMetricIncrements(flow, { icmpv6AsIPv4: false }))).toContain("hubble_icmp_total{family=IPv6,type=EchoReply}");
  });

  // The HTTP recording holds 175 requests and 173 responses (22 × 200, 151 × 503), counted with jq.
  it("counts the recorded HTTP sample as httpV2 would: responses only, by status", () => {
    const flows = readSampleFlows("basic-sample-348-http-flows.jsonl");
    const increments = flows.flatMap((flow) => hubbleMetricIncrements(flow));
    const byStatus = new Map<string, number>();
    for (const { metric, labels } of increments) {
      if (metric === "hubble_http_requests_total") byStatus.set(labels.status ?? "", (byStatus.get(labels.status ?? "") ?? 0) + 1);
    }
    expect(Object.fromEntries(byStatus)).toEqual({ "200": 22, "503": 151 });
    expect(increments.filter((i) => i.metric === "hubble_flows_processed_total")).toHaveLength(348);
  });
});
