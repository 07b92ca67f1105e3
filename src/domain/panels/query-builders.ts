// Short builders for the panel modules, so each reads like its PromQL:
//   rate("hubble_tcp_flags_total", ["flag"], { matchers: [eq("family", "IPv4")] })
// is `sum(rate(hubble_tcp_flags_total{family="IPv4"}[1m])) by (pod, flag)` — `pod` is implied: the
// engine sums across nodes or splits per node / cluster as the user asks.
import type { HubbleMetricName } from "../hubble-metrics/metric-increments.ts";
import type { LabelMatcher, PanelQuery, RateQuery } from "./panel-definition.ts";

/** `label="value"`. */
export const eq = (label: string, value: string): LabelMatcher => ({ label, op: "=", value });
/** `label!="value"`. */
export const ne = (label: string, value: string): LabelMatcher => ({ label, op: "!=", value });
/** `label=~"regex"` (anchored). */
export const re = (label: string, value: string): LabelMatcher => ({ label, op: "=~", value });

/** `sum(rate(metric{matchers}[window])) by (pod, groupBy…)`; window 60 s unless given. */
export function rate(
  metric: HubbleMetricName,
  groupBy: readonly string[],
  options: Partial<Omit<RateQuery, "metric" | "groupBy">> = {},
): RateQuery {
  return { metric, groupBy, matchers: [], windowSeconds: 60, ...options };
}

/** A panel query of one rate query. */
export const single = (query: RateQuery): PanelQuery => ({ kind: "rate", query });

/** A panel query `minuend - subtrahend`. */
export const difference = (minuend: RateQuery, subtrahend: RateQuery): PanelQuery => ({ kind: "difference", minuend, subtrahend });
