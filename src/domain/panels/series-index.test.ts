import { describe, expect, it } from "vitest";
import { SeriesIndex } from "./series-index.ts";

describe("SeriesIndex", () => {
  it("finds one series per metric, label set, node and cluster", () => {
    const index = new SeriesIndex();
    const a = index.get("hubble_drop_total", { reason: "POLICY_DENIED", protocol: "TCP" }, "n1", "c1", 1);
    expect(index.get("hubble_drop_total", { reason: "POLICY_DENIED", protocol: "TCP" }, "n1", "c1", 1)).toBe(a);
    const others = [
      index.get("hubble_drop_total", { reason: "POLICY_DENIED", protocol: "UDP" }, "n1", "c1", 1),
      index.get("hubble_drop_total", { reason: "POLICY_DENIED", protocol: "TCP" }, "n2", "c1", 1),
      index.get("hubble_drop_total", { reason: "POLICY_DENIED", protocol: "TCP" }, "n1", "", 1),
      index.get("hubble_tcp_flags_total", { flag: "POLICY_DENIED", family: "TCP" }, "n1", "c1", 1),
    ];
    expect(new Set([a, ...others]).size).toBe(5);
    expect([index.of("hubble_drop_total").length, index.of("hubble_tcp_flags_total").length, index.of("hubble_icmp_total").length]).toEqual([4, 1, 0]);
  });

  it("keeps the retained series (with their counts) findable after retain", () => {
    const index = new SeriesIndex();
    const kept = index.get("hubble_icmp_total", { family: "IPv4", type: "EchoRequest" }, "n1", "", 1);
    kept.buckets.add(5);
    index.get("hubble_icmp_total", { family: "IPv4", type: "EchoReply" }, "n1", "", 1);
    index.retain((s) => s.buckets.bucketCount > 0);
    expect([...index.all()]).toEqual([kept]);
    expect(index.get("hubble_icmp_total", { family: "IPv4", type: "EchoRequest" }, "n1", "", 1)).toBe(kept);
  });
});
