// HTTP and DNS rows (facts §2.5, §2.7): flows sit at 10 s, values are read at t = 60 s unless said.
import { describe, expect, it } from "vitest";
import type { Flow } from "../../gen/flow/flow_pb.ts";
import { TrafficDirection, Verdict } from "../../gen/flow/flow_pb.ts";
import { type FlowInit, dnsRecord, httpRequest, httpResponse, ips, onNode } from "../../testing/flow-builders.ts";
import { dnsErrorsPanel } from "./dns-errors.ts";
import { dnsRequestsPanel } from "./dns-requests.ts";
import { dnsResponseRecordTypePanel } from "./dns-response-record-type.ts";
import { dnsResponsesPanel } from "./dns-responses.ts";
import { httpLatencyP50Panel, httpLatencyP99Panel } from "./http-latency.ts";
import { httpProtocolUsagePanel } from "./http-protocol-usage.ts";
import { httpRequestsPanel } from "./http-requests.ts";
import { httpStatusPanel } from "./http-status.ts";
import { missingDnsResponsesPanel } from "./missing-dns-responses.ts";
import type { NodeGrouping, PanelDefinition } from "./panel-definition.ts";
import { engineOf, secondsRange, times, valuesAt } from "./panel-fixtures.ts";

const ingress: FlowInit = { verdict: Verdict.FORWARDED, trafficDirection: TrafficDirection.INGRESS };
const response = (code: number, ms: number, method: string, protocol = "HTTP/1.1") => httpResponse(code, BigInt(ms * 1e6), method, "http://backend/", protocol);

/** Responses: GET 200 (3 ms), GET 200 (20 ms), GET 403 (20 ms), POST 200 (300 ms); 4 requests, which httpV2 ignores. */
const http: Flow[] = [
  ...times(4, 10, httpRequest("GET", "http://backend/"), ingress),
  ...times(1, 10, response(200, 3, "GET"), ingress),
  ...times(1, 10, response(200, 20, "GET"), ingress),
  ...times(1, 10, response(403, 20, "GET"), ingress),
  ...times(1, 10, response(200, 300, "POST"), ingress),
];

/** Same labels on two nodes (3 ms on n1, 20 ms on n2), and another client IP (300 ms). */
const latencyByNode: Flow[] = [
  ...times(1, 10, response(200, 3, "GET"), ingress, ips("10.0.0.2", "10.0.0.1"), onNode("n1")),
  ...times(1, 10, response(200, 20, "GET"), ingress, ips("10.0.0.2", "10.0.0.1"), onNode("n2")),
  ...times(1, 10, response(200, 300, "GET"), ingress, ips("10.0.0.2", "10.0.0.9"), onNode("n1")),
];


/** Queries: A ×3, AAAA ×1, a denied A; responses: A "No Error" ×2 (CNAME + A records), A NXDOMAIN ×1. */
const dnsFlows: Flow[] = [
  ...times(3, 10, dnsRecord({ isReply: false, qtypes: ["A"] })),
  ...times(1, 10, dnsRecord({ isReply: false, qtypes: ["AAAA"] })),
  ...times(1, 10, dnsRecord({ isReply: false, qtypes: ["A"], verdict: Verdict.DROPPED })),
  ...times(2, 10, dnsRecord({ isReply: true, qtypes: ["A"], rrtypes: ["CNAME", "A"] })),
  ...times(1, 10, dnsRecord({ isReply: true, qtypes: ["A"], rcode: 3 })),
];

/** p50 series of latencyByNode at 60 s as [legend, source_ip, node_name, value]. */
const latencySeries = (grouping: NodeGrouping) =>
  engineOf(latencyByNode)
    .evaluate(httpLatencyP50Panel, secondsRange(60, 60, 1), grouping)
    .map((s) => [s.legend, s.labels["source_ip"], s.labels["node_name"], s.values[0]]);

