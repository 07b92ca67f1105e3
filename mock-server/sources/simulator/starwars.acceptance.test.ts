// Acceptance: Cilium's Star Wars demo as seed 000 ran it (facts/lab-scenarios.md scenario 1),
// served by a real server and read back over gRPC: no policy, rule1 at L3/L4, rule1 at L7.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DropReason, TrafficDirection, Verdict, type Flow } from "../../../src/gen/flow/flow_pb.ts";
import { allowedBy, compact, startLab, type LabHarness, type StageWindow } from "./lab-harness.ts";

const XWING = "default/xwing:\\d+ \\(ID:11716\\)";
const TIEFIGHTER = "default/tiefighter:\\d+ \\(ID:4532\\)";
const DEATHSTAR = "default/deathstar-8c4c77fb7-[a-z0-9]{5}:80 \\(ID:6589\\)";
const LANDING = "http://deathstar.default.svc.cluster.local/v1/request-landing";
const EXHAUST = "http://deathstar.default.svc.cluster.local/v1/exhaust-port";
const esc = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

function lines(flows: readonly Flow[], pattern: string): string[] {
  const re = new RegExp(`^${pattern}$`);
  return flows.map(compact).filter((line) => re.test(line));
}

const from = (pod: string) => (f: Flow) => f.source?.podName === pod || (f.isReply === true && f.destination?.podName === pod);
const httpOf = (f: Flow) => (f.l7?.record.case === "http" ? f.l7.record.value : undefined);

let lab: LabHarness;
const windows = new Map<number, StageWindow>();
const stageFlows = new Map<number, Flow[]>();

beforeAll(async () => {
  lab = await startLab("starwars");
  for (let stage = 1; stage <= 3; stage++) windows.set(stage, lab.runStage(stage, 60));
  for (const [stage, window] of windows) stageFlows.set(stage, await lab.flows(window));
}, 120_000);
afterAll(() => lab.close());

const flowsOf = (stage: number) => stageFlows.get(stage) ?? [];

