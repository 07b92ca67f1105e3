import { describe, expect, it } from "vitest";
import { Verdict } from "../../gen/flow/flow_pb.ts";
import { at, buildFlow, dropEvent, from, httpResponse, ips, onNode, pod, tcp, traceEvent } from "../../testing/flow-builders.ts";
import type { PanelDefinition, PanelQuery } from "./panel-definition.ts";
import { PanelEngine, alignedRange } from "./panel-engine.ts";
import { T0, atSecond, engineOf, secondsRange, times, valuesAt } from "./panel-fixtures.ts";
import { difference, eq, rate, single } from "./query-builders.ts";

const panelOf = (query: PanelQuery, legend = "all"): PanelDefinition => ({
  id: "test",
  title: "Test",
  row: "Network",
  promql: "",
  query,
  legend,
  unit: "ops",
  stacking: "none",
  description: "",
});

const allFlows = panelOf(single(rate("hubble_flows_processed_total", [])));
const trace = [traceEvent(0), ips("10.0.0.1", "10.0.0.2")];
const syn = [traceEvent(0), ips("10.0.0.1", "10.0.0.2"), tcp(40000, 80, "SYN")];
const synAck = [traceEvent(0), ips("10.0.0.2", "10.0.0.1"), tcp(80, 40000, "SYN", "ACK")];

/** A forwarded first packet to TCP port `p`. */
const port = (p: number) => [traceEvent(0), ips("10.0.0.1", "10.0.0.2"), tcp(40000, p), { isReply: false }];
/** An HTTP GET response at 10 s with the given latency. */
const response = (ms: number) => buildFlow(atSecond(10), httpResponse(200, BigInt(ms * 1e6), "GET", "http://api/"), { verdict: Verdict.FORWARDED });
/** The q-quantile of HTTP latency by method. */
const p = (q: number) => panelOf(single(rate("hubble_http_request_duration_seconds", ["method"], { quantile: q })), "{{method}}");

/** Values of the single series of a panel over a range. */
const valuesOf = (engine: PanelEngine, panel: PanelDefinition, start: number, end: number, step: number) =>
  engine.evaluate(panel, secondsRange(start, end, step)).map((s) => [s.legend, s.values]);

describe("PanelEngine rate windows on flow time", () => {
  it("counts increments with flow time in (t − 60 s, t]", () => {
    // t=0: (−60, 0] holds the flow at 0 → 1/60. t=60: (0, 60] holds 0.001, 30, 60 → 3/60.
    // t=120: (60, 120] holds 60.001 → 1/60.
    const engine = engineOf([0, 0.001, 30, 60, 60.001].map((s) => buildFlow(atSecond(s), ...trace)));
    expect(valuesOf(engine, allFlows, 0, 120, 60)).toEqual([["all", [1 / 60, 3 / 60, 1 / 60]]]);
  });

  it("places sub-millisecond times on the right side of the window edge", () => {
    // 12:00:59.999999999 ≤ t = 12:01:00 counts; 12:01:00.000000001 is after t and does not.
    const engine = engineOf([buildFlow(at("2024-05-01T12:00:59.999999999Z"), ...trace), buildFlow(at("2024-05-01T12:01:00.000000001Z"), ...trace)]);
    expect(valuesAt(engine, allFlows, 60)).toEqual({ all: 1 / 60 });
    expect(valuesAt(engine, allFlows, 61)).toEqual({ all: 2 / 60 });
  });

  it("has no value before a series' first increment, and 0 once its window is quiet", () => {
    // One flow at 10 s. t=0: not yet → null; t=10…60: 1/60; t=70, 80: (10, 70] is empty → 0.
    const engine = engineOf(times(1, 10, ...trace));
    const v = 1 / 60;
    expect(valuesOf(engine, allFlows, 0, 80, 10)).toEqual([["all", [null, v, v, v, v, v, v, 0, 0]]]);
    expect(valuesOf(engine, allFlows, -100, -50, 10)).toEqual([]);
  });

  it("applies the window length and the scale", () => {
    // 6 flows over 5 minutes, read at t=300 with a 5 m window: 6/300; ×60 on a 1 m window at t=300: 1 flow (at 299) × 60 / 60 = 1.
    const engine = engineOf([1, 60, 120, 180, 240, 299].map((s) => buildFlow(atSecond(s), ...trace)));
    const fiveMinutes = panelOf(single(rate("hubble_flows_processed_total", [], { windowSeconds: 300 })));
    const perMinute = panelOf(single(rate("hubble_flows_processed_total", [], { scale: 60 })));
    expect([valuesAt(engine, fiveMinutes, 300), valuesAt(engine, perMinute, 300)]).toEqual([{ all: 6 / 300 }, { all: 1 }]);
  });

  it("gives the same series whatever order the flows arrive in", () => {
    const flows = [5, 70, 12, 3, 64, 30].map((s) => buildFlow(atSecond(s), ...syn));
    const forward = engineOf(flows).evaluate(allFlows, secondsRange(0, 120, 5));
    expect(engineOf(flows.toReversed()).evaluate(allFlows, secondsRange(0, 120, 5))).toEqual(forward);
  });
});

