// /metrics over a real socket: known flows go into a started server's store, the exposition is
// fetched and parsed, and every count below was worked out by hand from facts grafana-panels §2.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { create } from "@bufbuild/protobuf";
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import {
  DropReason,
  FlowSchema,
  IPVersion,
  L7FlowType,
  LostEventSource,
  TrafficDirection,
  Verdict,
  type Flow,
} from "../../src/gen/flow/flow_pb.ts";
import { GetFlowsResponseSchema, type GetFlowsResponse } from "../../src/gen/observer/observer_pb.ts";
import type { MessageInitShape } from "@bufbuild/protobuf";
import { startServer, type RunningServer } from "../server/start.ts";
import { createFlowMetrics } from "./flow-metrics.ts";
import { parseExposition, seriesKey } from "./exposition.ts";

const T = timestampFromMs(Date.UTC(2026, 0, 1, 12));
const NODE = "kind-worker";
type FlowInit = MessageInitShape<typeof FlowSchema>;

function flowEvent(init: FlowInit): GetFlowsResponse {
  const flow = create(FlowSchema, { time: T, nodeName: NODE, ...init });
  return create(GetFlowsResponseSchema, { responseTypes: { case: "flow", value: flow }, nodeName: NODE, time: T });
}

const ipv4 = (source: string, destination: string) => ({ source, destination, ipVersion: IPVersion.IPv4 });
const tcp = (destinationPort: number, flags: { SYN?: boolean; ACK?: boolean; FIN?: boolean; RST?: boolean }) => ({
  protocol: { case: "TCP" as const, value: { sourcePort: 40000, destinationPort, flags } },
});
const frontend = { identity: 114060, namespace: "shop", podName: "frontend-1", workloads: [{ name: "frontend", kind: "Deployment" }] };
const backend = { identity: 69364, namespace: "shop", podName: "backend-1", workloads: [{ name: "backend", kind: "Deployment" }] };

/** A small stage-5 day: a connection, a denied one, a DNS exchange, an HTTP answer, an ICMPv6 echo. */
const EVENTS: GetFlowsResponse[] = [
  // Trace to-endpoint SYN toward backend:80, first packet of its direction.
  flowEvent({ eventType: { type: 4, subType: 0 }, verdict: Verdict.FORWARDED, IP: ipv4("10.0.0.1", "10.0.0.2"), l4: tcp(80, { SYN: true }), isReply: false }),
  // Two SYN-ACK replies: counted as flows and flags, not as ports (is_reply true).
  ...[1, 2].map(() =>
    flowEvent({ eventType: { type: 4, subType: 0 }, verdict: Verdict.FORWARDED, IP: ipv4("10.0.0.2", "10.0.0.1"), l4: tcp(40000, { SYN: true, ACK: true }), isReply: true }),
  ),
  // An L3/L4 deny: the policy verdict and the drop both count as POLICY_DENIED; neither counts flags.
  flowEvent({
    eventType: { type: 5 }, verdict: Verdict.DROPPED, dropReasonDesc: DropReason.POLICY_DENIED, trafficDirection: TrafficDirection.EGRESS,
    source: frontend, IP: ipv4("10.0.0.1", "1.1.1.1"), l4: tcp(80, { SYN: true }),
  }),
  flowEvent({ eventType: { type: 1, subType: 133 }, verdict: Verdict.DROPPED, dropReasonDesc: DropReason.POLICY_DENIED, IP: ipv4("10.0.0.1", "1.1.1.1"), l4: tcp(80, { SYN: true }) }),
  // DNS request and response through the proxy.
  flowEvent({
    eventType: { type: 129 }, verdict: Verdict.FORWARDED, trafficDirection: TrafficDirection.EGRESS, isReply: false, IP: ipv4("10.0.0.1", "10.0.0.53"),
    l4: { protocol: { case: "UDP", value: { sourcePort: 50000, destinationPort: 53 } } },
    l7: { type: L7FlowType.REQUEST, record: { case: "dns", value: { query: "backend.shop.svc.cluster.local.", qtypes: ["A"] } } },
  }),
  flowEvent({
    eventType: { type: 129 }, verdict: Verdict.FORWARDED, trafficDirection: TrafficDirection.EGRESS, isReply: true, IP: ipv4("10.0.0.53", "10.0.0.1"),
    l7: { type: L7FlowType.RESPONSE, record: { case: "dns", value: { query: "backend.shop.svc.cluster.local.", qtypes: ["A"], rrtypes: ["A"], ips: ["34.118.239.118"], rcode: 0 } } },
  }),
  // An HTTP response seen by the backend's ingress proxy, 3 ms after its request.
  flowEvent({
    eventType: { type: 129 }, verdict: Verdict.FORWARDED, trafficDirection: TrafficDirection.INGRESS, isReply: true,
    source: backend, destination: frontend, IP: ipv4("10.0.0.2", "10.0.0.1"),
    l7: { type: L7FlowType.RESPONSE, latencyNs: 3_000_000n, record: { case: "http", value: { code: 200, method: "GET", protocol: "HTTP/1.1", url: "http://backend/status/200" } } },
  }),
  // ICMPv6 echo request: Hubble's icmp handler labels it family="IPv4" (facts §2.6), and so do we.
  flowEvent({ eventType: { type: 4, subType: 5 }, verdict: Verdict.FORWARDED, isReply: false, l4: { protocol: { case: "ICMPv6", value: { type: 128, code: 0 } } } }),
  // A lost-events notice from the source, and a node status notice, which counts nothing.
  create(GetFlowsResponseSchema, {
    responseTypes: { case: "lostEvents", value: { source: LostEventSource.HUBBLE_RING_BUFFER, numEventsLost: 5n } },
    nodeName: NODE,
  }),
  create(GetFlowsResponseSchema, { responseTypes: { case: "nodeStatus", value: { nodeNames: [NODE] } }, nodeName: NODE }),
];

