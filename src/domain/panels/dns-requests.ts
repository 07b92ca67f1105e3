// DNS: "DNS Requests" — DNS-proxy query records, policy-denied queries included (facts §2.5).
import type { PanelDefinition } from "./panel-definition.ts";
import { rate, single } from "./query-builders.ts";

/** DNS queries/s by query types ("A", "AAAA", …). */
export const dnsRequestsPanel: PanelDefinition = {
  id: "dns-requests",
  title: "DNS Requests",
  row: "DNS",
  promql: "sum(rate(hubble_dns_queries_total[1m])) by (pod, qtypes)",
  query: single(rate("hubble_dns_queries_total", ["qtypes"])),
  legend: "{{qtypes}}",
  unit: "reqps",
  stacking: "none",
  description: "DNS queries per second seen by the DNS proxy (needs an L7 DNS rule), by query type.",
};
