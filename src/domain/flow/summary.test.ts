import { describe, expect, it } from "vitest";
import { L7FlowType } from "../../gen/flow/flow_pb.ts";
import { type FlowInit, buildFlow, httpRequest, httpResponse, ips, tcp, udp } from "../../testing/flow-builders.ts";
import { readSample, sampleFlowFiles } from "../../testing/node/samples.ts";
import { parseFlowLines } from "./json-line-decoder.ts";
import { summarize } from "./summary.ts";

describe("summarize: every flow of the recorded samples", () => {
  // All sample flows are TCP/UDP trace and policy-verdict events or HTTP/DNS
  // L7 records, every kind summarize covers, so every Summary must match.
  const sampleNames = sampleFlowFiles().map((file) => file.slice(file.lastIndexOf("/") + 1));
  it.each(sampleNames)("%s", (name) => {
    const { events, errors } = parseFlowLines(readSample(name), name);
    expect(errors).toEqual([]);
    const mismatches: { line: number; recorded: string; rebuilt: string }[] = [];
    for (const { line, event } of events) {
      if (event.responseTypes.case !== "flow") continue;
      const flow = event.responseTypes.value;
      const rebuilt = summarize(flow);
      if (rebuilt !== flow.Summary) mismatches.push({ line, recorded: flow.Summary, rebuilt });
    }
    expect(mismatches).toEqual([]);
  });
});

const dns = (type: L7FlowType, value: Record<string, unknown>): FlowInit => ({
  l7: { type, record: { case: "dns", value } },
});
const icmp = (version: "ICMPv4" | "ICMPv6", type: number, code = 0): FlowInit => ({
  l4: { protocol: { case: version, value: { type, code } } },
});

describe("summarize: rules", () => {
  it.each<[string, FlowInit[], string]>([
    ["TCP flags in server order", [tcp(1, 2, "FIN", "PSH", "ACK", "SYN", "NS", "CWR", "ECE", "URG", "RST")], "TCP Flags: SYN, ACK, RST, FIN, PSH, URG, ECE, CWR, NS"],
    ["TCP without flags", [tcp(1, 2)], "TCP Flags: "],
    ["UDP", [udp(1, 2)], "UDP"],
    ["SCTP", [{ l4: { protocol: { case: "SCTP", value: {} } } }], "SCTP"],
    ["ICMPv4 echo request", [icmp("ICMPv4", 8)], "ICMPv4 EchoRequest"],
    ["ICMPv4 echo reply", [icmp("ICMPv4", 0)], "ICMPv4 EchoReply"],
    ["ICMPv4 port unreachable", [icmp("ICMPv4", 3, 3)], "ICMPv4 DestinationUnreachable(Port)"],
    ["ICMPv4 unknown code", [icmp("ICMPv4", 3, 99)], "ICMPv4 DestinationUnreachable(Code: 99)"],
    ["ICMPv4 code on a codeless type", [icmp("ICMPv4", 8, 1)], "ICMPv4 EchoRequest(Code: 1)"],
    ["ICMPv4 unknown type", [icmp("ICMPv4", 42, 1)], "ICMPv4 42(1)"],
    ["ICMPv6 echo request", [icmp("ICMPv6", 128)], "ICMPv6 EchoRequest"],
    ["ICMPv6 neighbor solicitation", [icmp("ICMPv6", 135)], "ICMPv6 NeighborSolicitation"],
    ["ICMPv6 hop limit exceeded", [icmp("ICMPv6", 3, 0)], "ICMPv6 TimeExceeded(HopLimitExceeded)"],
    ["no L4: IPv4 layer", [ips("10.0.0.1", "10.0.0.2")], "IPv4"],
    ["no L4: IPv6 layer", [ips("fd00::1", "fd00::2")], "IPv6"],
    ["ethernet only", [{ ethernet: { source: "a", destination: "b" } }], "Ethernet"],
    ["nothing decoded", [], ""],
    ["HTTP request", [httpRequest("GET", "http://reviews:9080/reviews/0")], "HTTP/1.1 GET http://reviews:9080/reviews/0"],
    ["HTTP response, latency truncated to ms", [httpResponse(200, 1_999_999n, "GET", "http://ratings:9080/ratings/0")], "HTTP/1.1 200 1ms (GET http://ratings:9080/ratings/0)"],
    ["HTTP sample record", [{ l7: { type: L7FlowType.SAMPLE, record: { case: "http", value: {} } } }], ""],
    ["DNS query", [dns(L7FlowType.REQUEST, { query: "productpage.bookinfo.svc.cluster.local.", qtypes: ["A", "AAAA"] })], "DNS Query productpage.bookinfo.svc.cluster.local. A,AAAA"],
    [
      "DNS answer with IPs and CNAMEs",
      [dns(L7FlowType.RESPONSE, { query: "www.example.com.", qtypes: ["A"], ips: ["1.2.3.4", "5.6.7.8"], cnames: ["edge.example.net."], ttl: 60, observationSource: "proxy" })],
      'DNS Answer "1.2.3.4,5.6.7.8" CNAMEs: "edge.example.net." TTL: 60 (Proxy www.example.com. A)',
    ],
    ["DNS empty answer", [dns(L7FlowType.RESPONSE, { query: "x.", qtypes: ["AAAA"], ttl: 4294967295, observationSource: "proxy" })], "DNS Answer  TTL: 4294967295 (Proxy x. AAAA)"],
    ["DNS NXDOMAIN", [dns(L7FlowType.RESPONSE, { query: "x.", qtypes: ["A"], rcode: 3, observationSource: "proxy" })], "DNS Answer RCode: Non-Existent Domain TTL: 0 (Proxy x. A)"],
    ["DNS SERVFAIL keeps gopacket's trailing space", [dns(L7FlowType.RESPONSE, { query: "x.", qtypes: ["A"], rcode: 2 })], "DNS Answer RCode: Server Failure  TTL: 0 (Query x. A)"],
    ["DNS unknown rcode", [dns(L7FlowType.RESPONSE, { query: "x.", rcode: 12 })], "DNS Answer RCode: Unknown TTL: 0 (Query x. )"],
    ["Kafka request", [{ l7: { type: L7FlowType.REQUEST, record: { case: "kafka", value: { apiKey: "produce", correlationId: 7, topic: "orders" } } } }], "Kafka request produce correlation id 7 topic 'orders'"],
    ["Kafka response", [{ l7: { type: L7FlowType.RESPONSE, record: { case: "kafka", value: { apiKey: "fetch", correlationId: 8, topic: "t", errorCode: 3 } } } }], "Kafka response fetch correlation id 8 topic 't' return code 3"],
  ])("%s", (_name, pieces, expected) => {
    expect(summarize(buildFlow(...pieces))).toBe(expected);
  });
});
