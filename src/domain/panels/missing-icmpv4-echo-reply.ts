// Network: "Missing ICMPv4 Echo-Reply" — echo requests/s minus echo replies/s; with the ICMPv6
// correction (see icmpv4.ts) ICMPv6 pings no longer count here.
import type { PanelDefinition } from "./panel-definition.ts";
import { difference, eq, rate } from "./query-builders.ts";

/** ICMPv4 EchoRequest/s minus EchoReply/s, with Grafana's 0.1 threshold. */
export const missingIcmpv4EchoReplyPanel: PanelDefinition = {
  id: "missing-icmpv4-echo-reply",
  title: "Missing ICMPv4 Echo-Reply",
  row: "Network",
  promql:
    'sum(rate(hubble_icmp_total{family="IPv4", type="EchoRequest"}[1m])) by (pod) - sum(rate(hubble_icmp_total{family="IPv4", type="EchoReply"}[1m])) by (pod)',
  query: difference(
    rate("hubble_icmp_total", [], { matchers: [eq("family", "IPv4"), eq("type", "EchoRequest")] }),
    rate("hubble_icmp_total", [], { matchers: [eq("family", "IPv4"), eq("type", "EchoReply")] }),
  ),
  legend: "Missing ICMP Echo-Reply",
  unit: "pps",
  stacking: "none",
  threshold: 0.1,
  description: "ICMPv4 echo requests per second without a reply; no line until both a request and a reply were seen.",
};
