// HTTP: "HTTP Requests" — httpV2 counts L7 HTTP *response* records (facts §2.7), Envoy's own 403s
// included, so this is requests answered per second.
import type { PanelDefinition } from "./panel-definition.ts";
import { rate, single } from "./query-builders.ts";

/** HTTP requests/s (counted on their responses) by method. */
export const httpRequestsPanel: PanelDefinition = {
  id: "http-requests",
  title: "HTTP Requests",
  row: "HTTP",
  promql: "sum(rate(hubble_http_requests_total[1m])) by (pod, method)",
  query: single(rate("hubble_http_requests_total", ["method"])),
  legend: "{{method}}",
  unit: "reqps",
  decimals: 1,
  stacking: "none",
  description: "HTTP requests per second by method, counted on their response records as httpV2 does.",
};