const HTTP_CONTEXT = {
  source_ip: "10.0.0.1", source_namespace: "shop", source_workload: "frontend",
  destination_ip: "10.0.0.2", destination_namespace: "shop", destination_workload: "backend", traffic_direction: "ingress",
};

/** Every sample /metrics must show after EVENTS, and nothing else with a non-zero value. */
const EXPECTED: [string, Record<string, string>, number][] = [
  ["hubble_flows_processed_total", { protocol: "TCP", type: "Trace", subtype: "to-endpoint", verdict: "FORWARDED" }, 3],
  ["hubble_flows_processed_total", { protocol: "TCP", type: "PolicyVerdict", subtype: "", verdict: "DROPPED" }, 1],
  ["hubble_flows_processed_total", { protocol: "TCP", type: "Drop", subtype: "", verdict: "DROPPED" }, 1],
  ["hubble_flows_processed_total", { protocol: "DNS", type: "L7", subtype: "DNS", verdict: "FORWARDED" }, 2],
  ["hubble_flows_processed_total", { protocol: "HTTP", type: "L7", subtype: "HTTP", verdict: "FORWARDED" }, 1],
  ["hubble_flows_processed_total", { protocol: "ICMPv6", type: "Trace", subtype: "from-endpoint", verdict: "FORWARDED" }, 1],
  ["hubble_drop_total", { reason: "POLICY_DENIED", protocol: "TCP" }, 2],
  ["hubble_tcp_flags_total", { flag: "SYN", family: "IPv4" }, 1],
  ["hubble_tcp_flags_total", { flag: "SYN-ACK", family: "IPv4" }, 2],
  ["hubble_port_distribution_total", { protocol: "TCP", port: "80" }, 1],
  ["hubble_port_distribution_total", { protocol: "UDP", port: "53" }, 1],
  ["hubble_port_distribution_total", { protocol: "ICMPv6", port: "0" }, 1],
  ["hubble_icmp_total", { family: "IPv4", type: "EchoRequest" }, 1],
  ["hubble_dns_queries_total", { rcode: "", qtypes: "A", ips_returned: "0" }, 1],
  ["hubble_dns_responses_total", { rcode: "No Error", qtypes: "A", ips_returned: "1" }, 1],
  ["hubble_dns_response_types_total", { type: "A", qtypes: "A" }, 1],
  ["hubble_http_requests_total", { ...HTTP_CONTEXT, method: "GET", protocol: "HTTP/1.1", status: "200", reporter: "server" }, 1],
  ["hubble_http_request_duration_seconds_bucket", { ...HTTP_CONTEXT, method: "GET", reporter: "server", le: "0.005" }, 1],
  ["hubble_http_request_duration_seconds_count", { ...HTTP_CONTEXT, method: "GET", reporter: "server" }, 1],
  ["hubble_http_request_duration_seconds_sum", { ...HTTP_CONTEXT, method: "GET", reporter: "server" }, 0.003],
  ["hubble_policy_verdicts_total", { direction: "egress", match: "none", action: "dropped" }, 1],
  ["hubble_policy_verdicts_total", { direction: "egress", match: "l7/dns", action: "forwarded" }, 2],
  ["hubble_policy_verdicts_total", { direction: "ingress", match: "l7/http", action: "forwarded" }, 1],
  ["hubble_lost_events_total", { source: "hubble_ring_buffer" }, 5],
];

let server: RunningServer;

