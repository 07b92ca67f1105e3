// Ports and protocols, and which policy-map key (hence which policy match type) wins.

import { describe, expect, it } from "vitest";
import { evaluateConnection } from "./evaluate.ts";
import type { Connection } from "./connection.ts";
import type { EndpointModel } from "./endpoint.ts";
import { yamlSet } from "./testdata/fixtures.ts";
import { egressFromA, ingressToB, pods, reserved, tcp } from "./testdata/construct-endpoints.ts";
import { summarizeDirection } from "./testdata/summary.ts";

const both = (first: string, second: string): string => `${ingressToB(first, "p1")}---\n${ingressToB(second, "p2")}`;

const DENIED = "none DROPPED POLICY_DENIED []";
const fromA = "fromEndpoints: [{matchLabels: {app: a}}]";
const ingress = (yaml: string, connection: Connection): string => summarizeDirection(evaluateConnection(yamlSet(yaml), connection).ingress);
const conn = (protocol: Connection["protocol"], port: number, source: EndpointModel = pods.a): Connection =>
  protocol === "ICMP" || protocol === "ICMPv6" ? { source, destination: pods.b, protocol, icmpType: port } : { source, destination: pods.b, protocol, port };

describe("toPorts", () => {
  it.each<[string, string, Connection, string]>([
    ["port and protocol", `{${fromA}, toPorts: [{ports: [{port: '80', protocol: TCP}]}]}`, conn("TCP", 80), "L3-L4 FORWARDED [p]"],
    ["another port", `{${fromA}, toPorts: [{ports: [{port: '80', protocol: TCP}]}]}`, conn("TCP", 81), DENIED],
    ["another protocol", `{${fromA}, toPorts: [{ports: [{port: '80', protocol: TCP}]}]}`, conn("UDP", 80), DENIED],
    ["no protocol means TCP, UDP and SCTP: UDP", `{${fromA}, toPorts: [{ports: [{port: '80'}]}]}`, conn("UDP", 80), "L3-L4 FORWARDED [p]"],
    ["…SCTP", `{${fromA}, toPorts: [{ports: [{port: '80', protocol: ANY}]}]}`, conn("SCTP", 80), "L3-L4 FORWARDED [p]"],
    ["…but not ICMP", `{${fromA}, toPorts: [{ports: [{port: '80'}]}]}`, conn("ICMP", 8), DENIED],
    ["endPort range start", `{${fromA}, toPorts: [{ports: [{port: '8000', endPort: 8010, protocol: TCP}]}]}`, conn("TCP", 8000), "L3-L4 FORWARDED [p]"],
    ["endPort range end", `{${fromA}, toPorts: [{ports: [{port: '8000', endPort: 8010, protocol: TCP}]}]}`, conn("TCP", 8010), "L3-L4 FORWARDED [p]"],
    ["past the range", `{${fromA}, toPorts: [{ports: [{port: '8000', endPort: 8010, protocol: TCP}]}]}`, conn("TCP", 8011), DENIED],
    ["before the range", `{${fromA}, toPorts: [{ports: [{port: '8000', endPort: 8010, protocol: TCP}]}]}`, conn("TCP", 7999), DENIED],
    ["named port resolves on the destination", `{${fromA}, toPorts: [{ports: [{port: http, protocol: TCP}]}]}`, conn("TCP", 8080), "L3-L4 FORWARDED [p]"],
    ["named port is not its number elsewhere", `{${fromA}, toPorts: [{ports: [{port: http, protocol: TCP}]}]}`, conn("TCP", 80), DENIED],
    ["named port keeps its protocol", `{${fromA}, toPorts: [{ports: [{port: dns}]}]}`, conn("UDP", 53), "L3-L4 FORWARDED [p]"],
    ["port 0 is every port of the protocol", `{${fromA}, toPorts: [{ports: [{port: '0', protocol: TCP}]}]}`, conn("TCP", 1234), "L3-Proto FORWARDED [p]"],
    ["…not other protocols", `{${fromA}, toPorts: [{ports: [{port: '0', protocol: TCP}]}]}`, conn("UDP", 1234), DENIED],
    ["ports without peers: any peer", "{toPorts: [{ports: [{port: '80', protocol: TCP}]}]}", conn("TCP", 80, reserved.world), "L4-Only FORWARDED [p]"],
    ["port 0 without peers", "{toPorts: [{ports: [{port: '0', protocol: TCP}]}]}", conn("TCP", 22, reserved.world), "Proto-Only FORWARDED [p]"],
    ["entity all with a port", "{fromEntities: [all], toPorts: [{ports: [{port: '80', protocol: TCP}]}]}", conn("TCP", 80), "L4-Only FORWARDED [p]"],
    ["entity all with port 0", "{fromEntities: [all], toPorts: [{ports: [{port: '0', protocol: TCP}]}]}", conn("TCP", 80), "Proto-Only FORWARDED [p]"],
    ["an L3-only rule allows every protocol", `{${fromA}}`, conn("ICMP", 8), "L3-Only FORWARDED [p]"],
    ["a port entry without ports matches nothing", `{${fromA}, toPorts: [{}]}`, conn("TCP", 80), DENIED],
  ])("%s", (_name, entry, connection, expected) => {
    expect(ingress(ingressToB(entry), connection)).toBe(expected);
  });
});