describe("Star Wars lab", () => {
  it("stage 1 no policy: both ships land, everything is forwarded, no policy verdicts", () => {
    const flows = flowsOf(1);
    for (const ship of [XWING, TIEFIGHTER]) {
      expect(lines(flows, `${ship} <- ${DEATHSTAR} to-endpoint FORWARDED \\(TCP Flags: ACK, PSH\\)`).length).toBeGreaterThan(0);
    }
    expect(flows.filter((f) => f.eventType?.type === 5)).toEqual([]);
    expect(flows.filter((f) => f.verdict === Verdict.DROPPED)).toEqual([]);
    expect(flows.some((f) => f.l7 !== undefined)).toBe(false);
  });

  it("stage 2 rule1 L3/L4: xwing gets policy-verdict:none INGRESS DENIED and Policy denied drops, never an answer", () => {
    const flows = flowsOf(2);
    const denied = lines(flows, `${XWING} <> ${DEATHSTAR} policy-verdict:none INGRESS DENIED \\(TCP Flags: SYN\\)`);
    const drops = lines(flows, `${XWING} <> ${DEATHSTAR} Policy denied DROPPED \\(TCP Flags: SYN\\)`);
    expect(denied.length).toBeGreaterThan(0);
    // Every SYN and its retransmit (curl --connect-timeout 2) gives one verdict and one drop.
    expect(drops.length).toBe(denied.length);
    const xwingDrops = flows.filter((f) => f.source?.podName === "xwing" && f.verdict === Verdict.DROPPED);
    expect(xwingDrops.every((f) => f.dropReasonDesc === DropReason.POLICY_DENIED && f.trafficDirection === TrafficDirection.INGRESS && f.isReply === undefined)).toBe(true);
    expect(lines(flows, `${XWING} <- ${DEATHSTAR} .*`)).toEqual([]);
  });

  it("stage 2 rule1 L3/L4: tiefighter still lands (policy-verdict:L3-L4 INGRESS ALLOWED by rule1)", () => {
    const flows = flowsOf(2);
    const allowed = flows.filter((f) => f.eventType?.type === 5 && from("tiefighter")(f));
    expect(allowed.length).toBeGreaterThan(0);
    for (const f of allowed) {
      expect(compact(f)).toMatch(new RegExp(`^${TIEFIGHTER} -> ${DEATHSTAR} policy-verdict:L3-L4 INGRESS ALLOWED \\(TCP Flags: SYN\\)$`));
      expect(allowedBy(f, "ingress")).toEqual(["rule1"]);
    }
    expect(lines(flows, `${TIEFIGHTER} <- ${DEATHSTAR} to-endpoint FORWARDED \\(TCP Flags: ACK, PSH\\)`).length).toBeGreaterThan(0);
    // exhaust-port is not yet protected at L7: no HTTP records at all.
    expect(flows.some((f) => f.l7 !== undefined)).toBe(false);
  });

  it("stage 3 rule1 L7: request-landing forwarded with 200, exhaust-port http-request DROPPED then Envoy's 403", () => {
    const flows = flowsOf(3);
    expect(lines(flows, `${TIEFIGHTER} -> ${DEATHSTAR} http-request FORWARDED \\(HTTP/1.1 POST ${esc(LANDING)}\\)`).length).toBeGreaterThan(0);
    expect(lines(flows, `${TIEFIGHTER} <- ${DEATHSTAR} http-response FORWARDED \\(HTTP/1.1 200 \\d+ms \\(POST ${esc(LANDING)}\\)\\)`).length).toBeGreaterThan(0);
    const puts = lines(flows, `${TIEFIGHTER} -> ${DEATHSTAR} http-request DROPPED \\(HTTP/1.1 PUT ${esc(EXHAUST)}\\)`);
    const forbidden = lines(flows, `${TIEFIGHTER} <- ${DEATHSTAR} http-response FORWARDED \\(HTTP/1.1 403 \\d+ms \\(PUT ${esc(EXHAUST)}\\)\\)`);
    expect(puts.length).toBeGreaterThan(0);
    expect(forbidden.length).toBe(puts.length);
    // Each denied request is followed by its 403 response on the same connection.
    const requests = flows.filter((f) => httpOf(f)?.method === "PUT" && f.isReply === false);
    // `cilium monitor -v --type l7`: request "verdict Denied … => 0", response "verdict Forwarded … => 403".
    expect(requests.every((f) => f.verdict === Verdict.DROPPED && httpOf(f)?.code === 0)).toBe(true);
    for (const request of requests) {
      const port = request.l4?.protocol.case === "TCP" ? request.l4.protocol.value.sourcePort : -1;
      const response = flows.find((f) => httpOf(f)?.code === 403 && f.l4?.protocol.case === "TCP" && f.l4.protocol.value.destinationPort === port);
      expect(response?.time !== undefined && request.time !== undefined && response.time.seconds * 1_000_000_000n + BigInt(response.time.nanos) > request.time.seconds * 1_000_000_000n + BigInt(request.time.nanos)).toBe(true);
    }
    const redirected = flows.filter((f) => f.eventType?.type === 5 && f.verdict === Verdict.REDIRECTED);
    expect(redirected.length).toBeGreaterThan(0);
    expect(redirected.every((f) => from("tiefighter")(f) && allowedBy(f, "ingress").join() === "rule1")).toBe(true);
  });

  it("stage 3 rule1 L7: xwing is still dropped at L3/L4 and never reaches HTTP", () => {
    const flows = flowsOf(3);
    expect(lines(flows, `${XWING} <> ${DEATHSTAR} policy-verdict:none INGRESS DENIED \\(TCP Flags: SYN\\)`).length).toBeGreaterThan(0);
    expect(flows.some((f) => f.l7 !== undefined && from("xwing")(f))).toBe(false);
  });
});
