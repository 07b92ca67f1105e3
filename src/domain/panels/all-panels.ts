// Every panel in dashboard order: the rows and panel order of Grafana's "Hubble Metrics and
// Monitoring" (facts §1.1), our "Forwarded vs Redirected" and "HTTP status" where their Grafana
// counterparts sit, then the "Cilium Policy Verdicts" rates (§1.2) as a last row. Panels whose
// labels the lab's Helm string never set (Top 10 Source/Destination Pods, Pods with DNS errors, Top
// 10 DNS Queries) and the duplicates of shown ones for IPv6 "missing" lines are left out.
import { deniedPacketsByProtocolPanel } from "./denied-packets-by-protocol.ts";
import { deniesByReasonPanel } from "./denies-by-reason.ts";
import { dnsErrorsPanel } from "./dns-errors.ts";
import { dnsRequestsPanel } from "./dns-requests.ts";
import { dnsResponseRecordTypePanel } from "./dns-response-record-type.ts";
import { dnsResponsesPanel } from "./dns-responses.ts";
import { dropReasonPanel } from "./drop-reason.ts";
import { flowsProcessedPerNodePanel } from "./flows-processed-per-node.ts";
import { flowsTypesPanel } from "./flows-types.ts";
import { forwardedVsDroppedPanel } from "./forwarded-vs-dropped.ts";
import { forwardedVsRedirectedPanel } from "./forwarded-vs-redirected.ts";
import { httpLatencyP50Panel, httpLatencyP99Panel } from "./http-latency.ts";
import { httpProtocolUsagePanel } from "./http-protocol-usage.ts";
import { httpRequestsPanel } from "./http-requests.ts";
import { httpStatusPanel } from "./http-status.ts";
import { icmpv4Panel } from "./icmpv4.ts";
import { icmpv6Panel } from "./icmpv6.ts";
import { l7FlowDistributionPanel } from "./l7-flow-distribution.ts";
import { missingDnsResponsesPanel } from "./missing-dns-responses.ts";
import { missingIcmpv4EchoReplyPanel } from "./missing-icmpv4-echo-reply.ts";
import { missingTcpv4SynAcksPanel } from "./missing-tcpv4-syn-acks.ts";
import type { PanelDefinition } from "./panel-definition.ts";
import {
  egressPolicyVerdictsByActionPanel,
  egressPolicyVerdictsByMatchPanel,
  ingressPolicyVerdictsByActionPanel,
  ingressPolicyVerdictsByMatchPanel,
} from "./policy-verdicts.ts";
import { protocolUsagePanel } from "./protocol-usage.ts";
import { tcpv4Panel } from "./tcpv4.ts";
import { tcpv6Panel } from "./tcpv6.ts";
import { top10PortDistributionPanel } from "./top-10-port-distribution.ts";
import { traceFlowDistributionPanel } from "./trace-flow-distribution.ts";

/** A dashboard row and its panels, in order. */
export interface PanelRow {
  readonly row: PanelDefinition["row"];
  readonly panels: readonly PanelDefinition[];
}

/** The dashboard's rows in order, each with its panels in order. */
export const PANEL_ROWS: readonly PanelRow[] = [
  {
    row: "General Processing",
    panels: [flowsProcessedPerNodePanel, flowsTypesPanel, l7FlowDistributionPanel, traceFlowDistributionPanel],
  },
  {
    row: "Network",
    panels: [
      forwardedVsDroppedPanel,
      forwardedVsRedirectedPanel,
      dropReasonPanel,
      protocolUsagePanel,
      top10PortDistributionPanel,
      tcpv4Panel,
      missingTcpv4SynAcksPanel,
      tcpv6Panel,
      icmpv4Panel,
      missingIcmpv4EchoReplyPanel,
      icmpv6Panel,
    ],
  },
  { row: "Network Policy", panels: [deniesByReasonPanel, deniedPacketsByProtocolPanel] },
  {
    row: "HTTP",
    panels: [httpRequestsPanel, httpStatusPanel, httpLatencyP50Panel, httpLatencyP99Panel, httpProtocolUsagePanel],
  },
  {
    row: "DNS",
    panels: [dnsRequestsPanel, dnsResponsesPanel, missingDnsResponsesPanel, dnsResponseRecordTypePanel, dnsErrorsPanel],
  },
  {
    row: "Policy",
    panels: [
      ingressPolicyVerdictsByMatchPanel,
      egressPolicyVerdictsByMatchPanel,
      ingressPolicyVerdictsByActionPanel,
      egressPolicyVerdictsByActionPanel,
    ],
  },
];

/** Every panel, row by row, in dashboard order. */
export const ALL_PANELS: readonly PanelDefinition[] = PANEL_ROWS.flatMap((r) => r.panels);

/** The panel with this id, if any (ids are unique; URLs and test ids use them). */
export function panelById(id: string): PanelDefinition | undefined {
  return ALL_PANELS.find((p) => p.id === id);
}