beforeAll(async () => {
  server = await startServer({ host: "127.0.0.1", port: 0, buffer: 63, corsOrigins: ["http://ui.test"], uiDir: "dist" });
  for (const event of EVENTS) server.store.add(event);
});
afterAll(() => server.close());

describe("GET /metrics", () => {
  it("serves the text exposition with the registry's content type", async () => {
    const response = await fetch(`${server.url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe(server.metrics.registry.contentType);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    expect(text).toContain("# TYPE hubble_flows_processed_total counter");
    expect(text).toContain("# TYPE hubble_http_request_duration_seconds histogram");
  });

  it("counts every flow as Hubble's handlers do (hand-checked)", async () => {
    const samples = parseExposition(await (await fetch(`${server.url}/metrics`)).text());
    for (const [name, labels, value] of EXPECTED) expect([name, labels, samples.get(seriesKey(name, labels))]).toEqual([name, labels, value]);
    // Nothing else counted: the non-zero samples are exactly the expected ones plus the
    // histogram's cumulative buckets above 0.005 s and its +Inf.
    const counted = [...samples].filter(([key, value]) => value !== 0 && !/_bucket\{.*le="(0\.0[1-9]|0\.[1-9]|[1-9]|\+Inf)/.test(key));
    expect(counted.map(([key]) => key).toSorted()).toEqual(EXPECTED.map(([name, labels]) => seriesKey(name, labels)).toSorted());
  });

  it("adds what arrives between scrapes to what was scraped before", async () => {
    const key = seriesKey("hubble_flows_processed_total", { protocol: "TCP", type: "Trace", subtype: "to-endpoint", verdict: "FORWARDED" });
    const before = parseExposition(await (await fetch(`${server.url}/metrics`)).text()).get(key);
    server.store.add(EVENTS[0] as GetFlowsResponse);
    server.store.add(EVENTS[0] as GetFlowsResponse);
    const after = parseExposition(await (await fetch(`${server.url}/metrics`)).text()).get(key);
    expect([before, after]).toEqual([3, 5]);
  });

  it("answers HEAD without a body, other methods with 405, and CORS like every route", async () => {
    const head = await fetch(`${server.url}/metrics`, { method: "HEAD" });
    expect([head.status, await head.text()]).toEqual([200, ""]);
    const post = await fetch(`${server.url}/metrics`, { method: "POST", body: "x" });
    expect([post.status, post.headers.get("allow")]).toEqual([405, "GET, HEAD"]);
    const cors = await fetch(`${server.url}/metrics?x=1`, { headers: { origin: "http://ui.test" } });
    expect(cors.headers.get("access-control-allow-origin")).toBe("http://ui.test");
  });
});

describe("counting untrusted events", () => {
  const odd: [string, GetFlowsResponse][] = [
    ["a flow with no event type and an unknown verdict", flowEvent({ verdict: 99 as Verdict })],
    ["an HTTP response whose method breaks the exposition syntax", flowEvent({
      eventType: { type: 129 }, verdict: Verdict.FORWARDED, trafficDirection: TrafficDirection.INGRESS,
      l7: { type: L7FlowType.RESPONSE, record: { case: "http", value: { code: 200, method: 'GE"T\\\n' } } },
    })],
    ["a lost-events notice with an unknown source and 0 lost", create(GetFlowsResponseSchema, {
      responseTypes: { case: "lostEvents", value: { source: 42 as LostEventSource, numEventsLost: 0n } },
    })],
    ["a flow case without a flow", { responseTypes: { case: "flow", value: undefined as unknown as Flow } } as GetFlowsResponse],
    ["an empty response", create(GetFlowsResponseSchema)],
  ];

  it.each(odd)("never throws on %s", (_name, event) => {
    const metrics = createFlowMetrics();
    expect(() => metrics.count(event)).not.toThrow();
  });

  it("counts odd flows under the labels Hubble would print, escapes label values, and skips what it cannot derive", async () => {
    const metrics = createFlowMetrics();
    for (const [, event] of odd) metrics.count(event);
    const samples = parseExposition(await metrics.registry.metrics());
    expect(samples.get(seriesKey("hubble_flows_processed_total", { protocol: "Unknown flow", type: "Unknown", subtype: "0", verdict: "99" }))).toBe(1);
    expect(samples.get(seriesKey("hubble_http_requests_total", {
      source_ip: "", source_namespace: "", source_workload: "", destination_ip: "", destination_namespace: "", destination_workload: "",
      traffic_direction: "ingress", method: 'GE"T\\\n', protocol: "", status: "200", reporter: "server",
    }))).toBe(1);
    expect(samples.get(seriesKey("observatory_metrics_uncounted_events_total", {}))).toBe(1);
    expect([...samples.keys()].filter((key) => key.startsWith("hubble_lost_events_total"))).toEqual([]);
  });
});
