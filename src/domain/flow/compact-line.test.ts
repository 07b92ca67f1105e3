import { create } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { type Flow, LostEventSource, TrafficDirection, Verdict } from "../../gen/flow/flow_pb.ts";
import { ExportEventSchema, GetFlowsResponseSchema } from "../../gen/observer/observer_pb.ts";
import { NodeState } from "../../gen/relay/relay_pb.ts";
import {
  type FlowInit,
  at,
  buildFlow,
  dropEvent,
  from,
  httpRequest,
  httpResponse,
  ips,
  onNode,
  pod,
  policy,
  policyVerdictEvent,
  reply,
  tcp,
  timestamp,
  to,
} from "../../testing/flow-builders.ts";
import { readSample } from "../../testing/node/samples.ts";
import { type CompactOptions, formatCompactLine } from "./compact-line.ts";
import { summarize } from "./summary.ts";

/** A flow whose Summary is what the server would have written for it. */
function flowWithSummary(...pieces: FlowInit[]): Flow {
  const flow = buildFlow(...pieces);
  flow.Summary = summarize(flow);
  return flow;
}

// The flows the golden lines describe. Years and IPs are not printed, so any will do.
const tiefighter = pod("default", "tiefighter", 31028);
const xwing = pod("default", "xwing", 22654);
const deathstarC7 = pod("default", "deathstar-c74d84667-cx5kp");
const deathstar6f = pod("default", "deathstar-6fb5694d48-5hmds", 16530);
const landing = "http://deathstar.default.svc.cluster.local/v1/request-landing";
const exhaust = "http://deathstar.default.svc.cluster.local/v1/exhaust-port";

const exhaustPortDropped = flowWithSummary(
  at("2021-05-04T13:23:43.791Z"), ips("10.0.0.10", "10.0.0.20"), tcp(42742, 80), from(tiefighter), to(deathstarC7),
  reply(false), httpRequest("PUT", exhaust), { verdict: Verdict.DROPPED },
);
const xwingPolicyDenied = (time: string): Flow =>
  flowWithSummary(at(time), ips("10.0.0.11", "10.0.0.20"), tcp(42818, 80, "SYN"), from(xwing), to(deathstarC7), dropEvent(133));
const policyCreationVerdict = (time: string, port: number, verdict: Verdict, match: number, ...client: FlowInit[]): Flow =>
  flowWithSummary(
    at(time), ips("10.0.0.10", "10.0.0.20"), tcp(port, 80, "SYN"), to(deathstar6f),
    policyVerdictEvent(verdict, match, TrafficDirection.INGRESS), ...client,
  );

// hubble/pkg/printer/printer_test.go's flow: 1.1.1.1 (health) → 2.2.2.2 (ID:12345), dropped, not a reply.
const printerTestFlow = (...changes: FlowInit[]): Flow =>
  buildFlow(
    at("1970-01-01T00:20:34.5678Z"), onNode("k8s1"), { IP: { source: "1.1.1.1", destination: "2.2.2.2" } },
    { source: { identity: 4 }, destination: { identity: 12345 } }, tcp(31793, 8080), dropEvent(133),
    { Summary: "TCP Flags: SYN" }, reply(false), ...changes,
  );
const unknownDirection: FlowInit = { isReply: undefined };

const v08: CompactOptions = { compat: "v0.8" };
const v010: CompactOptions = { compat: "v0.10" };
const node: CompactOptions = { printNodeName: true };
const nodeAndPolicies: CompactOptions = { printNodeName: true, printPolicyNames: true };

