import { describe, expect, it } from "vitest";
import { AuthType, DebugCapturePoint, L7FlowType, SocketTranslationPoint, TrafficDirection, Verdict } from "../../gen/flow/flow_pb.ts";
import {
  type FlowInit,
  buildFlow,
  dropEvent,
  from,
  ips,
  pod,
  policy,
  policyVerdictEvent,
  tcp,
  to,
  traceEvent,
  udp,
} from "../../testing/flow-builders.ts";
import { type CompactCompat, flowTypeWord, hostNames, identityText, summaryText, verdictText } from "./compact-flow-parts.ts";

const v4 = ips("1.1.1.1", "2.2.2.2");

describe("hostNames", () => {
  // The cases of hubble's Test_getHostNames, plus IPv6, --numeric and the namespace quirk.
  it.each<[string, FlowInit[], boolean, [string, string]]>([
    ["no IP and no ethernet", [], true, ["", ""]],
    ["valid ips", [v4], true, ["1.1.1.1", "2.2.2.2"]],
    ["pods", [v4, from(pod("srcns", "srcpod")), to(pod("dstns", "dstpod"))], true, ["srcns/srcpod", "dstns/dstpod"]],
    ["tcp ports", [v4, tcp(55555, 80)], true, ["1.1.1.1:55555", "2.2.2.2:80"]],
    ["udp ports", [v4, udp(55555, 53)], true, ["1.1.1.1:55555", "2.2.2.2:53"]],
    ["sctp ports", [v4, { l4: { protocol: { case: "SCTP", value: { sourcePort: 55555, destinationPort: 5060 } } } }], true, ["1.1.1.1:55555", "2.2.2.2:5060"]],
    ["port 0 is not printed", [v4, tcp(0, 80)], true, ["1.1.1.1", "2.2.2.2:80"]],
    ["icmp has no ports", [v4, { l4: { protocol: { case: "ICMPv4", value: { type: 8 } } } }], true, ["1.1.1.1", "2.2.2.2"]],
    [
      "services",
      [v4, tcp(55555, 80), { sourceService: { name: "xwing", namespace: "default" }, destinationService: { name: "tiefighter", namespace: "deathstar" } }],
      true,
      ["default/xwing:55555", "deathstar/tiefighter:80"],
    ],
    ["dns names", [v4, tcp(54321, 65432), { sourceNames: ["a"], destinationNames: ["b", "c"] }], true, ["a:54321", "b,c:65432"]],
    ["ethernet only", [{ ethernet: { source: "00:01:02:03:04:05", destination: "06:07:08:09:0a:0b" } }], true, ["00:01:02:03:04:05", "06:07:08:09:0a:0b"]],
    ["IPv6 in brackets", [ips("fd00::1", "fd00::2"), tcp(1234, 443)], true, ["[fd00::1]:1234", "[fd00::2]:443"]],
    ["--numeric keeps IPs", [v4, tcp(1, 2), from(pod("a", "b")), { destinationNames: ["x"] }], false, ["1.1.1.1:1", "2.2.2.2:2"]],
    ["pod without namespace", [v4, from(pod("", "lonely"))], true, ["lonely", "2.2.2.2"]],
    ["a service namespace replaces the pod namespace", [v4, from(pod("podns", "p")), { sourceService: { name: "s", namespace: "svcns" } }], true, ["svcns/p", "2.2.2.2"]],
  ])("%s", (_name, pieces, ipTranslation, expected) => {
    expect(hostNames(buildFlow(...pieces), ipTranslation)).toEqual(expected);
  });
});

describe("identityText", () => {
  it.each([
    [0, "(unknown)"],
    [1, "(host)"],
    [2, "(world)"],
    [4, "(health)"],
    [6, "(remote-node)"],
    [7, "(kube-apiserver)"],
    [10, "(world-ipv6)"],
    [11, "(ID:11)"],
    [16530, "(ID:16530)"],
  ])("identity %i → %s", (identity, expected) => {
    expect(identityText(buildFlow(from({ identity })).source)).toBe(expected);
  });

  it("treats a missing endpoint as identity 0", () => {
    expect(identityText(undefined)).toBe("(unknown)");
  });
});

