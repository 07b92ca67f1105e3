// Network: "Protocol Usage" — port-distribution counts (forwarded, first direction, reply status
// known) by L4 protocol, as shares of the total (Grafana's stack with `percentage: true`).
import type { PanelDefinition } from "./panel-definition.ts";
import { rate, single } from "./query-builders.ts";

/** Share of forwarded connections' packets by L4 protocol, 100 % stacked. */
export const protocolUsagePanel: PanelDefinition = {
  id: "protocol-usage",
  title: "Protocol Usage",
  row: "Network",
  promql: "sum (rate(hubble_port_distribution_total[1m])) by (pod, protocol)",
  query: single(rate("hubble_port_distribution_total", ["protocol"])),
  legend: "{{protocol}}",
  unit: "pps",
  stacking: "percent",
  description: "Share of forwarded, non-reply packets by protocol (TCP, UDP, SCTP, ICMPv4, ICMPv6).",
};
