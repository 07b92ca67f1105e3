// Network: "ICMPv6" — empty in stock Grafana because Hubble labels ICMPv6 family="IPv4" (facts
// §2.6). Kept because the engine's default correction moves ICMPv6 here; without this panel the
// fix would make ICMPv6 traffic vanish from the dashboard.
import type { PanelDefinition } from "./panel-definition.ts";
import { eq, rate, single } from "./query-builders.ts";

/** ICMPv6 messages/s by type (EchoRequest, NeighborSolicitation, …). */
export const icmpv6Panel: PanelDefinition = {
  id: "icmpv6",
  title: "ICMPv6",
  row: "Network",
  promql: 'sum(rate(hubble_icmp_total{family="IPv6"}[1m])) by (pod, type)',
  query: single(rate("hubble_icmp_total", ["type"], { matchers: [eq("family", "IPv6")] })),
  legend: "{{type}}",
  unit: "short",
  stacking: "none",
  description: "ICMPv6 messages per second by type; always empty in stock Grafana (Hubble files them under IPv4), shown here.",
};