const l7 = (type: L7FlowType, record: NonNullable<FlowInit["l7"]>["record"]): FlowInit => ({ l7: { type, record } });

describe("flowTypeWord", () => {
  // The cases of hubble's Test_getFlowType, plus drop texts and the older CLI words.
  it.each<[string, FlowInit[], CompactCompat, string]>([
    ["l7 without record", [l7(L7FlowType.REQUEST, undefined)], "current", "l7-request"],
    ["http response", [l7(L7FlowType.RESPONSE, { case: "http", value: {} })], "current", "http-response"],
    ["kafka request", [l7(L7FlowType.REQUEST, { case: "kafka", value: {} })], "current", "kafka-request"],
    ["dns request via proxy", [l7(L7FlowType.REQUEST, { case: "dns", value: { observationSource: "proxy" } })], "current", "dns-request proxy"],
    ["dns request, CLI v0.10", [l7(L7FlowType.REQUEST, { case: "dns", value: { observationSource: "proxy" } })], "v0.10", "dns-request"],
    ["trace to-host", [traceEvent(2)], "current", "to-host"],
    ["trace to-endpoint (sub type 0)", [traceEvent(0)], "current", "to-endpoint"],
    ["trace with an invalid point", [traceEvent(123)], "current", "123"],
    ["drop policy denied", [dropEvent(133)], "current", "Policy denied"],
    ["drop text differing from the enum name", [dropEvent(136)], "current", "Fragmentation needed"],
    ["drop with an unknown code", [dropEvent(250)], "current", "250, 0"],
    ["policy verdict L3-L4 ingress", [policyVerdictEvent(Verdict.FORWARDED, 2, TrafficDirection.INGRESS)], "current", "policy-verdict:L3-L4 INGRESS"],
    ["policy verdict none ingress", [policyVerdictEvent(Verdict.DROPPED, 0, TrafficDirection.INGRESS)], "current", "policy-verdict:none INGRESS"],
    ["policy verdict unknown match", [policyVerdictEvent(Verdict.FORWARDED, 42, TrafficDirection.EGRESS)], "current", "policy-verdict:unknown EGRESS"],
    ["policy verdict, CLI v0.10", [policyVerdictEvent(Verdict.FORWARDED, 4, TrafficDirection.EGRESS)], "v0.10", "policy-verdict:all"],
    ["policy verdict allowed, CLI v0.8", [policyVerdictEvent(Verdict.FORWARDED, 2, TrafficDirection.EGRESS)], "v0.8", "L3-L4"],
    ["policy verdict dropped, CLI v0.8", [policyVerdictEvent(Verdict.DROPPED, 0, TrafficDirection.EGRESS), { dropReason: 133 }], "v0.8", "Policy denied"],
    ["sock pre-translate", [{ eventType: { type: 7 }, sockXlatePoint: SocketTranslationPoint.SOCK_XLATE_POINT_PRE_DIRECTION_FWD }], "current", "pre-xlate-fwd"],
    ["sock post-translate", [{ eventType: { type: 7 }, sockXlatePoint: SocketTranslationPoint.SOCK_XLATE_POINT_POST_DIRECTION_REV }], "current", "post-xlate-rev"],
    ["sock unknown point", [{ eventType: { type: 7 } }], "current", "SOCK_XLATE_POINT_UNKNOWN"],
    ["sock, CLI v0.10", [{ eventType: { type: 7 } }], "v0.10", "UNKNOWN"],
    ["debug capture", [{ eventType: { type: 3 }, debugCapturePoint: DebugCapturePoint.DBG_CAPTURE_FROM_LB }], "current", "DBG_CAPTURE_FROM_LB"],
    ["no event type", [], "current", "UNKNOWN"],
  ])("%s", (_name, pieces, compat, expected) => {
    expect(flowTypeWord(buildFlow(...pieces), compat)).toBe(expected);
  });
});

