import { describe, expect, it } from "vitest";
import { flowsProcessedPerNodePanel } from "../../domain/panels/flows-processed-per-node.ts";
import { forwardedVsDroppedPanel } from "../../domain/panels/forwarded-vs-dropped.ts";
import type { EvaluationRange, NodeGrouping, PanelSeries } from "../../domain/panels/panel-definition.ts";
import { tcpv4Panel } from "../../domain/panels/tcpv4.ts";
import { EMPTY_LEGEND, activeLegends, buildChartModel, displayName, stepCount, toChartRows } from "./chart-model.ts";
import { DEFAULT_VERDICT_COLOURS } from "./series-colours.ts";

const T = Date.parse("2024-05-01T12:00:00Z");
/** Three steps, 5 s apart. */
const RANGE: EvaluationRange = { startMs: T, endMs: T + 10_000, stepMs: 5_000 };
const series = (legend: string, values: (number | null)[], labels: Record<string, string> = {}): PanelSeries => ({ legend, labels, values });

describe("displayName", () => {
  it.each<[string, PanelSeries, NodeGrouping, string]>([
    ["the legend when summed", series("DROPPED", [], { node_name: "c1/n1" }), "sum", "DROPPED"],
    ["legend · node per node", series("DROPPED", [], { node_name: "c1/n1" }), "node", "DROPPED · c1/n1"],
    ["legend · cluster per cluster", series("DROPPED", [], { cluster: "c1" }), "cluster", "DROPPED · c1"],
    ["a marked empty cluster", series("DROPPED", [], { cluster: "" }), "cluster", "DROPPED · (none)"],
    ["the node alone when the legend is the node", series("c1/n1", [], { node_name: "c1/n1" }), "node", "c1/n1"],
    ["a placeholder for an empty legend", series("", []), "sum", EMPTY_LEGEND],
  ])("shows %s", (_, s, grouping, expected) => {
    expect(displayName(s, grouping)).toBe(expected);
  });
});

describe("activeLegends", () => {
  it.each<[string, PanelSeries[], string[]]>([
    ["drops all-null and all-zero series", [series("A", [null, null, null]), series("B", [0, 0, null]), series("C", [0, 0.5, null])], ["C"]],
    ["sorts in code-unit order", [series("b", [1]), series("DROPPED", [1]), series("A", [1])], ["A", "DROPPED", "b"]],
    ["lists a legend repeated per node once", [series("X", [1], { node_name: "n1" }), series("X", [2], { node_name: "n2" })], ["X"]],
    ["keeps negative values (Missing SYN-ACK)", [series("Missing SYN-ACK", [-0.1])], ["Missing SYN-ACK"]],
    ["is empty for no series", [], []],
  ])("%s", (_, input, expected) => {
    expect(activeLegends(input)).toEqual(expected);
  });
});

describe("toChartRows", () => {
  it("writes one row per step with values under s<i> and null for no value", () => {
    expect(stepCount(RANGE)).toBe(3);
    expect(toChartRows([series("A", [1, null, 3]), series("B", [0.5, 0.25])], RANGE)).toEqual([
      { t: T, s0: 1, s1: 0.5 },
      { t: T + 5_000, s0: null, s1: 0.25 },
      { t: T + 10_000, s0: 3, s1: null },
    ]);
  });

  it("adds [lower, upper] as band where both have a value", () => {
    const rows = toChartRows([series("avg", [2, 2, 2]), series("max", [3, null, 4]), series("min", [1, 1, 1])], RANGE, { lower: 2, upper: 1 });
    expect(rows.map((r) => r["band"])).toEqual([[1, 3], undefined, [1, 4]]);
  });
});

describe("buildChartModel", () => {
  it("puts TCPv4's FIN and RST on the right axis", () => {
    const model = buildChartModel(tcpv4Panel, [series("FIN", [1]), series("RST", [0]), series("SYN", [2]), series("SYN-ACK", [2])], RANGE, "sum");
    expect(model.lines.map((l) => [l.name, l.axis])).toEqual([
      ["FIN", "right"],
      ["RST", "right"],
      ["SYN", "left"],
      ["SYN-ACK", "left"],
    ]);
    expect(model.hasRightAxis).toBe(true);
  });

  it("colours verdicts with the verdict palette and tells nodes apart by dash", () => {
    const model = buildChartModel(
      forwardedVsDroppedPanel,
      [series("DROPPED", [1, 2, 3], { node_name: "n1" }), series("DROPPED", [1, 0, 0], { node_name: "n2" }), series("FORWARDED", [5, 5, 5], { node_name: "n1" })],
      RANGE,
      "node",
    );
    expect(model.lines.map((l) => [l.name, l.colour, l.dash, l.current, l.max])).toEqual([
      ["DROPPED · n1", DEFAULT_VERDICT_COLOURS["DROPPED"], undefined, 3, 3],
      ["DROPPED · n2", DEFAULT_VERDICT_COLOURS["DROPPED"], "6 3", 0, 1],
      ["FORWARDED · n1", DEFAULT_VERDICT_COLOURS["FORWARDED"], undefined, 5, 5],
    ]);
    expect(model.activeLegends).toEqual(["DROPPED", "FORWARDED"]);
  });

  it("draws Flows processed Per Node's min and max as a band around avg when summed", () => {
    const model = buildChartModel(flowsProcessedPerNodePanel, [series("avg", [2, 2, 2]), series("max", [3, 3, 3]), series("min", [1, 1, 1])], RANGE, "sum");
    expect(model.lines.map((l) => [l.name, l.bandEdge])).toEqual([
      ["avg", false],
      ["max", true],
      ["min", true],
    ]);
    expect(model.band).toEqual({ colour: model.lines[0]?.colour, name: "min–max" });
    // One hue for the line and its band, legend swatches included.
    expect(new Set(model.lines.map((l) => l.colour)).size).toBe(1);
    expect(model.rows[0]?.["band"]).toEqual([1, 3]);
  });

  it("draws the band's edges as lines when there is one min and max per cluster", () => {
    const perCluster = ["c1", "c2"].flatMap((cluster) => ["avg", "max", "min"].map((stat) => series(stat, [1, 1, 1], { cluster, stat })));
    const model = buildChartModel(flowsProcessedPerNodePanel, perCluster, RANGE, "cluster");
    expect([model.band, model.lines.some((l) => l.bandEdge)]).toEqual([undefined, false]);
  });
});