describe("icmps", () => {
  it.each<[string, string, Connection, string]>([
    ["type number", `{${fromA}, icmps: [{fields: [{type: 8}]}]}`, conn("ICMP", 8), "L3-L4 FORWARDED [p]"],
    ["other type", `{${fromA}, icmps: [{fields: [{type: 8}]}]}`, conn("ICMP", 0), DENIED],
    ["type name", `{${fromA}, icmps: [{fields: [{type: EchoRequest}]}]}`, conn("ICMP", 8), "L3-L4 FORWARDED [p]"],
    ["IPv6 family", `{${fromA}, icmps: [{fields: [{family: IPv6, type: EchoRequest}]}]}`, conn("ICMPv6", 128), "L3-L4 FORWARDED [p]"],
    ["IPv4 rules do not cover ICMPv6", `{${fromA}, icmps: [{fields: [{type: 8}]}]}`, conn("ICMPv6", 8), DENIED],
    ["EchoReply is type 0, not a wildcard", `{${fromA}, icmps: [{fields: [{type: EchoReply}]}]}`, conn("ICMP", 0), "L3-L4 FORWARDED [p]"],
    ["ICMP rules do not open TCP", `{${fromA}, icmps: [{fields: [{type: 8}]}]}`, conn("TCP", 8), DENIED],
  ])("%s", (_name, entry, connection, expected) => {
    expect(ingress(ingressToB(entry), connection)).toBe(expected);
  });
});

describe("which key wins (datapath lookup order)", () => {
  it.each<[string, string, string, Connection, string]>([
    ["L3-L4 over L3-Only", `{${fromA}}`, `{${fromA}, toPorts: [{ports: [{port: '80', protocol: TCP}]}]}`, conn("TCP", 80), "L3-L4 FORWARDED [p2]"],
    ["L4-Only over L3-Only", `{${fromA}}`, "{toPorts: [{ports: [{port: '80', protocol: TCP}]}]}", conn("TCP", 80), "L4-Only FORWARDED [p2]"],
    ["L3-Proto over Proto-Only", `{${fromA}, toPorts: [{ports: [{port: '0', protocol: TCP}]}]}`, "{toPorts: [{ports: [{port: '0', protocol: TCP}]}]}", conn("TCP", 80), "L3-Proto FORWARDED [p1]"],
    ["L4-Only over L3-Proto", `{${fromA}, toPorts: [{ports: [{port: '0', protocol: TCP}]}]}`, "{toPorts: [{ports: [{port: '80', protocol: TCP}]}]}", conn("TCP", 80), "L4-Only FORWARDED [p2]"],
    ["L3-Only over all", "{fromEntities: [all]}", `{${fromA}}`, conn("TCP", 80), "L3-Only FORWARDED [p2]"],
    ["the narrower range wins", `{${fromA}, toPorts: [{ports: [{port: '80', endPort: 90, protocol: TCP}]}]}`, `{${fromA}, toPorts: [{ports: [{port: '85', protocol: TCP}]}]}`, conn("TCP", 85), "L3-L4 FORWARDED [p2]"],
    ["the same key from two policies names both", `{${fromA}, toPorts: [{ports: [{port: '80', protocol: TCP}]}]}`, "{fromEndpoints: [{matchLabels: {app: a}}], toPorts: [{ports: [{port: '80', protocol: TCP}]}]}", conn("TCP", 80), "L3-L4 FORWARDED [p1, p2]"],
  ])("%s", (_name, first, second, connection, expected) => {
    expect(ingress(both(first, second), connection)).toBe(expected);
  });
});

describe("egress ports", () => {
  it("named ports resolve on the destination for egress too", () => {
    const result = evaluateConnection(yamlSet(egressFromA("{toEndpoints: [{matchLabels: {app: b}}], toPorts: [{ports: [{port: http, protocol: TCP}]}]}")), tcp(pods.a, pods.b, 8080));
    expect(summarizeDirection(result.egress)).toBe("L3-L4 FORWARDED [p]");
  });
});