describe("verdictText", () => {
  const allowedBy = { egressAllowedBy: [policy("egress-pol", "CiliumNetworkPolicy")], ingressAllowedBy: [policy("in-pol", "NetworkPolicy"), policy("", "NoName"), policy("no-kind", "")] };
  it.each<[string, FlowInit[], boolean, string]>([
    ["plain forwarded", [traceEvent(0)], false, "FORWARDED"],
    ["plain dropped", [dropEvent(133)], true, "DROPPED"],
    ["unknown verdict number", [{ verdict: 99 as Verdict }], false, "99"],
    ["policy verdict forwarded", [policyVerdictEvent(Verdict.FORWARDED, 1, TrafficDirection.INGRESS)], false, "ALLOWED"],
    ["policy verdict redirected", [policyVerdictEvent(Verdict.REDIRECTED, 2, TrafficDirection.EGRESS)], false, "ALLOWED"],
    ["policy verdict error", [policyVerdictEvent(Verdict.ERROR, 0, TrafficDirection.EGRESS)], false, "DENIED"],
    ["policy verdict audit", [policyVerdictEvent(Verdict.AUDIT, 0, TrafficDirection.EGRESS)], true, "AUDITED"],
    ["names of the ingress policies that allowed", [policyVerdictEvent(Verdict.FORWARDED, 1, TrafficDirection.INGRESS), allowedBy], true, "ALLOWED BY in-pol (NetworkPolicy)"],
    ["names of the egress policies that allowed", [policyVerdictEvent(Verdict.FORWARDED, 1, TrafficDirection.EGRESS), allowedBy], true, "ALLOWED BY egress-pol (CiliumNetworkPolicy)"],
    ["no names without a direction", [policyVerdictEvent(Verdict.FORWARDED, 1, TrafficDirection.TRAFFIC_DIRECTION_UNKNOWN), allowedBy], true, "ALLOWED"],
    ["names of the policies that denied", [policyVerdictEvent(Verdict.DROPPED, 0, TrafficDirection.EGRESS), { egressDeniedBy: [policy("deny-all", "CiliumNetworkPolicy")] }], true, "DENIED BY deny-all (CiliumNetworkPolicy)"],
  ])("%s", (_name, pieces, printPolicyNames, expected) => {
    expect(verdictText(buildFlow(...pieces), "current", printPolicyNames)).toBe(expected);
  });

  it("prints the plain verdict for policy verdicts in CLI v0.8", () => {
    expect(verdictText(buildFlow(policyVerdictEvent(Verdict.REDIRECTED, 2, TrafficDirection.EGRESS)), "v0.8", true)).toBe("REDIRECTED");
  });
});

describe("summaryText", () => {
  it.each<[string, FlowInit, CompactCompat, string]>([
    ["plain", { Summary: "TCP Flags: SYN" }, "current", "TCP Flags: SYN"],
    ["auth", { Summary: "TCP Flags: SYN", authType: AuthType.SPIRE }, "current", "TCP Flags: SYN; Auth: SPIRE"],
    ["IP trace id and auth", { Summary: "UDP", ipTraceId: { traceId: 7n }, authType: AuthType.TEST_ALWAYS_FAIL }, "current", "IP Trace ID: 7; UDP; Auth: TEST_ALWAYS_FAIL"],
    ["zero trace id", { Summary: "UDP", ipTraceId: { traceId: 0n } }, "current", "UDP"],
    ["older CLI prints only the Summary", { Summary: "UDP", ipTraceId: { traceId: 7n }, authType: AuthType.SPIRE }, "v0.10", "UDP"],
  ])("%s", (_name, piece, compat, expected) => {
    expect(summaryText(buildFlow(piece), compat)).toBe(expected);
  });
});
