// The cross-check's matching and tolerance, on hand-made answers (the slow test with a real
// Prometheus is prometheus-crosscheck.test.ts).
import { describe, expect, it } from "vitest";
import { dropReasonPanel } from "../../src/domain/panels/drop-reason.ts";
import { flowsProcessedPerNodePanel } from "../../src/domain/panels/flows-processed-per-node.ts";
import { httpLatencyP50Panel } from "../../src/domain/panels/http-latency.ts";
import { ingressPolicyVerdictsByActionPanel } from "../../src/domain/panels/policy-verdicts.ts";
import type { EvaluationRange, PanelSeries } from "../../src/domain/panels/panel-definition.ts";
import { absoluteFloor, comparePanel, formatComparisonTable, panelQueries, type PrometheusAnswer } from "./panel-comparison.ts";

// Three steps, 5 s apart, starting on a whole second.
const RANGE: EvaluationRange = { startMs: 1_700_000_000_000, endMs: 1_700_000_010_000, stepMs: 5000 };
const STEPS_S = [1_700_000_000, 1_700_000_005, 1_700_000_010];
const TARGET = { job: "observatory", instance: "127.0.0.1:40000" };

const promSeries = (metric: Record<string, string>, values: (string | undefined)[]) => ({
  metric,
  values: values.flatMap((value, i) => (value === undefined ? [] : [[STEPS_S[i] as number, value] as const])),
});

const latencyLabels = (ip: string) => ({ source_ip: ip, destination_ip: "10.0.0.9", method: "GET", reporter: "server" });

describe("comparePanel", () => {
  it("pairs series by labels, ignoring Prometheus' target labels, and reads absent as 0", () => {
    const answers: PrometheusAnswer[] = [{
      query: panelQueries(dropReasonPanel)[0]!,
      series: [promSeries({ ...TARGET, reason: "POLICY_DENIED" }, ["6.4", "6.5", "6.6"]), promSeries({ ...TARGET, reason: "DROP_REASON_UNKNOWN" }, [undefined, "0.02", "0.04"])],
    }];
    const ours: PanelSeries[] = [
      { legend: "POLICY_DENIED", labels: { reason: "POLICY_DENIED" }, values: [6.0, 6.5, 5.8] },
      { legend: "DROP_REASON_UNKNOWN", labels: { reason: "DROP_REASON_UNKNOWN" }, values: [null, null, 0.05] },
    ];
    const result = comparePanel(dropReasonPanel, answers, ours, RANGE);
    expect(result.map((c) => [c.name, c.steps.map((s) => s.ok)])).toEqual([
      // 0.02 vs absent: within the floor of 3 drops per minute (0.05/s).
      ["DROP_REASON_UNKNOWN", [true, true, true]],
      // 6.4 vs 6.0 is 6.3 %; 6.6 vs 5.8 is 12.1 %.
      ["POLICY_DENIED", [true, true, false]],
    ]);
    expect(result[1]?.steps[2]?.relativeDiff).toBeCloseTo(0.8 / 6.6, 10);
  });

  it("matches Grafana's avg/min/max targets to the engine's `stat` series through the legend", () => {
    const answers = panelQueries(flowsProcessedPerNodePanel).map((query) => ({ query, series: [promSeries({}, ["100", "100", "100"])] }));
    expect(answers.map((a) => a.query.legend)).toEqual(["avg", "min", "max"]);
    const ours: PanelSeries[] = ["avg", "max", "min"].map((stat) => ({ legend: stat, labels: { stat }, values: [99, 100, 101] }));
    const result = comparePanel(flowsProcessedPerNodePanel, answers, ours, RANGE);
    expect(result.map((c) => [c.name, c.steps.map((s) => [s.prometheus, s.ours])])).toEqual(
      ["avg", "max", "min"].map((name) => [name, [[100, 99], [100, 100], [100, 101]]]),
    );
  });

  it("names same-legend series by the labels that differ, and gives quantiles no floor", () => {
    const answers: PrometheusAnswer[] = [{ query: panelQueries(httpLatencyP50Panel)[0]!, series: [promSeries({ ...TARGET, ...latencyLabels("10.0.0.1") }, ["0.003", "NaN", "0.003"])] }];
    const ours: PanelSeries[] = [
      { legend: "GET", labels: latencyLabels("10.0.0.1"), values: [0.0029, null, 0.002] },
      { legend: "GET", labels: latencyLabels("10.0.0.2"), values: [0.001, null, null] },
    ];
    const result = comparePanel(httpLatencyP50Panel, answers, ours, RANGE);
    expect(absoluteFloor(httpLatencyP50Panel)).toBe(0);
    expect(result.map((c) => [c.name, c.steps.map((s) => s.ok)])).toEqual([
      ["GET {source_ip=10.0.0.1}", [true, true, false]],
      ["GET {source_ip=10.0.0.2}", [false, true, true]],
    ]);
  });

  it("scales the floor with the panel (per minute: 3 per minute)", () => {
    expect(absoluteFloor(dropReasonPanel)).toBeCloseTo(0.05, 10);
    expect(absoluteFloor(ingressPolicyVerdictsByActionPanel)).toBeCloseTo(3, 10);
  });

  it("treats floating-point noise from PromQL subtraction as 0", () => {
    const answers: PrometheusAnswer[] = [{ query: panelQueries(dropReasonPanel)[0]!, series: [promSeries({ reason: "X" }, ["-1.7763568394002505e-15", "0", "0"])] }];
    const [result] = comparePanel(dropReasonPanel, answers, [{ legend: "X", labels: { reason: "X" }, values: [0, 0, 0] }], RANGE);
    expect(result?.steps.map((s) => s.relativeDiff)).toEqual([0, 0, 0]);
  });
});

describe("formatComparisonTable", () => {
  it("has a row per series and says so for a panel without any", () => {
    const answers: PrometheusAnswer[] = [{ query: panelQueries(dropReasonPanel)[0]!, series: [promSeries({ reason: "POLICY_DENIED" }, ["2", "2", "2"])] }];
    const comparisons = comparePanel(dropReasonPanel, answers, [{ legend: "POLICY_DENIED", labels: { reason: "POLICY_DENIED" }, values: [2, 2, 1.9] }], RANGE);
    const lines = formatComparisonTable([dropReasonPanel, httpLatencyP50Panel], comparisons).split("\n");
    expect(lines.map((line) => line.split(/\s{2,}/))).toEqual([
      ["panel", "series", "Prometheus", "ours", "diff %", "max diff % (steps)"],
      ["Drop Reason", "POLICY_DENIED", "2.0000", "1.9000", "5.0", "5.0 (3)", "ok"],
      ["HTTP Request/Response Latency (p50)", "(no series on either side)", "-", "-", "-", "-", "ok"],
    ]);
  });
});