describe("PanelEngine queries", () => {
  it("keeps the top k at every step independently (ties to the lower key)", () => {
    // (0, 60]: 80 ×3, 443 ×2, 8080 ×1 → 80 and 443. (60, 120]: 8080 ×5, 80 and 443 both 0 → 8080 and 443.
    const engine = engineOf([...times(3, 10, ...port(80)), ...times(2, 10, ...port(443)), ...times(1, 10, ...port(8080)), ...times(5, 70, ...port(8080))]);
    const top2 = panelOf(single(rate("hubble_port_distribution_total", ["port"], { topk: 2 })), "{{port}}");
    expect(valuesOf(engine, top2, 60, 120, 60)).toEqual([
      ["443", [2 / 60, 0]],
      ["80", [3 / 60, null]],
      ["8080", [null, 5 / 60]],
    ]);
  });

  it("subtracts per key and step, keeping only keys and steps present on both sides", () => {
    // SYN ×3 at 10 s, SYN-ACK ×1 at 70 s. t=60: no SYN-ACK series yet → null. t=120: 0 − 1/60.
    const engine = engineOf([...times(3, 10, ...syn), ...times(1, 70, ...synAck)]);
    const missing = panelOf(
      difference(rate("hubble_tcp_flags_total", [], { matchers: [eq("flag", "SYN")] }), rate("hubble_tcp_flags_total", [], { matchers: [eq("flag", "SYN-ACK")] })),
      "Missing SYN-ACK",
    );
    expect(valuesOf(engine, missing, 60, 120, 60)).toEqual([["Missing SYN-ACK", [null, -1 / 60]]]);
    // Per node: n1 only ever saw SYNs, so it has no line at all; n2 has both: 2/60 − 1/60.
    const perNode = engineOf([...times(1, 10, ...syn, onNode("n1")), ...times(2, 10, ...syn, onNode("n2")), ...times(1, 20, ...synAck, onNode("n2"))]);
    expect(valuesAt(perNode, missing, 60, "node")).toEqual({ "Missing SYN-ACK@n2": 1 / 60 });
  });

  it("interpolates histogram quantiles in the default buckets", () => {
    // Latencies 3 ms, 20 ms, 20 ms, 300 ms: p50 = 0.01 + 0.015 × (2 − 1)/2 = 0.0175; p99 = 0.25 + 0.25 × 0.96 = 0.49.
    const engine = engineOf([3, 20, 20, 300].map(response));
    expect(valuesAt(engine, p(0.5), 60).GET).toBeCloseTo(0.0175, 12);
    expect(valuesAt(engine, p(0.99), 60).GET).toBeCloseTo(0.49, 12);
    // No observation in (60, 120]: NaN in Prometheus, null here; the series has no value in range → left out.
    expect(valuesAt(engine, p(0.5), 120)).toEqual({});
  });
});

