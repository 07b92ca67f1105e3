import { describe, expect, it } from "vitest";
import { cidrContains, cidrCovers, parseCidr, parseIp } from "./cidr.ts";

describe("parseIp", () => {
  it.each<[string, 4 | 6 | undefined, bigint | undefined]>([
    ["10.0.0.1", 4, 0x0a000001n],
    ["255.255.255.255", 4, 0xffffffffn],
    ["::1", 6, 1n],
    ["2001:db8::", 6, 0x20010db8n << 96n],
    ["::ffff:1.2.3.4", 6, 0xffff01020304n],
    ["1:2:3:4:5:6:7:8", 6, 0x00010002000300040005000600070008n],
    ["256.0.0.1", undefined, undefined],
    ["01.2.3.4", undefined, undefined],
    ["1.2.3", undefined, undefined],
    ["1::2::3", undefined, undefined],
    ["1:2:3:4:5:6:7:8:9", undefined, undefined],
    ["fe80::1%eth0", undefined, undefined],
    ["", undefined, undefined],
  ])("%s", (text, family, value) => {
    const ip = parseIp(text);
    expect([ip?.family, ip?.value]).toEqual([family, value]);
  });
});

describe("parseCidr / cidrContains", () => {
  it.each<[string, string, boolean]>([
    ["10.0.0.0/8", "10.255.1.1", true],
    ["10.0.0.0/8", "11.0.0.1", false],
    ["10.1.2.3/8", "10.9.9.9", true],
    ["0.0.0.0/0", "1.2.3.4", true],
    ["0.0.0.0/0", "::1", false],
    ["8.8.8.8/32", "8.8.8.8", true],
    ["8.8.8.8/32", "8.8.8.9", false],
    ["2001:db8::/32", "2001:db8:ffff::1", true],
    ["2001:db8::/32", "2001:db9::1", false],
  ])("%s contains %s: %s", (cidr, ip, expected) => {
    const parsed = parseCidr(cidr);
    const address = parseIp(ip);
    expect(parsed !== undefined && address !== undefined && cidrContains(parsed, address)).toBe(expected);
  });

  it.each(["10.0.0.1", "10.0.0.0/33", "::/129", "10.0.0.0/", "10.0.0.0/-1", "x/8"])("rejects %s", (text) => {
    expect(parseCidr(text)).toBeUndefined();
  });

  it.each<[string, string, boolean]>([
    ["10.0.0.0/8", "10.1.0.0/16", true],
    ["10.0.0.0/8", "10.0.0.0/8", true],
    ["10.1.0.0/16", "10.0.0.0/8", false],
    ["10.0.0.0/8", "192.168.0.0/16", false],
  ])("%s covers %s: %s", (outer, inner, expected) => {
    const a = parseCidr(outer);
    const b = parseCidr(inner);
    expect(a !== undefined && b !== undefined && cidrCovers(a, b)).toBe(expected);
  });
});
