// A panel's evaluated series as what the chart draws: one row per step ({ t, s0, s1, … }, keys by
// position because legends such as "backend.shop" would read as recharts paths), one line per
// series with its display name, colour, dash and axis, the min–max band where the panel has one,
// and the legends the e2e contract publishes. Pure, so the numbers the chart gets are tested.
import type { EvaluationRange, NodeGrouping, PanelDefinition, PanelSeries } from "../../domain/panels/panel-definition.ts";
import { DEFAULT_VERDICT_COLOURS, NODE_DASHES, POLICY_MATCH_COLOURS, type VerdictColours, assignColours } from "./series-colours.ts";

/** One step of the chart: its time (ms) and each series' value; `band` holds [min, max]. */
export interface ChartRow {
  readonly t: number;
  readonly [key: string]: number | null | readonly [number, number];
}

export interface ChartLine {
  /** The row key holding this series' values, e.g. "s3". */
  readonly key: string;
  /** What the legend and tooltip show: the legend, plus the node or cluster when split. */
  readonly name: string;
  /** The legend rendered from the panel's template. */
  readonly legend: string;
  readonly colour: string;
  /** SVG dash pattern telling apart the nodes of one legend; undefined = solid. */
  readonly dash: string | undefined;
  readonly axis: "left" | "right";
  /** A band edge (min or max of Flows processed Per Node) is drawn as the band, not as a line. */
  readonly bandEdge: boolean;
  /** Newest non-null value (the legend's "current"), and the largest. */
  readonly current: number | null;
  readonly max: number | null;
}

export interface ChartModel {
  readonly rows: readonly ChartRow[];
  readonly lines: readonly ChartLine[];
  /** The filled min–max range, drawn from each row's `band`. */
  readonly band: { readonly colour: string; readonly name: string } | undefined;
  readonly hasRightAxis: boolean;
  /** Legends of series with a non-null, non-zero value in range, distinct and sorted (data-series-legends). */
  readonly activeLegends: readonly string[];
}

/** Shown for a series whose legend renders empty (a label the metric does not carry). */
export const EMPTY_LEGEND = "(no label)";

/** The legend plus where the series was seen, when the user splits per node or cluster. */
export function displayName(series: PanelSeries, grouping: NodeGrouping): string {
  const legend = series.legend === "" ? EMPTY_LEGEND : series.legend;
  if (grouping === "sum") return legend;
  const where = grouping === "node" ? series.labels["node_name"] : series.labels["cluster"];
  if (where === undefined || where === series.legend) return legend;
  return `${legend} · ${where === "" ? "(none)" : where}`;
}

/** Legends with at least one non-null, non-zero value, distinct, sorted in code-unit order. */
export function activeLegends(series: readonly PanelSeries[]): string[] {
  const out = new Set<string>();
  for (const s of series) if (s.values.some((v) => v !== null && v !== 0)) out.add(s.legend);
  return [...out].toSorted((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Number of steps of a range, as the engine counts them. */
export function stepCount(range: EvaluationRange): number {
  return Math.floor((range.endMs - range.startMs) / range.stepMs) + 1;
}

/** Rows for recharts: one per step, values under `s<i>`, plus `band` = [lower, upper] when given. */
export function toChartRows(series: readonly PanelSeries[], range: EvaluationRange, band?: { lower: number; upper: number }): ChartRow[] {
  const count = stepCount(range);
  const rows: ChartRow[] = [];
  for (let i = 0; i < count; i++) {
    const row: Record<string, number | null | readonly [number, number]> = { t: range.startMs + i * range.stepMs };
    for (const [index, s] of series.entries()) row[`s${index}`] = s.values[i] ?? null;
    if (band !== undefined) {
      const lo = series[band.lower]?.values[i] ?? null;
      const hi = series[band.upper]?.values[i] ?? null;
      if (lo !== null && hi !== null) row["band"] = [lo, hi];
    }
    rows.push(row as ChartRow);
  }
  return rows;
}

function extremes(values: readonly (number | null)[]): { current: number | null; max: number | null } {
  let current: number | null = null;
  let max: number | null = null;
  for (const v of values) {
    if (v === null) continue;
    current = v;
    if (max === null || v > max) max = v;
  }
  return { current, max };
}

/** Everything the chart of `panel` draws for these series. */
export function buildChartModel(
  panel: PanelDefinition,
  series: readonly PanelSeries[],
  range: EvaluationRange,
  grouping: NodeGrouping,
  verdicts: VerdictColours = DEFAULT_VERDICT_COLOURS,
): ChartModel {
  const fixed = panel.legend === "{{match}}" ? { ...verdicts, ...POLICY_MATCH_COLOURS } : verdicts;
  const colours = assignColours(series.map((s) => (s.legend === "" ? EMPTY_LEGEND : s.legend)), fixed);
  // A band needs exactly one lower and one upper series (summed across nodes or per node); per
  // cluster there is one of each per cluster, and those are drawn as plain lines instead.
  const lowerIndex = panel.band ? series.findIndex((s) => s.legend === panel.band?.lower) : -1;
  const upperIndex = panel.band ? series.findIndex((s) => s.legend === panel.band?.upper) : -1;
  const bandable =
    panel.band !== undefined &&
    lowerIndex >= 0 &&
    upperIndex >= 0 &&
    series.filter((s) => s.legend === panel.band?.lower || s.legend === panel.band?.upper).length === 2;
  const seen = new Map<string, number>();
  const lines = series.map((s, index): ChartLine => {
    const base = s.legend === "" ? EMPTY_LEGEND : s.legend;
    const nth = seen.get(base) ?? 0;
    seen.set(base, nth + 1);
    return {
      key: `s${index}`,
      name: displayName(s, grouping),
      legend: s.legend,
      colour: colours.get(base) ?? "#94a3b8",
      dash: NODE_DASHES[nth % NODE_DASHES.length],
      axis: panel.rightAxis?.includes(s.legend) ? "right" : "left",
      bandEdge: bandable && (index === lowerIndex || index === upperIndex),
      ...extremes(s.values),
    };
  });
  const centre = lines.find((l) => !l.bandEdge);
  const band =
    bandable && panel.band
      ? { colour: centre?.colour ?? lines[upperIndex]?.colour ?? "#94a3b8", name: `${panel.band.lower}–${panel.band.upper}` }
      : undefined;
  return {
    rows: toChartRows(series, range, bandable ? { lower: lowerIndex, upper: upperIndex } : undefined),
    // The band's edges take its colour, so their legend entries match what is drawn.
    lines: band ? lines.map((l) => (l.bandEdge ? { ...l, colour: band.colour } : l)) : lines,
    band,
    hasRightAxis: lines.some((l) => l.axis === "right"),
    activeLegends: activeLegends(series),
  };
}
