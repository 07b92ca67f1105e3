import { describe, expect, it } from "vitest";
import { type VerdictCounts, zeroVerdicts } from "./graph-model.ts";
import { compactCount, edgeLabel, edgeVerdict, portLabel } from "./verdict-style.ts";

const counts = (c: Partial<VerdictCounts>): VerdictCounts => ({ ...zeroVerdicts(), ...c });

describe("edgeVerdict", () => {
  it.each<[string, Partial<VerdictCounts>, number | undefined, string]>([
    ["forwarded", { FORWARDED: 5 }, undefined, "FORWARDED"],
    ["dropped", { DROPPED: 5 }, undefined, "DROPPED"],
    ["error beats fewer drops", { DROPPED: 1, ERROR: 2 }, undefined, "ERROR"],
    ["passed and blocked", { FORWARDED: 9, DROPPED: 1 }, undefined, "MIXED"],
    ["audited and blocked", { AUDIT: 1, ERROR: 1 }, undefined, "MIXED"],
    ["audit beside forwarded", { FORWARDED: 9, AUDIT: 1 }, undefined, "AUDIT"],
    ["redirected beside forwarded", { FORWARDED: 9, REDIRECTED: 1 }, undefined, "REDIRECTED"],
    ["redirect seen only in uncounted reports", { FORWARDED: 9 }, 1, "REDIRECTED"],
    ["traced only", { OTHER: 3 }, undefined, "OTHER"],
    ["nothing", {}, undefined, "OTHER"],
  ])("%s", (_, c, redirected, verdict) => {
    expect(edgeVerdict(counts(c), redirected)).toBe(verdict);
  });
});

describe("labels", () => {
  it.each<[string, number, string, Partial<VerdictCounts>, string]>([
    ["80/TCP", 12, "FORWARDED", { FORWARDED: 12 }, "80/TCP ×12"],
    ["80/TCP", 3, "DROPPED", { DROPPED: 3 }, "80/TCP ×3\nDROPPED"],
    ["80/TCP", 1234, "MIXED", { FORWARDED: 1000, DROPPED: 230, AUDIT: 4 }, "80/TCP ×1.2k\nMIXED: 230 DROPPED, 4 AUDIT"],
  ])("%s ×%d %s", (port, flows, verdict, c, label) => {
    expect(edgeLabel(port, flows, verdict as never, counts(c))).toBe(label);
  });

  it.each([
    [999, "999"],
    [1000, "1k"],
    [12_345, "12k"],
    [1_500_000, "1.5M"],
  ])("compactCount(%d) = %s", (n, text) => {
    expect(compactCount(n)).toBe(text);
  });

  it.each([
    ["TCP", 80, "80/TCP"],
    ["UDP", 53, "53/UDP"],
    ["ICMPv4", 0, "ICMP"],
    ["ICMPv6", 0, "ICMPv6"],
    ["other", 0, "other"],
  ])("portLabel(%s, %d) = %s", (protocol, port, label) => {
    expect(portLabel(protocol, port)).toBe(label);
  });
});
