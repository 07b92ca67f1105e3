// DNS: "DNS responses" — successful answers only (rcode "No Error").
import type { PanelDefinition } from "./panel-definition.ts";
import { eq, rate, single } from "./query-builders.ts";

/** "No Error" DNS responses/s by query types. */
export const dnsResponsesPanel: PanelDefinition = {
  id: "dns-responses",
  title: "DNS responses",
  row: "DNS",
  promql: 'sum(rate(hubble_dns_responses_total{rcode="No Error"}[1m])) by (pod, qtypes)',
  query: single(rate("hubble_dns_responses_total", ["qtypes"], { matchers: [eq("rcode", "No Error")] })),
  legend: "{{qtypes}}",
  unit: "reqps",
  decimals: 1,
  stacking: "none",
  description: "Successful DNS responses per second by query type.",
};
