// HTTP: "HTTP status" — our replacement for Grafana's "HTTP responses", which queries
// hubble_http_responses_total, a metric only the deprecated v1 handler has; with the lab's httpV2 it
// is empty. The same numbers come from hubble_http_requests_total's `status` label (facts §1.1, §3).
import type { PanelDefinition } from "./panel-definition.ts";
import { rate, single } from "./query-builders.ts";

/** HTTP responses/s by status code (an L7 deny shows as 403). */
export const httpStatusPanel: PanelDefinition = {
  id: "http-status",
  title: "HTTP status",
  row: "HTTP",
  promql: "sum(rate(hubble_http_requests_total[1m])) by (pod, status)",
  query: single(rate("hubble_http_requests_total", ["status"])),
  legend: "{{status}}",
  unit: "reqps",
  stacking: "none",
  description: "Ours, replacing Grafana's HTTP responses (empty with httpV2): responses per second by status code.",
};
