// General Processing: "Trace Flow Distribution" — trace events by datapath observation point.
import type { PanelDefinition } from "./panel-definition.ts";
import { eq, rate, single } from "./query-builders.ts";

/** Trace flows/s by observation point (to-endpoint, to-stack, from-endpoint, …), stacked. */
export const traceFlowDistributionPanel: PanelDefinition = {
  id: "trace-flow-distribution",
  title: "Trace Flow Distribution",
  row: "General Processing",
  promql: 'sum(rate(hubble_flows_processed_total{type="Trace"}[1m])) by (pod, subtype)',
  query: single(rate("hubble_flows_processed_total", ["subtype"], { matchers: [eq("type", "Trace")] })),
  legend: "{{subtype}}",
  unit: "ops",
  stacking: "normal",
  description: "Trace events per second by where in the datapath they were observed.",
};
