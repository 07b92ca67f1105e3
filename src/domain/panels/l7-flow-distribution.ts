// General Processing: "L7 Flow Distribution" — proxy access-log flows by record kind.
import type { PanelDefinition } from "./panel-definition.ts";
import { eq, rate, single } from "./query-builders.ts";

/** L7 flows/s by subtype (DNS, HTTP, Kafka), stacked. */
export const l7FlowDistributionPanel: PanelDefinition = {
  id: "l7-flow-distribution",
  title: "L7 Flow Distribution",
  row: "General Processing",
  promql: 'sum(rate(hubble_flows_processed_total{type="L7"}[1m])) by (pod, subtype)',
  query: single(rate("hubble_flows_processed_total", ["subtype"], { matchers: [eq("type", "L7")] })),
  legend: "{{subtype}}",
  unit: "ops",
  stacking: "normal",
  description: "L7 flows per second by protocol; only traffic under an L7 rule reaches the proxy.",
};