describe("HTTP panels", () => {
  it.each<[string, PanelDefinition, Flow[], NodeGrouping, Record<string, number>]>([
    ["HTTP Requests: responses by method", httpRequestsPanel, http, "sum", { GET: 3 / 60, POST: 1 / 60 }],
    ["HTTP status: responses by code, Envoy's 403 included", httpStatusPanel, http, "sum", { "200": 3 / 60, "403": 1 / 60 }],
    // GET: 3, 20, 20 ms → rank 1.5 in (0.01, 0.025] holding 2, 1 below → 0.01 + 0.015 × 0.5/2 = 0.01375.
    // POST: 300 ms → rank 0.5 in (0.25, 0.5] → 0.25 + 0.25 × 0.5 = 0.375.
    ["HTTP latency p50 per label set", httpLatencyP50Panel, http, "sum", { GET: 0.01 + 0.015 * (0.5 / 2), POST: 0.25 + 0.25 * 0.5 }],
    // GET rank 2.97 → 0.01 + 0.015 × 1.97/2; POST rank 0.99 → 0.25 + 0.25 × 0.99.
    ["HTTP latency p99 per label set", httpLatencyP99Panel, http, "sum", { GET: 0.01 + 0.015 * (1.97 / 2), POST: 0.25 + 0.25 * 0.99 }],
  ])("%s", (_, panel, flows, grouping, expected) => {
    const values = valuesAt(engineOf(flows), panel, 60, grouping);
    expect(Object.keys(values)).toEqual(Object.keys(expected));
    for (const [legend, value] of Object.entries(expected)) expect(values[legend]).toBeCloseTo(value, 12);
  });

  it("computes latency quantiles per full label set, summed across nodes by default", () => {
    // Summed: client 10.0.0.1 has 3 ms + 20 ms → rank 1 in (0.0, 0.005] → 0.005; client 10.0.0.9 300 ms → 0.375.
    expect(latencySeries("sum")).toEqual([
      ["GET", "10.0.0.1", undefined, 0.005],
      ["GET", "10.0.0.9", undefined, 0.375],
    ]);
    // Per node (the shipped query exactly): n1 10.0.0.1 3 ms → 0.0025; n1 10.0.0.9 → 0.375; n2 20 ms → 0.0175.
    expect(latencySeries("node")).toEqual([
      ["GET", "10.0.0.1", "n1", 0.0025],
      ["GET", "10.0.0.1", "n2", 0.0175],
      ["GET", "10.0.0.9", "n1", 0.375],
    ]);
  });

  it("HTTP Protocol Usage counts over 5 minutes", () => {
    // HTTP/1.1 at 10, 100, 250 s and HTTP/2 at 200 s. t=300: 3/300 and 1/300. t=60: HTTP/1.1 1/300, no HTTP/2 yet.
    const engine = engineOf([
      ...[10, 100, 250].flatMap((s) => times(1, s, response(200, 1, "GET", "HTTP/1.1"), ingress)),
      ...times(1, 200, response(200, 1, "GET", "HTTP/2"), ingress),
    ]);
    expect([valuesAt(engine, httpProtocolUsagePanel, 300), valuesAt(engine, httpProtocolUsagePanel, 60)]).toEqual([
      { "HTTP/1.1": 3 / 300, "HTTP/2": 1 / 300 },
      { "HTTP/1.1": 1 / 300 },
    ]);
  });
});

describe("DNS panels", () => {
  it.each<[string, PanelDefinition, Record<string, number>]>([
    ["DNS Requests: queries, denied ones included", dnsRequestsPanel, { A: 4 / 60, AAAA: 1 / 60 }],
    ["DNS responses: No Error only", dnsResponsesPanel, { A: 2 / 60 }],
    // A: 4 queries − 3 responses; AAAA got no response series at all, so it has no line.
    ["Missing DNS Responses: per query type present on both sides", missingDnsResponsesPanel, { A: 4 / 60 - 3 / 60 }],
    ["DNS Response Record Type: one per answer record", dnsResponseRecordTypePanel, { A: 2 / 60, CNAME: 2 / 60 }],
    ["DNS Errors: rcode (qtypes)", dnsErrorsPanel, { "Non-Existent Domain (A)": 1 / 60 }],
  ])("%s", (_, panel, expected) => {
    expect(valuesAt(engineOf(dnsFlows), panel, 60)).toEqual(expected);
  });
});
