// Network: "TCPv6" — as TCPv4 for IPv6 flows; Grafana sets no right-axis override here.
import type { PanelDefinition } from "./panel-definition.ts";
import { eq, rate, single } from "./query-builders.ts";

/** IPv6 TCP flag occurrences/s (SYN, SYN-ACK, FIN, RST). */
export const tcpv6Panel: PanelDefinition = {
  id: "tcpv6",
  title: "TCPv6",
  row: "Network",
  promql: 'sum(rate(hubble_tcp_flags_total{family="IPv6"}[1m])) by (pod, flag)',
  query: single(rate("hubble_tcp_flags_total", ["flag"], { matchers: [eq("family", "IPv6")] })),
  legend: "{{flag}}",
  unit: "pps",
  stacking: "none",
  description: "IPv6 TCP flags per second of forwarded and redirected flows.",
};