/** One entry per non-comment line of compact-output-examples.txt, in file order. */
const GOLDEN_FLOWS: ReadonlyArray<readonly [Flow, CompactOptions]> = [
  // hubble-cli.rst, `hubble observe --pod deathstar --protocol http` (CLI v0.8/v0.9: no identities)
  [flowWithSummary(at("2021-05-04T13:23:40.501Z"), ips("10.0.0.10", "10.0.0.20"), tcp(42690, 80), from(tiefighter), to(deathstarC7), reply(false), httpRequest("POST", landing), { verdict: Verdict.FORWARDED }), v08],
  [flowWithSummary(at("2021-05-04T13:23:40.502Z"), ips("10.0.0.20", "10.0.0.10"), tcp(80, 42690), from(deathstarC7), to(tiefighter), reply(true), httpResponse(200, 400_000n, "POST", landing), { verdict: Verdict.FORWARDED }), v08],
  [exhaustPortDropped, v08],
  // hubble-cli.rst, `hubble observe --pod deathstar --verdict DROPPED`
  [exhaustPortDropped, v08],
  [xwingPolicyDenied("2021-05-04T13:23:47.852Z"), v08],
  [xwingPolicyDenied("2021-05-04T13:23:47.852Z"), v08],
  [xwingPolicyDenied("2021-05-04T13:23:48.854Z"), v08],
  // policy-creation.rst, `hubble observe flows -t policy-verdict --last 1` (CLI v0.10: no direction word)
  [policyCreationVerdict("2022-02-07T12:53:39.168Z", 54134, Verdict.AUDIT, 0, from(tiefighter), reply(false)), v010],
  [policyCreationVerdict("2022-02-07T13:06:45.130Z", 59824, Verdict.FORWARDED, 2, from(tiefighter), reply(false)), v010],
  [policyCreationVerdict("2022-02-07T13:34:26.112Z", 37314, Verdict.FORWARDED, 2, from(tiefighter), reply(false)), v010],
  [policyCreationVerdict("2022-02-07T13:43:46.791Z", 54842, Verdict.DROPPED, 0, from(xwing)), v010],
  // printer_test.go goldens (current CLI; --print-node-name, --print-policy-names as the tests set them)
  [printerTestFlow(), {}],
  [printerTestFlow(reply(true)), node],
  [printerTestFlow(unknownDirection, policyVerdictEvent(Verdict.DROPPED, 0, TrafficDirection.EGRESS)), node],
  [
    printerTestFlow(unknownDirection, policyVerdictEvent(Verdict.FORWARDED, 1, TrafficDirection.INGRESS), {
      ingressAllowedBy: [policy("my-policy", "CiliumNetworkPolicy"), policy("my-policy-2", "CiliumClusterwideNetworkPolicy")],
    }),
    nodeAndPolicies,
  ],
  [printerTestFlow(unknownDirection, { ipTraceId: { traceId: 1234n, ipOptionType: 136 } }), node],
];

const goldenLines = readSample("compact-output-examples.txt")
  .split("\n")
  .filter((line) => line !== "" && !line.startsWith("#"));

describe("formatCompactLine: golden lines from compact-output-examples.txt", () => {
  it("has one described flow per golden line", () => {
    expect(goldenLines).toHaveLength(GOLDEN_FLOWS.length);
  });

  it.each(goldenLines.map((line, index) => [index + 1, line] as const))("golden line %i: %s", (index, line) => {
    const [flow, options] = GOLDEN_FLOWS[index - 1] ?? [];
    expect(flow).toBeDefined();
    expect(formatCompactLine(flow as Flow, options)).toBe(line);
  });
});