describe("PanelEngine grouping across nodes", () => {
  const flows = [
    ...times(2, 10, ...trace, onNode("c1/n1")),
    ...times(1, 10, ...trace, onNode("c1/n2")),
    ...times(3, 10, ...trace, onNode("c2/n3")),
    ...times(1, 10, ...trace, onNode("n4"), from({ ...pod("ns", "p"), clusterName: "c3" })),
    ...times(1, 10, ...trace, onNode("n5")),
  ];

  it.each<[string, "sum" | "node" | "cluster", Record<string, number>]>([
    ["sums across nodes by default", "sum", { all: 8 / 60 }],
    ["splits per node", "node", { "all@c1/n1": 2 / 60, "all@c1/n2": 1 / 60, "all@c2/n3": 3 / 60, "all@n4": 1 / 60, "all@n5": 1 / 60 }],
    ["splits per cluster (node prefix, else source cluster, else empty)", "cluster", { "all@": 1 / 60, "all@c1": 3 / 60, "all@c2": 3 / 60, "all@c3": 1 / 60 }],
  ])("%s", (_, grouping, expected) => {
    expect(valuesAt(engineOf(flows), allFlows, 60, grouping)).toEqual(expected);
  });

  it("labels per-node series with node_name", () => {
    const series = engineOf(flows).evaluate(allFlows, secondsRange(60, 60, 1), "node");
    expect(series[0]?.labels).toEqual({ node_name: "c1/n1" });
  });
});

describe("PanelEngine state", () => {
  it("counts only the flows the predicate accepts", () => {
    const engine = engineOf([...times(2, 10, ...trace), ...times(1, 10, dropEvent(133))], { predicate: (f) => f.verdict === Verdict.DROPPED });
    expect([valuesAt(engine, allFlows, 60), engine.stats.flows, engine.stats.skipped]).toEqual([{ all: 1 / 60 }, 1, 2]);
  });

  it("grows with series × buckets, not with flows", () => {
    // 10,000 identical flows in 2 seconds: one series (flows_processed), two buckets.
    const engine = engineOf([...times(5000, 10.2, ...trace), ...times(5000, 11.5, ...trace)]);
    expect([engine.stats.flows, engine.stats.series, engine.stats.buckets]).toEqual([10_000, 1, 2]);
  });

  it("forgets everything on clear", () => {
    const engine = engineOf(times(2, 10, ...trace));
    engine.clear();
    expect([engine.evaluate(allFlows, secondsRange(0, 60, 10)), engine.span, engine.stats]).toEqual([[], undefined, { flows: 0, skipped: 0, series: 0, buckets: 0 }]);
  });

  it("reports the span of flow time it holds", () => {
    // Flows at 10.5 s and 42 s: buckets (10, 11] and (41, 42].
    expect(engineOf([...times(1, 10.5, ...trace), ...times(1, 42, ...trace)]).span).toEqual({ startMs: T0 + 10_000, endMs: T0 + 42_000 });
  });

  it("drops buckets older than retention behind the newest flow", () => {
    // Retention 60 s. Drops at 0 s and 30 s, a trace at 200 s: everything up to 140 s is pruned, and
    // with it the two drop series; windows reaching before 140 s have no value.
    const engine = new PanelEngine({ retentionMs: 60_000 });
    engine.add([...times(2, 0, dropEvent(133), tcp(1, 2, "SYN")), ...times(1, 30, dropEvent(133), tcp(1, 2, "SYN"))]);
    expect(engine.stats.series).toBe(2);
    engine.add(times(1, 200, traceEvent(0)));
    expect([engine.stats.series, engine.stats.buckets, engine.span]).toEqual([1, 1, { startMs: T0 + 140_000, endMs: T0 + 200_000 }]);
    expect(valuesOf(engine, allFlows, 199, 200, 1)).toEqual([["all", [null, 1 / 60]]]);
    expect(engine.evaluate(allFlows, secondsRange(0, 60, 30))).toEqual([]);
    engine.add(times(1, 100, traceEvent(0))); // older than the horizon: not counted
    expect([engine.stats.flows, engine.stats.skipped]).toEqual([4, 1]);
  });

  it("rejects bad options and ranges", () => {
    expect(() => new PanelEngine({ bucketMs: 7000 })).toThrow(RangeError);
    expect(() => new PanelEngine({ retentionMs: 0 })).toThrow(RangeError);
    const engine = new PanelEngine();
    expect(() => engine.evaluate(allFlows, { startMs: 0, endMs: 10, stepMs: 0 })).toThrow(RangeError);
    expect(() => engine.evaluate(allFlows, { startMs: 0, endMs: 20_000, stepMs: 1 })).toThrow(RangeError);
  });
});

describe("alignedRange", () => {
  it("ends on the last step boundary at or before the latest flow", () => {
    expect(alignedRange(T0 + 12_345, 60_000, 5000)).toEqual({ startMs: T0 - 50_000, endMs: T0 + 10_000, stepMs: 5000 });
  });
});
