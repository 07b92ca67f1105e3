// Network Policy: "Denied Packets by Protocol" — POLICY_DENIED drops by Cilium's FlowProtocol.
import type { PanelDefinition } from "./panel-definition.ts";
import { eq, rate, single } from "./query-builders.ts";

/** POLICY_DENIED drops/s by protocol (TCP, UDP, ICMPv4, …). */
export const deniedPacketsByProtocolPanel: PanelDefinition = {
  id: "denied-packets-by-protocol",
  title: "Denied Packets by Protocol",
  row: "Network Policy",
  promql: 'sum(rate(hubble_drop_total{reason="POLICY_DENIED"}[1m])) by (pod, protocol)',
  query: single(rate("hubble_drop_total", ["protocol"], { matchers: [eq("reason", "POLICY_DENIED")] })),
  legend: "{{protocol}}",
  unit: "pps",
  stacking: "none",
  description: "Policy-denied drops per second by L4 protocol.",
};
