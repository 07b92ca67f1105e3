// DNS: "DNS Response Record Type" — one increment per resource record type in each answer.
import type { PanelDefinition } from "./panel-definition.ts";
import { rate, single } from "./query-builders.ts";

/** Answer records/s by record type (A, AAAA, CNAME, …). */
export const dnsResponseRecordTypePanel: PanelDefinition = {
  id: "dns-response-record-type",
  title: "DNS Response Record Type",
  row: "DNS",
  promql: "sum(rate(hubble_dns_response_types_total[1m])) by (pod, type)",
  query: single(rate("hubble_dns_response_types_total", ["type"])),
  legend: "{{type}}",
  unit: "short",
  decimals: 1,
  stacking: "none",
  description: "DNS answer records per second by record type; one response can add several.",
};
