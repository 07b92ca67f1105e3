// Network row (facts §2.1–2.6): flows sit at 10 s, values are read at t = 60 s (1 flow = 1/60 per s).
import { describe, expect, it } from "vitest";
import type { Flow } from "../../gen/flow/flow_pb.ts";
import { FlowType, TrafficDirection, Verdict } from "../../gen/flow/flow_pb.ts";
import { type FlowInit, dropEvent, httpRequest, httpResponse, ips, policyVerdictEvent, reply, tcp, traceEvent, udp } from "../../testing/flow-builders.ts";
import { dropReasonPanel } from "./drop-reason.ts";
import { forwardedVsDroppedPanel } from "./forwarded-vs-dropped.ts";
import { forwardedVsRedirectedPanel } from "./forwarded-vs-redirected.ts";
import { icmpv4Panel } from "./icmpv4.ts";
import { icmpv6Panel } from "./icmpv6.ts";
import { missingIcmpv4EchoReplyPanel } from "./missing-icmpv4-echo-reply.ts";
import { missingTcpv4SynAcksPanel } from "./missing-tcpv4-syn-acks.ts";
import type { PanelDefinition } from "./panel-definition.ts";
import { engineOf, secondsRange, times, valuesAt } from "./panel-fixtures.ts";
import type { PanelEngineOptions } from "./panel-engine.ts";
import { protocolUsagePanel } from "./protocol-usage.ts";
import { tcpv4Panel } from "./tcpv4.ts";
import { tcpv6Panel } from "./tcpv6.ts";
import { top10PortDistributionPanel } from "./top-10-port-distribution.ts";

const v4 = ips("10.0.0.1", "10.0.0.2");
const v6 = ips("fd00::1", "fd00::2");
const icmp = (version: 4 | 6, type: number, code = 0): FlowInit => ({
  l4: { protocol: version === 4 ? { case: "ICMPv4", value: { type, code } } : { case: "ICMPv6", value: { type, code } } },
});

/** 3 forwarded traces, 2 drops, 1 redirected policy verdict, 1 translated sock-LB event. */
const verdicts: Flow[] = [
  ...times(3, 10, traceEvent(0), v4, tcp(40000, 80, "ACK")),
  ...times(2, 10, dropEvent(133), v4, tcp(40000, 80, "SYN")),
  ...times(1, 10, policyVerdictEvent(Verdict.REDIRECTED, 2, TrafficDirection.INGRESS), v4, tcp(40000, 80, "SYN")),
  ...times(1, 10, { Type: FlowType.SOCK, eventType: { type: 7 }, verdict: Verdict.TRANSLATED }),
];

/**
 * Lab stage 5: an L7 deny (http-request DROPPED, then Envoy's 403 response FORWARDED) and an L3/L4
 * deny (policy verdict DROPPED with reason 133, then the drop itself).
 */
const stage5: Flow[] = [
  ...times(1, 10, httpRequest("GET", "http://backend/get"), { verdict: Verdict.DROPPED, trafficDirection: TrafficDirection.INGRESS }),
  ...times(1, 10, httpResponse(403, 1_000_000n, "GET", "http://backend/get"), { verdict: Verdict.FORWARDED, trafficDirection: TrafficDirection.INGRESS }),
  ...times(1, 10, policyVerdictEvent(Verdict.DROPPED, 0, TrafficDirection.EGRESS), { dropReasonDesc: 133 }, ips("10.0.0.1", "1.1.1.1"), tcp(40000, 443, "SYN")),
  ...times(1, 10, dropEvent(133), ips("10.0.0.1", "1.1.1.1"), tcp(40000, 443, "SYN")),
];

/** Forwarded first packets (reply false): TCP/80 ×2, UDP/53 ×1, ICMPv4 ×1; replies, unknown reply and drops don't count. */
const ports: Flow[] = [
  ...times(2, 10, traceEvent(0), v4, tcp(40000, 80, "SYN"), reply(false)),
  ...times(1, 10, traceEvent(0), v4, udp(40000, 53), reply(false)),
  ...times(1, 10, traceEvent(0), v4, icmp(4, 8), reply(false)),
  ...times(1, 10, traceEvent(0), v4, tcp(80, 40000, "SYN", "ACK"), reply(true)),
  ...times(1, 10, traceEvent(0), v4, tcp(40000, 80, "ACK")),
  ...times(1, 10, dropEvent(133), v4, tcp(40000, 80, "SYN"), reply(false)),
];

/** Port 8000 + i gets i + 1 flows (i = 0…11), and ICMPv4 (port 0) 20. */
const manyPorts: Flow[] = [
  ...Array.from({ length: 12 }, (_, i) => times(i + 1, 10, traceEvent(0), v4, tcp(40000, 8000 + i), reply(false))).flat(),
  ...times(20, 10, traceEvent(0), v4, icmp(4, 8), reply(false)),
];

/** IPv4: SYN ×3, SYN-ACK ×1, FIN ×1, RST ×1, a dropped SYN (not counted); IPv6: SYN ×1. */
const tcpFlags: Flow[] = [
  ...times(3, 10, traceEvent(0), v4, tcp(40000, 80, "SYN")),
  ...times(1, 10, traceEvent(0), v4, tcp(80, 40000, "SYN", "ACK")),
  ...times(1, 10, traceEvent(0), v4, tcp(40000, 80, "FIN", "ACK")),
  ...times(1, 10, traceEvent(0), v4, tcp(40000, 80, "RST")),
  ...times(1, 10, dropEvent(133), v4, tcp(40000, 80, "SYN")),
  ...times(1, 10, traceEvent(0), v6, tcp(40000, 80, "SYN")),
];

