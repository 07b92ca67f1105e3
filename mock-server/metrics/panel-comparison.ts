// Compares a panel as a real Prometheus computes it (its PromQL over scraped /metrics) with the
// same panel from our PanelEngine (exact counts over flow time), series by series, step by step.
//
// Tolerance: within 10 % of the larger value, or within a floor of 3 increments per rate window.
// The two are not the same estimator: Prometheus' rate() takes the counter's growth between the
// first and last scrape inside (t − 60 s, t] (about 55 s at a 5 s interval) and extrapolates it to
// the whole window, while ours counts the flows stamped in (t − 60 s, t] exactly. For steady
// traffic both give the same level; they differ by the flows in the few seconds one window has and
// the other lacks, which is a few percent for the rates the cross-check drives but can be a
// handful of flows on a near-zero series, hence the floor. Quantiles have no such floor.
import type { PanelDefinition, PanelSeries, EvaluationRange, RateQuery } from "../../src/domain/panels/panel-definition.ts";
import { STAT_LABEL } from "../../src/domain/panels/query-eval.ts";
import { renderLegend } from "../../src/domain/panels/series-labels.ts";
import type { PrometheusSeries } from "./prometheus-process.ts";

export const RELATIVE_TOLERANCE = 0.1;
/** Increments per rate window a near-zero series may differ by (see the header). */
export const FLOOR_INCREMENTS = 3;

/**
 * Labels that do not identify a series across the two sides: Prometheus' target labels (`pod` is
 * in every shipped `by`, and our single target has none), and the engine's `stat`, whose value is
 * the legend of Grafana's avg/min/max targets and is compared through the legend instead.
 */
const UNMATCHED_LABELS = new Set(["job", "instance", "pod", STAT_LABEL]);

/** One PromQL query of a panel and the legend Grafana draws its series with. */
export interface PanelQueryText {
  readonly expr: string;
  readonly legend: string;
}

/** The panel's Grafana queries: its targets (A, B, C…) when it has several, else its promql. */
export function panelQueries(panel: PanelDefinition): PanelQueryText[] {
  return panel.targets?.map((target) => ({ expr: target.expr, legend: target.legend })) ?? [{ expr: panel.promql, legend: panel.legend }];
}

/** What Prometheus answered for one of the panel's queries. */
export interface PrometheusAnswer {
  readonly query: PanelQueryText;
  readonly series: readonly PrometheusSeries[];
}

export interface StepComparison {
  readonly prometheus: number | null;
  readonly ours: number | null;
  /** |Prometheus − ours| / max(|Prometheus|, |ours|); 0 when both are 0 or absent. */
  readonly relativeDiff: number;
  readonly ok: boolean;
}

export interface SeriesComparison {
  readonly panel: PanelDefinition;
  /** The legend, plus the labels that tell series with the same legend apart. */
  readonly name: string;
  readonly steps: readonly StepComparison[];
}

/** The absolute difference a step may always have on this panel (0 for quantiles). */
export function absoluteFloor(panel: PanelDefinition): number {
  const query: RateQuery = panel.query.kind === "rate" ? panel.query.query : panel.query.minuend;
  if (query.quantile !== undefined) return 0;
  return (FLOOR_INCREMENTS / query.windowSeconds) * (query.scale ?? 1);
}

