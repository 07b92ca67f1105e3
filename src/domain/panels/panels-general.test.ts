// General Processing row: every flow counts once in hubble_flows_processed_total (facts §2.1).
// Flows sit at 10 s; values are read at t = 60 s, so each flow adds 1/60 per second.
import { describe, expect, it } from "vitest";
import type { Flow } from "../../gen/flow/flow_pb.ts";
import { FlowType, L7FlowType, TrafficDirection, Verdict } from "../../gen/flow/flow_pb.ts";
import { dropEvent, httpRequest, httpResponse, ips, onNode, policyVerdictEvent, tcp, traceEvent } from "../../testing/flow-builders.ts";
import { flowsProcessedPerNodePanel } from "./flows-processed-per-node.ts";
import { flowsTypesPanel } from "./flows-types.ts";
import { l7FlowDistributionPanel } from "./l7-flow-distribution.ts";
import type { NodeGrouping, PanelDefinition } from "./panel-definition.ts";
import { engineOf, secondsRange, times, valuesAt } from "./panel-fixtures.ts";
import { traceFlowDistributionPanel } from "./trace-flow-distribution.ts";

const l4 = [ips("10.0.0.1", "10.0.0.2"), tcp(40000, 80, "ACK")];
const dnsQuery = {
  Type: FlowType.L7,
  eventType: { type: 129 },
  verdict: Verdict.FORWARDED,
  isReply: false,
  l7: { type: L7FlowType.REQUEST, record: { case: "dns" as const, value: { query: "api.example.com.", qtypes: ["A"] } } },
};

/** 2 to-endpoint, 1 to-stack, 1 from-endpoint traces; 2 policy verdicts; 1 drop; an HTTP request and response; a DNS query. */
const mix: Flow[] = [
  ...times(2, 10, traceEvent(0), ...l4),
  ...times(1, 10, traceEvent(3), ...l4),
  ...times(1, 10, traceEvent(5), ...l4),
  ...times(2, 10, policyVerdictEvent(Verdict.FORWARDED, 2, TrafficDirection.INGRESS), ...l4),
  ...times(1, 10, dropEvent(133), ...l4),
  ...times(1, 10, httpRequest("GET", "http://backend/"), { verdict: Verdict.FORWARDED }),
  ...times(1, 10, httpResponse(200, 1_000_000n, "GET", "http://backend/"), { verdict: Verdict.FORWARDED }),
  ...times(1, 10, dnsQuery),
];

/** c1/n1: 6 flows, c1/n2: 3, c2/n3: 3. */
const perNode: Flow[] = [
  ...times(6, 10, traceEvent(0), onNode("c1/n1")),
  ...times(3, 10, traceEvent(0), onNode("c1/n2")),
  ...times(3, 10, traceEvent(0), onNode("c2/n3")),
];

describe("General Processing panels", () => {
  it.each<[string, PanelDefinition, Flow[], NodeGrouping, Record<string, number>]>([
    ["Flows Types: one line per type", flowsTypesPanel, mix, "sum", { Drop: 1 / 60, L7: 3 / 60, PolicyVerdict: 2 / 60, Trace: 4 / 60 }],
    ["L7 Flow Distribution: request and response count apart", l7FlowDistributionPanel, mix, "sum", { DNS: 1 / 60, HTTP: 2 / 60 }],
    ["Trace Flow Distribution: by observation point", traceFlowDistributionPanel, mix, "sum", { "from-endpoint": 1 / 60, "to-endpoint": 2 / 60, "to-stack": 1 / 60 }],
    // Per node 6/60, 3/60, 3/60: avg 4/60, min 3/60, max 6/60.
    ["Flows processed Per Node: avg/min/max across nodes", flowsProcessedPerNodePanel, perNode, "sum", { avg: (6 / 60 + 3 / 60 + 3 / 60) / 3, max: 6 / 60, min: 3 / 60 }],
    // c1: nodes at 6/60 and 3/60 → avg 4.5/60; c2: one node at 3/60.
    [
      "Flows processed Per Node per cluster: statistics within each cluster",
      flowsProcessedPerNodePanel,
      perNode,
      "cluster",
      { "avg@c1": (6 / 60 + 3 / 60) / 2, "max@c1": 6 / 60, "min@c1": 3 / 60, "avg@c2": 3 / 60, "max@c2": 3 / 60, "min@c2": 3 / 60 },
    ],
    ["Flows processed Per Node per node: each node's rate, named by node", flowsProcessedPerNodePanel, perNode, "node", { "c1/n1": 6 / 60, "c1/n2": 3 / 60, "c2/n3": 3 / 60 }],
  ])("%s", (_, panel, flows, grouping, expected) => {
    expect(valuesAt(engineOf(flows), panel, 60, grouping)).toEqual(expected);
  });

  it("lists series sorted by legend", () => {
    const legends = engineOf(mix).evaluate(flowsTypesPanel, secondsRange(0, 60, 30)).map((s) => s.legend);
    expect(legends).toEqual(["Drop", "L7", "PolicyVerdict", "Trace"]);
  });
});
