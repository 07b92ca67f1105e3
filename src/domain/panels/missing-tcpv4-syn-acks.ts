// Network: "Missing TCPv4 SYN-ACKs" — rate(SYN) − rate(SYN-ACK). Policy-verdict events count SYNs
// but never SYN-ACKs, so this sits above 0 on healthy traffic whenever verdicts are emitted (facts
// §2.3). PromQL's one-to-one matching: no line where either side has no series.
import type { PanelDefinition } from "./panel-definition.ts";
import { difference, eq, rate } from "./query-builders.ts";

/** SYNs/s minus SYN-ACKs/s over IPv4, with Grafana's 0.2 alert threshold. */
export const missingTcpv4SynAcksPanel: PanelDefinition = {
  id: "missing-tcpv4-syn-acks",
  title: "Missing TCPv4 SYN-ACKs",
  row: "Network",
  promql:
    'sum(rate(hubble_tcp_flags_total{family="IPv4", flag="SYN"}[1m])) by (pod) - sum(rate(hubble_tcp_flags_total{family="IPv4", flag="SYN-ACK"}[1m])) by (pod)',
  query: difference(
    rate("hubble_tcp_flags_total", [], { matchers: [eq("family", "IPv4"), eq("flag", "SYN")] }),
    rate("hubble_tcp_flags_total", [], { matchers: [eq("family", "IPv4"), eq("flag", "SYN-ACK")] }),
  ),
  legend: "Missing SYN-ACK",
  unit: "pps",
  stacking: "none",
  threshold: 0.2,
  description: "IPv4 SYNs per second not matched by a SYN-ACK; above 0 even on healthy traffic when policy verdicts are emitted.",
};