describe("formatCompactLine: other events and options", () => {
  const time = timestamp("2024-01-01T10:00:00.123456Z");

  it.each([
    ["connected", NodeState.NODE_CONNECTED, "", ["a", "b"], "Jan  1 10:00:00.123 [relay]: Receiving flows from 2 nodes: a, b"],
    ["unavailable", NodeState.NODE_UNAVAILABLE, "", ["kind-worker"], "Jan  1 10:00:00.123 [relay]: 1 nodes are unavailable: kind-worker"],
    ["gone", NodeState.NODE_GONE, "", ["n1"], "Jan  1 10:00:00.123 [relay]: 1 nodes removed from cluster: n1"],
    ["error", NodeState.NODE_ERROR, 'dial "x": refused', ["n1", "n2"], 'Jan  1 10:00:00.123 [relay]: Error "dial \\"x\\": refused" on 2 nodes: n1, n2'],
    [
      "long list cut off at 50 bytes",
      NodeState.NODE_CONNECTED,
      "",
      ["cluster/node-number-01", "cluster/node-number-02", "cluster/node-number-03", "cluster/node-number-04"],
      "Jan  1 10:00:00.123 [relay]: Receiving flows from 4 nodes: cluster/node-number-01, cluster/node-number-02 (and 2 more)",
    ],
  ])("node status %s", (_name, stateChange, message, nodeNames, expected) => {
    const event = create(GetFlowsResponseSchema, {
      responseTypes: { case: "nodeStatus", value: { stateChange, message, nodeNames } },
      nodeName: "relay",
      time,
    });
    expect(formatCompactLine(event)).toBe(expected);
  });

  it.each([
    ["with first and last", { source: LostEventSource.PERF_EVENT_RING_BUFFER, numEventsLost: 3n, cpu: 2, first: time, last: time }, "Jan  1 10:00:00.123 EVENTS LOST: PERF_EVENT_RING_BUFFER CPU(2) 3 (first: Jan  1 10:00:00.123, last: Jan  1 10:00:00.123)"],
    ["without cpu or range", { source: LostEventSource.HUBBLE_RING_BUFFER, numEventsLost: 18446744073709551615n }, "Jan  1 10:00:00.123 EVENTS LOST: HUBBLE_RING_BUFFER CPU(0) 18446744073709551615"],
    ["unknown source number", { source: 9 as LostEventSource, numEventsLost: 1n }, "Jan  1 10:00:00.123 EVENTS LOST: 9 CPU(0) 1"],
  ])("lost events %s", (_name, value, expected) => {
    const event = create(ExportEventSchema, { responseTypes: { case: "lostEvents", value }, time });
    expect(formatCompactLine(event)).toBe(expected);
  });

  it("prints the flow of an exporter event and of a GetFlows response the same way", () => {
    const flow = printerTestFlow();
    const asExport = create(ExportEventSchema, { responseTypes: { case: "flow", value: flow } });
    const asResponse = create(GetFlowsResponseSchema, { responseTypes: { case: "flow", value: flow } });
    const expected = "Jan  1 00:20:34.567: 1.1.1.1:31793 (health) -> 2.2.2.2:8080 (ID:12345) Policy denied DROPPED (TCP Flags: SYN)";
    expect([formatCompactLine(asExport), formatCompactLine(asResponse)]).toEqual([expected, expected]);
  });

  it.each([
    ["agent event", create(ExportEventSchema, { responseTypes: { case: "agentEvent", value: {} } })],
    ["debug event", create(ExportEventSchema, { responseTypes: { case: "debugEvent", value: {} } })],
    ["empty response", create(GetFlowsResponseSchema, {})],
  ])("has no compact flow line for an %s", (_name, event) => {
    expect(formatCompactLine(event)).toBeUndefined();
  });

  it.each([
    ["StampMilli", { timeFormat: "StampMilli" }, "Jan  1 00:20:34.567"],
    ["RFC3339", { timeFormat: "RFC3339" }, "1970-01-01T00:20:34Z"],
    ["RFC3339Milli", { timeFormat: "RFC3339Milli" }, "1970-01-01T00:20:34.567Z"],
    ["RFC3339Nano", { timeFormat: "RFC3339Nano" }, "1970-01-01T00:20:34.5678Z"],
  ] as const)("time format %s", (_name, options, prefix) => {
    expect(formatCompactLine(printerTestFlow(), options)).toBe(
      `${prefix}: 1.1.1.1:31793 (health) -> 2.2.2.2:8080 (ID:12345) Policy denied DROPPED (TCP Flags: SYN)`,
    );
  });

  it("prints N/A for a flow without time", () => {
    expect(formatCompactLine(printerTestFlow({ time: undefined }))).toMatch(/^N\/A: 1\.1\.1\.1:31793/);
  });

  it.each([
    ["escape", "evil\x1b[31mred", "evil^[[31mred"],
    ["carriage return", "a\rb", "a\\rb"],
    ["newline", "a\nb", "a\\nb"],
    ["HTML stays text", "<b>x</b>", "<b>x</b>"],
  ])("neutralises untrusted %s in names", (_name, podName, printed) => {
    const line = formatCompactLine(printerTestFlow(from(pod("ns", podName, 4))));
    expect(line).toBe(`Jan  1 00:20:34.567: ns/${printed}:31793 (health) -> 2.2.2.2:8080 (ID:12345) Policy denied DROPPED (TCP Flags: SYN)`);
  });
});
