import { describe, expect, it } from "vitest";
import { parseIcmpType, parsePort, portKeyCovers, portSpan } from "./ports.ts";
import type { PortKey } from "./types.ts";

const key = (fields: Partial<PortKey>): PortKey => ({ protocol: "TCP", port: 80, endPort: 80, ...fields });

describe("parsePort", () => {
  it.each([
    ["80", { kind: "number", port: 80 }],
    ["0", { kind: "number", port: 0 }],
    ["65535", { kind: "number", port: 65535 }],
    ["http", { kind: "name", name: "http" }],
    ["HTTP-Alt", { kind: "name", name: "http-alt" }],
    ["8o", { kind: "name", name: "8o" }],
  ])("%s", (text, expected) => {
    expect(parsePort(text)).toEqual(expected);
  });

  it.each(["65536", "-1", "80/tcp", "a--b", "-http", "a-very-long-port-name", ""])("rejects %j", (text) => {
    expect(typeof parsePort(text)).toBe("string");
  });
});

describe("parseIcmpType", () => {
  it.each<[string | number, "IPv4" | "IPv6", number | RegExp]>([
    [8, "IPv4", 8],
    ["8", "IPv4", 8],
    ["EchoRequest", "IPv4", 8],
    ["EchoRequest", "IPv6", 128],
    ["EchoReply", "IPv4", 0],
    ["PacketTooBig", "IPv6", 2],
    ["PacketTooBig", "IPv4", /not an IPv4 ICMP type name/],
    [256, "IPv4", /out of range/],
  ])("%s (%s)", (value, family, expected) => {
    const parsed = parseIcmpType(value, family);
    if (typeof expected === "number") expect(parsed).toBe(expected);
    else expect(parsed).toMatch(expected);
  });
});

describe("portKeyCovers", () => {
  it.each<[string, PortKey, "TCP" | "UDP" | "ICMP", number, boolean]>([
    ["exact", key({}), "TCP", 80, true],
    ["other protocol", key({}), "UDP", 80, false],
    ["range", key({ port: 8000, endPort: 8010 }), "TCP", 8005, true],
    ["outside the range", key({ port: 8000, endPort: 8010 }), "TCP", 8011, false],
    ["port 0", key({ port: 0, endPort: 0 }), "TCP", 1, true],
    ["named port", key({ port: 0, endPort: 0, name: "http" }), "TCP", 8080, true],
    ["named port, other number", key({ port: 0, endPort: 0, name: "http" }), "TCP", 0, false],
    ["ICMP type 0 is not a wildcard", key({ protocol: "ICMP", port: 0, endPort: 0 }), "ICMP", 8, false],
  ])("%s", (_name, k, protocol, port, expected) => {
    expect(portKeyCovers(k, protocol, port, { http: { port: 8080 } })).toBe(expected);
  });

  it.each<[PortKey, number]>([
    [key({}), 0],
    [key({ port: 80, endPort: 90 }), 10],
    [key({ port: 0, endPort: 0 }), 65536],
  ])("span %j", (k, expected) => {
    expect(portSpan(k)).toBe(expected);
  });
});
