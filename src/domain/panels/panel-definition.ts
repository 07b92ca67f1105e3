// What a panel is: the Grafana panel it mirrors (title, PromQL, legend, unit, stacking) and the
// query our own engine evaluates over flow-time buckets of Hubble metric increments
// (../hubble-metrics). One module per panel exports one PanelDefinition; the panel engine turns it
// into series, the UI draws them, and the Prometheus cross-check sends `promql` to a real Prometheus
// and compares.
import type { HubbleMetricName, MetricLabels } from "../hubble-metrics/metric-increments.ts";

/** A label matcher as PromQL writes them: `=`, `!=`, `=~`, `!~` (regexes fully anchored). */
export interface LabelMatcher {
  readonly label: string;
  readonly op: "=" | "!=" | "=~" | "!~";
  readonly value: string;
}

/**
 * `sum(rate(metric{matchers}[windowSeconds])) by (groupBy)`, optionally × `scale` and limited to
 * the `topk` largest series at each step. `metric` may be a histogram's `_bucket` via `quantile`.
 */
export interface RateQuery {
  readonly metric: HubbleMetricName;
  readonly matchers: readonly LabelMatcher[];
  /** Labels kept (PromQL `by`); the engine adds node or cluster when the user asks per node/cluster. */
  readonly groupBy: readonly string[];
  readonly windowSeconds: number;
  /** Multiplier, e.g. 60 for "per minute". Default 1. */
  readonly scale?: number;
  readonly topk?: number;
  /** For the duration histogram: `histogram_quantile(q, rate(…_bucket[w]))`, default buckets. */
  readonly quantile?: number;
  /**
   * Flows processed Per Node: `stat(sum(rate(…)) by (pod, groupBy…))` for each statistic, one series
   * per statistic with the label `stat` = "avg" | "min" | "max". Absent: the sums are the series.
   * An optional field rather than a new PanelQuery kind, so code that switches on `kind` still compiles.
   */
  readonly acrossNodes?: readonly NodeStatistic[];
}

/** A statistic across the per-node series of a query (Grafana's `avg(…)`, `min(…)`, `max(…)`). */
export type NodeStatistic = "avg" | "min" | "max";

/** One Grafana query (target) of a panel with several, e.g. A/B/C of Flows processed Per Node. */
export interface PanelTarget {
  readonly refId: string;
  readonly expr: string;
  readonly legend: string;
}

/** The series of a panel: one query, or the difference of two (Missing SYN-ACK, Missing DNS responses). */
export type PanelQuery =
  | { readonly kind: "rate"; readonly query: RateQuery }
  | { readonly kind: "difference"; readonly minuend: RateQuery; readonly subtrahend: RateQuery };

export interface PanelDefinition {
  /** Stable id used in URLs and test ids, e.g. "flows-types". */
  readonly id: string;
  /** Exactly Grafana's title (our own name where Cilium ships none, e.g. "Forwarded vs Redirected"). */
  readonly title: string;
  /** The Grafana row it sits in. */
  readonly row: "General Processing" | "Network" | "Network Policy" | "HTTP" | "DNS" | "Policy";
  /** The PromQL of the shipped dashboard (or ours, written the same way), for the cross-check. */
  readonly promql: string;
  readonly query: PanelQuery;
  /** Grafana legend template, e.g. "{{verdict}}" or "{{port}}/{{protocol}}". */
  readonly legend: string;
  /** Grafana unit of the left axis: "ops", "pps", "reqps", "short", "s", "percent". */
  readonly unit: string;
  readonly stacking: "none" | "normal" | "percent";
  /** Series (by legend text) drawn on the right axis, e.g. FIN and RST on TCPv4. */
  readonly rightAxis?: readonly string[];
  /** A red threshold line, e.g. 0.2 on Missing TCPv4 SYN-ACKs. */
  readonly threshold?: number;
  /** Grafana's `decimals` on the left axis when the panel sets it (HTTP Requests: 1, DNS Errors: 4). */
  readonly decimals?: number;
  /** Grafana's queries when the panel has several, in refId order; `promql` then holds the first. */
  readonly targets?: readonly PanelTarget[];
  /** Two series (by legend) drawn as a filled band instead of lines, e.g. min–max on Flows processed Per Node. */
  readonly band?: { readonly lower: string; readonly upper: string };
  /** One line on what the panel shows and any way it departs from Grafana's. */
  readonly description: string;
}

/** One drawn series: its legend text, its labels, and a value per step (null = no data). */
export interface PanelSeries {
  readonly legend: string;
  readonly labels: MetricLabels;
  readonly values: readonly (number | null)[];
}

/** Steps at which series are evaluated, on flow time: t = startMs, startMs + stepMs, …, ≤ endMs. */
export interface EvaluationRange {
  readonly startMs: number;
  readonly endMs: number;
  readonly stepMs: number;
}

/** How series are split across the nodes that observed the flows (Grafana's `pod`). */
export type NodeGrouping = "sum" | "node" | "cluster";
