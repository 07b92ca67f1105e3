import { describe, expect, it } from "vitest";
import { AddrKind, parseIpAddress, parseIpPrefix, prefixContains } from "./ip-address.ts";

const kindOf = (text: string) => parseIpAddress(text, new Uint32Array(4));

describe("parseIpAddress (Go netip.ParseAddr rules)", () => {
  it.each([
    ["10.0.0.1", AddrKind.V4],
    ["0.0.0.0", AddrKind.V4],
    ["255.255.255.255", AddrKind.V4],
    ["::", AddrKind.V6],
    ["::1", AddrKind.V6],
    ["1::", AddrKind.V6],
    ["2001:db8::1", AddrKind.V6],
    ["1:2:3:4:5:6:7:8", AddrKind.V6],
    ["1:2:3:4:5:6:7::", AddrKind.V6],
    ["::ffff:10.0.0.1", AddrKind.V6],
    ["1:2:3:4:5:6:1.2.3.4", AddrKind.V6],
    ["fe80::1%eth0", AddrKind.V6Zoned],
    ["", AddrKind.Invalid],
    ["10.0.0", AddrKind.Invalid],
    ["10.0.0.1.2", AddrKind.Invalid],
    ["256.0.0.1", AddrKind.Invalid],
    ["01.0.0.1", AddrKind.Invalid],
    ["1.2.3.4%eth0", AddrKind.Invalid],
    ["fe80::1%", AddrKind.Invalid],
    ["1:2:3:4:5:6:7:8::", AddrKind.Invalid],
    ["1:2:3:4:5:6:7:8:9", AddrKind.Invalid],
    ["1:2:3:4:5:1.2.3.4", AddrKind.Invalid],
    ["12345::", AddrKind.Invalid],
    ["1::2::3", AddrKind.Invalid],
    [":1", AddrKind.Invalid],
    ["1:", AddrKind.Invalid],
    ["web", AddrKind.Invalid],
  ])("%s", (text, kind) => {
    expect(kindOf(text)).toBe(kind);
  });

  it("expands :: into the right words", () => {
    const words = new Uint32Array(4);
    parseIpAddress("2001:db8::ff:1", words);
    expect([...words]).toEqual([0x20010db8, 0, 0, 0x00ff0001]);
  });
});

describe("parseIpPrefix and prefixContains", () => {
  it.each([
    ["10.0.0.0/8", "10.255.1.2", true],
    ["10.0.0.0/8", "11.0.0.1", false],
    ["10.1.2.3/16", "10.1.200.1", true],
    ["0.0.0.0/0", "192.0.2.1", true],
    ["192.0.2.1/32", "192.0.2.1", true],
    ["192.0.2.1/32", "192.0.2.2", false],
    ["2001:db8::/32", "2001:db8:1::1", true],
    ["2001:db8::/33", "2001:db8:8000::1", false],
    ["::/0", "fd00::1", true],
    ["::/0", "10.0.0.1", false],
    ["10.0.0.0/8", "::ffff:10.0.0.1", false],
    ["fe80::/10", "fe80::1%eth0", false],
  ])("%s contains %s: %s", (cidr, address, expected) => {
    const prefix = parseIpPrefix(cidr);
    if (typeof prefix === "string") throw new Error(prefix);
    const words = new Uint32Array(4);
    expect(prefixContains(prefix, parseIpAddress(address, words), words)).toBe(expected);
  });

  it.each([
    ["10.0.0.0", /no '\/'/],
    ["10.0.0.0/33", /out of range/],
    ["::/129", /out of range/],
    ["10.0.0.0/08", /bad bits/],
    ["10.0.0.0/-1", /bad bits/],
    ["10.0.0.0/", /bad bits/],
    ["fe80::%eth0/64", /zones/],
    ["10.0.0/8", /invalid address/],
  ])("rejects %s", (cidr, message) => {
    expect(parseIpPrefix(cidr)).toMatch(message);
  });
});
