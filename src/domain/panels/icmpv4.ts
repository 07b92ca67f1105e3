// Network: "ICMPv4" — ICMP messages of any verdict by type. Hubble's handler also files ICMPv6 under
// family="IPv4" (facts §2.6); the engine corrects that by default (PanelEngineOptions.icmpv6AsIPv4),
// so this panel shows ICMPv4 only and ICMPv6 goes to the ICMPv6 panel.
import type { PanelDefinition } from "./panel-definition.ts";
import { eq, rate, single } from "./query-builders.ts";

/** ICMPv4 messages/s by type (EchoRequest, EchoReply, DestinationUnreachable(Port), …). */
export const icmpv4Panel: PanelDefinition = {
  id: "icmpv4",
  title: "ICMPv4",
  row: "Network",
  promql: 'sum(rate(hubble_icmp_total{family="IPv4"}[1m])) by (pod, type)',
  query: single(rate("hubble_icmp_total", ["type"], { matchers: [eq("family", "IPv4")] })),
  legend: "{{type}}",
  unit: "short",
  stacking: "none",
  description: "ICMPv4 messages per second by type, drops included; unlike stock Hubble, ICMPv6 is not mixed in.",
};
