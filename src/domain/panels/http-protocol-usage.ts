// HTTP: "HTTP Protocol Usage" — shares of HTTP/1.1, HTTP/2, … Note the 5 m window, as shipped.
import type { PanelDefinition } from "./panel-definition.ts";
import { rate, single } from "./query-builders.ts";

/** Share of HTTP requests by protocol over 5 minutes, 100 % stacked. */
export const httpProtocolUsagePanel: PanelDefinition = {
  id: "http-protocol-usage",
  title: "HTTP Protocol Usage",
  row: "HTTP",
  promql: "sum(rate(hubble_http_requests_total[5m])) by (pod, protocol)",
  query: single(rate("hubble_http_requests_total", ["protocol"], { windowSeconds: 300 })),
  legend: "{{protocol}}",
  unit: "short",
  decimals: 0,
  stacking: "percent",
  description: "Share of HTTP requests by protocol version, over a 5-minute window.",
};
