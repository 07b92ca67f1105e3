import { describe, expect, it } from "vitest";
import { compileMatchName, compileMatchPattern, nameMatches, toFqdn } from "./l7-dns.ts";

describe("toFqdn", () => {
  it.each([
    ["Example.COM", "example.com."],
    ["example.com.", "example.com."],
    [" a.b ", "a.b."],
  ])("%s → %s", (input, expected) => {
    expect(toFqdn(input)).toBe(expected);
  });
});

describe("matchPattern", () => {
  it.each<[string, string, boolean]>([
    ["*", "anything.at.all.", true],
    ["*", "x", true],
    ["*.cilium.io", "docs.cilium.io", true],
    ["*.cilium.io", "cilium.io", false],
    ["*.cilium.io", "a.docs.cilium.io", false],
    ["*cilium.io", "cilium.io", true],
    ["*cilium.io", "sub.cilium.io", false],
    ["api*.cilium.io", "api-v2.cilium.io", true],
    ["**.cilium.io", "a.b.cilium.io", true],
    ["**.cilium.io", "cilium.io", false],
    ["sub.*.io", "sub.cilium.io", true],
    ["*.googleapis.com", "STORAGE.googleapis.com.", true],
  ])("%s matches %s: %s", (pattern, name, expected) => {
    const matcher = compileMatchPattern(pattern);
    expect(typeof matcher !== "string" && nameMatches(matcher, name)).toBe(expected);
  });

  it.each(["a[0-9].com", "a+.com", "a,b.com", "a b.com"])("rejects %s", (pattern) => {
    expect(typeof compileMatchPattern(pattern)).toBe("string");
  });
});

describe("matchName", () => {
  it.each<[string, string, boolean]>([
    ["example.com", "example.com", true],
    ["example.com", "Example.Com.", true],
    ["example.com", "www.example.com", false],
    ["_srv._tcp.example.com", "_srv._tcp.example.com", true],
  ])("%s matches %s: %s", (text, name, expected) => {
    const matcher = compileMatchName(text);
    expect(typeof matcher !== "string" && nameMatches(matcher, name)).toBe(expected);
  });

  it.each(["*.example.com", "exa mple.com", "a..b"])("rejects %s", (text) => {
    expect(typeof compileMatchName(text)).toBe("string");
  });
});
