// HTTP: "HTTP Request/Response Latency (p50)" and "(p99)" — one module for both, as they differ
// only in q. The shipped queries have no `sum by (le)`: histogram_quantile runs per full label set,
// so groupBy lists every label of the histogram (with the lab's labelsContext, one line per
// client/server IP pair, all with the legend of their method). The engine's default grouping sums
// only across nodes, i.e. `sum without (pod)`; per node gives exactly the shipped query.
import { HUBBLE_METRICS } from "../hubble-metrics/metric-increments.ts";
import type { PanelDefinition } from "./panel-definition.ts";
import { rate, single } from "./query-builders.ts";

const HISTOGRAM_LABELS = HUBBLE_METRICS.find((m) => m.name === "hubble_http_request_duration_seconds")?.labelNames ?? [];

function latencyPanel(quantile: number, percentile: string): PanelDefinition {
  return {
    id: `http-latency-${percentile}`,
    title: `HTTP Request/Response Latency (${percentile})`,
    row: "HTTP",
    promql: `histogram_quantile(${quantile}, rate(hubble_http_request_duration_seconds_bucket[1m]))`,
    query: single(rate("hubble_http_request_duration_seconds", HISTOGRAM_LABELS, { quantile })),
    legend: "{{method}}",
    unit: "s",
    stacking: "none",
    description: `${percentile} of HTTP request→response latency per label set (no sum by le, as shipped), from the default histogram buckets.`,
  };
}

/** Median HTTP latency per label set, interpolated in the default buckets as Prometheus does. */
export const httpLatencyP50Panel: PanelDefinition = latencyPanel(0.5, "p50");

/** 99th-percentile HTTP latency per label set. */
export const httpLatencyP99Panel: PanelDefinition = latencyPanel(0.99, "p99");
