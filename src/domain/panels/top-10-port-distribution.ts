// Network: "Top 10 Port Distribution" — destination ports of forwarded, non-reply traffic; topk is
// taken at every step, so the ports shown can change along the range.
import type { PanelDefinition } from "./panel-definition.ts";
import { ne, rate, single } from "./query-builders.ts";

/** The ten busiest destination port/protocol pairs at each step, stacked. */
export const top10PortDistributionPanel: PanelDefinition = {
  id: "top-10-port-distribution",
  title: "Top 10 Port Distribution",
  row: "Network",
  promql: 'topk(10, sum (rate(hubble_port_distribution_total{port!="0"}[1m])) by (pod, port, protocol))',
  query: single(rate("hubble_port_distribution_total", ["port", "protocol"], { matchers: [ne("port", "0")], topk: 10 })),
  legend: "{{port}}/{{protocol}}",
  unit: "pps",
  stacking: "normal",
  description: "The ten busiest destination ports per second, chosen afresh at every step (ICMP, port 0, excluded).",
};