/** ICMPv4 echo request ×2, echo reply ×1, a dropped port unreachable; ICMPv6 echo request ×1. */
const icmpFlows: Flow[] = [
  ...times(2, 10, traceEvent(0), v4, icmp(4, 8)),
  ...times(1, 10, traceEvent(0), v4, icmp(4, 0)),
  ...times(1, 10, dropEvent(133), v4, icmp(4, 3, 3)),
  ...times(1, 10, traceEvent(0), v6, icmp(6, 128)),
];

describe("Network panels", () => {
  it.each<[string, PanelDefinition, Flow[], Record<string, number>, PanelEngineOptions?]>([
    ["Forwarded vs Dropped: every verdict", forwardedVsDroppedPanel, verdicts, { DROPPED: 2 / 60, FORWARDED: 3 / 60, REDIRECTED: 1 / 60, TRANSLATED: 1 / 60 }],
    ["Forwarded vs Redirected: those two only", forwardedVsRedirectedPanel, verdicts, { FORWARDED: 3 / 60, REDIRECTED: 1 / 60 }],
    // L3/L4 deny counts twice as POLICY_DENIED; the L7 deny once as DROP_REASON_UNKNOWN; the 403 is not a drop.
    ["Drop Reason: stage-5 denies", dropReasonPanel, stage5, { DROP_REASON_UNKNOWN: 1 / 60, POLICY_DENIED: 2 / 60 }],
    ["Protocol Usage: forwarded first packets by protocol", protocolUsagePanel, ports, { ICMPv4: 1 / 60, TCP: 2 / 60, UDP: 1 / 60 }],
    [
      "Top 10 Port Distribution: the ten busiest, port 0 excluded",
      top10PortDistributionPanel,
      manyPorts,
      {
        "8002/TCP": 3 / 60, "8003/TCP": 4 / 60, "8004/TCP": 5 / 60, "8005/TCP": 6 / 60, "8006/TCP": 7 / 60,
        "8007/TCP": 8 / 60, "8008/TCP": 9 / 60, "8009/TCP": 10 / 60, "8010/TCP": 11 / 60, "8011/TCP": 12 / 60,
      },
    ],
    ["TCPv4: flags of forwarded IPv4 flows", tcpv4Panel, tcpFlags, { FIN: 1 / 60, RST: 1 / 60, SYN: 3 / 60, "SYN-ACK": 1 / 60 }],
    ["Missing TCPv4 SYN-ACKs: 3/60 − 1/60", missingTcpv4SynAcksPanel, tcpFlags, { "Missing SYN-ACK": 3 / 60 - 1 / 60 }],
    ["TCPv6: IPv6 flags only", tcpv6Panel, tcpFlags, { SYN: 1 / 60 }],
    ["ICMPv4: by type, drops included, ICMPv6 not mixed in", icmpv4Panel, icmpFlows, { "DestinationUnreachable(Port)": 1 / 60, EchoReply: 1 / 60, EchoRequest: 2 / 60 }],
    ["ICMPv4 mimicking Hubble's bug: ICMPv6 echo counted as IPv4", icmpv4Panel, icmpFlows, { "DestinationUnreachable(Port)": 1 / 60, EchoReply: 1 / 60, EchoRequest: 3 / 60 }, { icmpv6AsIPv4: true }],
    ["Missing ICMPv4 Echo-Reply: 2/60 − 1/60", missingIcmpv4EchoReplyPanel, icmpFlows, { "Missing ICMP Echo-Reply": 2 / 60 - 1 / 60 }],
    ["ICMPv6: corrected family", icmpv6Panel, icmpFlows, { EchoRequest: 1 / 60 }],
  ])("%s", (_, panel, flows, expected, options) => {
    expect(valuesAt(engineOf(flows, options), panel, 60)).toEqual(expected);
  });

  it("TCPv4 puts FIN and RST on the right axis; the missing panels carry Grafana's thresholds", () => {
    expect([tcpv4Panel.rightAxis, missingTcpv4SynAcksPanel.threshold, missingIcmpv4EchoReplyPanel.threshold]).toEqual([["FIN", "RST"], 0.2, 0.1]);
  });

  it("Top 10 Port Distribution re-ranks at every step", () => {
    // (0, 60]: 8000 has 1 … 8011 has 12 → 8002…8011. (60, 120]: 8000 ×20 and 8003…8011 ×1 → 8000 and
    // 8003…8011; 8002 (0 there) drops out, 8001 is never in the top 10, so it has no series at all.
    const engine = engineOf([
      ...manyPorts,
      ...times(20, 70, traceEvent(0), v4, tcp(40000, 8000), reply(false)),
      ...Array.from({ length: 9 }, (_, i) => times(1, 70, traceEvent(0), v4, tcp(40000, 8003 + i), reply(false))).flat(),
    ]);
    const series = Object.fromEntries(engine.evaluate(top10PortDistributionPanel, secondsRange(60, 120, 60)).map((s) => [s.legend, s.values]));
    expect([series["8000/TCP"], series["8002/TCP"], series["8011/TCP"], "8001/TCP" in series, Object.keys(series).length]).toEqual([
      [null, 20 / 60],
      [3 / 60, null],
      [12 / 60, 1 / 60],
      false,
      11,
    ]);
  });
});
