// Network: "TCPv4" — TCP flags of forwarded/redirected IPv4 flows. Grafana's seriesOverrides put
// FIN and RST on the right axis (they are rarer than SYN and SYN-ACK).
import type { PanelDefinition } from "./panel-definition.ts";
import { eq, rate, single } from "./query-builders.ts";

/** IPv4 TCP flag occurrences/s (SYN, SYN-ACK, FIN, RST); FIN and RST on the right axis. */
export const tcpv4Panel: PanelDefinition = {
  id: "tcpv4",
  title: "TCPv4",
  row: "Network",
  promql: 'sum(rate(hubble_tcp_flags_total{family="IPv4"}[1m])) by (pod, flag)',
  query: single(rate("hubble_tcp_flags_total", ["flag"], { matchers: [eq("family", "IPv4")] })),
  legend: "{{flag}}",
  unit: "pps",
  stacking: "none",
  rightAxis: ["FIN", "RST"],
  description: "IPv4 TCP flags per second; a SYN is counted at every policy-verdict and trace point that reports it.",
};
