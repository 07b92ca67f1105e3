// Network: "Forwarded vs Redirected" — our panel (no Cilium dashboard ships this title, facts §0):
// the lab's name for watching L7 rules take over traffic, written the way Grafana's would be.
import type { PanelDefinition } from "./panel-definition.ts";
import { rate, re, single } from "./query-builders.ts";

/** Flows/s with verdict FORWARDED or REDIRECTED (to Envoy or the DNS proxy). */
export const forwardedVsRedirectedPanel: PanelDefinition = {
  id: "forwarded-vs-redirected",
  title: "Forwarded vs Redirected",
  row: "Network",
  promql: 'sum(rate(hubble_flows_processed_total{verdict=~"FORWARDED|REDIRECTED"}[1m])) by (pod, verdict)',
  query: single(rate("hubble_flows_processed_total", ["verdict"], { matchers: [re("verdict", "FORWARDED|REDIRECTED")] })),
  legend: "{{verdict}}",
  unit: "ops",
  stacking: "none",
  description: "Ours, not Cilium's: forwarded vs redirected flows per second; REDIRECTED appears once L7 rules send traffic to a proxy.",
};
