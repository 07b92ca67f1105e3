// Network Policy row (hubble_drop_total, facts §2.2) and the Cilium Policy Verdicts rates
// (hubble_policy_verdicts_total, §2.8; × 60, so values are flows per minute: 1 flow in the window = 1).
import { describe, expect, it } from "vitest";
import type { Flow } from "../../gen/flow/flow_pb.ts";
import { FlowType, L7FlowType, TrafficDirection, Verdict } from "../../gen/flow/flow_pb.ts";
import { dropEvent, from, httpRequest, httpResponse, ips, policyVerdictEvent, tcp, udp } from "../../testing/flow-builders.ts";
import { deniedPacketsByProtocolPanel } from "./denied-packets-by-protocol.ts";
import { deniesByReasonPanel } from "./denies-by-reason.ts";
import type { PanelDefinition } from "./panel-definition.ts";
import { engineOf, times, valuesAt } from "./panel-fixtures.ts";
import {
  egressPolicyVerdictsByActionPanel,
  egressPolicyVerdictsByMatchPanel,
  ingressPolicyVerdictsByActionPanel,
  ingressPolicyVerdictsByMatchPanel,
} from "./policy-verdicts.ts";

const { INGRESS, EGRESS } = TrafficDirection;

/** An L7 deny (DROP_REASON_UNKNOWN), an L3/L4 TCP deny (verdict + drop, both POLICY_DENIED), a UDP policy drop. */
const denies: Flow[] = [
  ...times(1, 10, httpRequest("GET", "http://backend/get"), { verdict: Verdict.DROPPED, trafficDirection: INGRESS }),
  ...times(1, 10, policyVerdictEvent(Verdict.DROPPED, 0, EGRESS), { dropReasonDesc: 133 }, ips("10.0.0.1", "1.1.1.1"), tcp(40000, 443, "SYN")),
  ...times(1, 10, dropEvent(133), ips("10.0.0.1", "1.1.1.1"), tcp(40000, 443, "SYN")),
  ...times(1, 10, dropEvent(133), ips("10.0.0.1", "1.1.1.1"), udp(40000, 53)),
];

const endpoint = { identity: 4000 };
/**
 * Ingress: l3-l4 forwarded ×2, none dropped ×1, all redirected ×1, one from the host (identity 1,
 * skipped by the handler), an HTTP request and response (l7/http, forwarded).
 * Egress: l3-only forwarded ×1, none dropped ×1, a DNS query (l7/dns, forwarded).
 */
const verdicts: Flow[] = [
  ...times(2, 10, policyVerdictEvent(Verdict.FORWARDED, 2, INGRESS), from(endpoint)),
  ...times(1, 10, policyVerdictEvent(Verdict.DROPPED, 0, INGRESS), from(endpoint)),
  ...times(1, 10, policyVerdictEvent(Verdict.REDIRECTED, 4, INGRESS), from(endpoint)),
  ...times(1, 10, policyVerdictEvent(Verdict.FORWARDED, 2, INGRESS), from({ identity: 1 })),
  ...times(1, 10, httpRequest("GET", "http://backend/"), { verdict: Verdict.FORWARDED, trafficDirection: INGRESS }),
  ...times(1, 10, httpResponse(200, 1_000_000n, "GET", "http://backend/"), { verdict: Verdict.FORWARDED, trafficDirection: INGRESS }),
  ...times(1, 10, policyVerdictEvent(Verdict.FORWARDED, 1, EGRESS), from(endpoint)),
  ...times(1, 10, policyVerdictEvent(Verdict.DROPPED, 0, EGRESS), from(endpoint)),
  ...times(1, 10, {
    Type: FlowType.L7,
    eventType: { type: 129 },
    verdict: Verdict.FORWARDED,
    isReply: false,
    trafficDirection: EGRESS,
    l7: { type: L7FlowType.REQUEST, record: { case: "dns", value: { query: "api.example.com.", qtypes: ["A"] } } },
  }),
];

describe("Network Policy and Policy panels", () => {
  it.each<[string, PanelDefinition, Flow[], Record<string, number>]>([
    // TCP deny ×2 + UDP drop; the L7 deny is DROP_REASON_UNKNOWN and does not count.
    ["Denies by Reason: POLICY_DENIED only", deniesByReasonPanel, denies, { POLICY_DENIED: 3 / 60 }],
    ["Denied Packets by Protocol", deniedPacketsByProtocolPanel, denies, { TCP: 2 / 60, UDP: 1 / 60 }],
    ["Ingress verdicts per minute by match", ingressPolicyVerdictsByMatchPanel, verdicts, { all: 1, "l3-l4": 2, "l7/http": 2, none: 1 }],
    ["Ingress verdicts per minute by action", ingressPolicyVerdictsByActionPanel, verdicts, { dropped: 1, forwarded: 4, redirected: 1 }],
    ["Egress verdicts per minute by match", egressPolicyVerdictsByMatchPanel, verdicts, { "l3-only": 1, "l7/dns": 1, none: 1 }],
    ["Egress verdicts per minute by action", egressPolicyVerdictsByActionPanel, verdicts, { dropped: 1, forwarded: 2 }],
  ])("%s", (_, panel, flows, expected) => {
    expect(valuesAt(engineOf(flows), panel, 60)).toEqual(expected);
  });
});
