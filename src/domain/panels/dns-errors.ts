// DNS: "DNS Errors" — responses whose rcode is not "No Error" (NXDOMAIN shows as "Non-Existent Domain").
import type { PanelDefinition } from "./panel-definition.ts";
import { ne, rate, single } from "./query-builders.ts";

/** Failed DNS responses/s by rcode and query types. */
export const dnsErrorsPanel: PanelDefinition = {
  id: "dns-errors",
  title: "DNS Errors",
  row: "DNS",
  promql: 'sum(rate(hubble_dns_responses_total{rcode!="No Error"}[1m])) by (pod, qtypes, rcode)',
  query: single(rate("hubble_dns_responses_total", ["qtypes", "rcode"], { matchers: [ne("rcode", "No Error")] })),
  legend: "{{rcode}} ({{qtypes}})",
  unit: "short",
  decimals: 4,
  stacking: "none",
  description: "DNS error responses per second by rcode and query type.",
};
