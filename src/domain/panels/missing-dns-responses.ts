// DNS: "Missing DNS Responses" — queries/s minus responses/s (every rcode) per query type; a
// query type with queries but no response at all has no line (PromQL one-to-one matching).
import type { PanelDefinition } from "./panel-definition.ts";
import { difference, rate } from "./query-builders.ts";

/** DNS queries/s minus responses/s by query types, with Grafana's 0.5 threshold. */
export const missingDnsResponsesPanel: PanelDefinition = {
  id: "missing-dns-responses",
  title: "Missing DNS Responses",
  row: "DNS",
  promql: "sum(rate(hubble_dns_queries_total[1m])) by (pod, qtypes) - sum(rate(hubble_dns_responses_total[1m])) by (pod, qtypes)",
  query: difference(rate("hubble_dns_queries_total", ["qtypes"]), rate("hubble_dns_responses_total", ["qtypes"])),
  legend: "{{qtypes}}",
  unit: "reqps",
  stacking: "none",
  threshold: 0.5,
  description: "DNS queries per second left without a response, by query type; denied queries never get one.",
};