/** Pairs Prometheus' series with ours by legend and labels and compares them at every step. */
export function comparePanel(
  panel: PanelDefinition,
  answers: readonly PrometheusAnswer[],
  ours: readonly PanelSeries[],
  range: EvaluationRange,
): SeriesComparison[] {
  const steps = Math.floor((range.endMs - range.startMs) / range.stepMs) + 1;
  const pairs = new Map<string, { legend: string; labels: Record<string, string>; prometheus: (number | null)[]; ours: (number | null)[] }>();
  const pair = (legend: string, labels: Readonly<Record<string, string>>) => {
    const kept = matchedLabels(labels);
    const key = `${legend}\u001e${JSON.stringify(Object.entries(kept).toSorted(([a], [b]) => (a < b ? -1 : 1)))}`;
    let entry = pairs.get(key);
    if (!entry) {
      entry = { legend, labels: kept, prometheus: Array<number | null>(steps).fill(null), ours: Array<number | null>(steps).fill(null) };
      pairs.set(key, entry);
    }
    return entry;
  };
  for (const { query, series } of answers) {
    for (const one of series) {
      const entry = pair(renderLegend(query.legend, one.metric), one.metric);
      for (const [seconds, text] of one.values) {
        const index = Math.round((seconds * 1000 - range.startMs) / range.stepMs);
        const value = Number(text);
        if (index >= 0 && index < steps && Number.isFinite(value)) entry.prometheus[index] = value;
      }
    }
  }
  for (const series of ours) {
    const entry = pair(series.legend, series.labels);
    series.values.forEach((value, index) => {
      if (index < steps && value !== null && Number.isFinite(value)) entry.ours[index] = value;
    });
  }
  const floor = absoluteFloor(panel);
  const entries = [...pairs.values()];
  return entries
    .map((entry) => ({
      panel,
      name: seriesName(entry, entries),
      steps: entry.prometheus.map((prometheus, i) => compareStep(prometheus, entry.ours[i] ?? null, floor)),
    }))
    .toSorted((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function matchedLabels(labels: Readonly<Record<string, string>>): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(labels)) if (!UNMATCHED_LABELS.has(name) && name !== "__name__") kept[name] = value;
  return kept;
}

/**
 * Below this, a value is floating-point noise: Prometheus' `a - b` of two equal rates can give
 * -1.8e-15 where our exact counts give 0.
 */
const NOISE = 1e-9;

/** An absent value reads as 0: on a rate panel both mean "nothing in the window". */
function compareStep(prometheus: number | null, ours: number | null, floor: number): StepComparison {
  const p = Math.abs(prometheus ?? 0) < NOISE ? 0 : (prometheus ?? 0);
  const o = Math.abs(ours ?? 0) < NOISE ? 0 : (ours ?? 0);
  const larger = Math.max(Math.abs(p), Math.abs(o));
  const difference = Math.abs(p - o);
  return {
    prometheus,
    ours,
    relativeDiff: larger === 0 ? 0 : difference / larger,
    ok: difference <= Math.max(RELATIVE_TOLERANCE * larger, floor) + 1e-12,
  };
}

/** The legend, or "(no legend)"; with the labels that differ from same-legend series, if any. */
function seriesName(entry: { legend: string; labels: Record<string, string> }, all: readonly { legend: string; labels: Record<string, string> }[]): string {
  const base = entry.legend === "" ? "(no legend)" : entry.legend;
  const twins = all.filter((other) => other !== entry && other.legend === entry.legend);
  if (twins.length === 0) return base;
  const differing = Object.entries(entry.labels).filter(([name, value]) => twins.some((twin) => twin.labels[name] !== value));
  return `${base} {${differing.map(([name, value]) => `${name}=${value}`).join(", ")}}`;
}

/** The last step at which either side has a value, or the last step. */
export function lastComparedStep(comparison: SeriesComparison): StepComparison {
  const withValue = comparison.steps.filter((step) => step.prometheus !== null || step.ours !== null);
  return withValue.at(-1) ?? (comparison.steps.at(-1) as StepComparison);
}

/** A panel's rate window in seconds (the minuend's for a difference). */
export function panelWindowSeconds(panel: PanelDefinition): number {
  return panel.query.kind === "rate" ? panel.query.query.windowSeconds : panel.query.minuend.windowSeconds;
}

/**
 * The printed table: one row per compared series, with the values at the last step and the largest
 * difference over all steps; panels where neither side had a series get a row saying so. Panels in
 * `informational` are shown with "info" instead of a verdict (see the cross-check for why).
 */
export function formatComparisonTable(
  panels: readonly PanelDefinition[],
  comparisons: readonly SeriesComparison[],
  informational: ReadonlySet<PanelDefinition> = new Set(),
): string {
  const rows: string[][] = [["panel", "series", "Prometheus", "ours", "diff %", "max diff % (steps)", ""]];
  for (const panel of panels) {
    const mine = comparisons.filter((c) => c.panel === panel);
    if (mine.length === 0) rows.push([panel.title, "(no series on either side)", "-", "-", "-", "-", "ok"]);
    for (const comparison of mine) {
      const last = lastComparedStep(comparison);
      const worst = Math.max(...comparison.steps.map((s) => s.relativeDiff));
      const ok = comparison.steps.every((s) => s.ok);
      // Say when a step passed only through the absolute floor, so a 100 % never reads as a pass unexplained.
      const verdict = informational.has(panel) ? "info" : !ok ? "FAIL" : worst > RELATIVE_TOLERANCE ? "ok (floor)" : "ok";
      rows.push([panel.title, comparison.name, formatValue(last.prometheus), formatValue(last.ours), percent(last.relativeDiff), `${percent(worst)} (${comparison.steps.length})`, verdict]);
    }
  }
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? "").length)));
  const numeric = new Set([2, 3, 4, 5]);
  return rows
    .map((row) => row.map((cell, column) => (numeric.has(column) ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0))).join("  ").trimEnd())
    .join("\n");
}

function formatValue(value: number | null): string {
  if (value === null) return "absent";
  if (value === 0) return "0";
  return Math.abs(value) >= 0.01 ? value.toFixed(4) : value.toPrecision(3);
}

function percent(ratio: number): string {
  return `${(ratio * 100).toFixed(1)}`;
}
