import { describe, expect, it } from "vitest";
import { type Flow, TrafficDirection, Verdict } from "../../gen/flow/flow_pb.ts";
import { dropEvent, from, httpResponse, tcp, to, traceEvent, udp } from "../../testing/flow-builders.ts";
import { backend, dropped, flowAt, frontend, kubeDns, policies, proxiedRequest, verdictEvent, world } from "./attribution-fixtures.ts";
import { type PolicyEvidence, policyDirection, policyEvidence } from "./policy-evidence.ts";

const { INGRESS, EGRESS, TRAFFIC_DIRECTION_UNKNOWN } = TrafficDirection;
const { FORWARDED, DROPPED, REDIRECTED, AUDIT } = Verdict;
const cnp = (name: string) => ({ kind: "CiliumNetworkPolicy", namespace: "shop", name });
const feToBe = [from(frontend), to(backend), tcp(40000, 80, "SYN")];
const feToWorld = [from(frontend), to(world), tcp(40000, 443, "SYN")];
const localFrontend = { ...frontend, ID: 1234 };

/** Evidence without the origin, which has its own table below. */
type Brief = PolicyEvidence extends infer E ? (E extends unknown ? Omit<E, "origin"> : never) : never;

describe("policyEvidence", () => {
  it.each<[string, Flow, Brief[]]>([
    ["allow-all on egress (stage 1)", flowAt(0, ...feToBe, verdictEvent(FORWARDED, EGRESS, 4), policies("egressAllowedBy", "allow-all")), [{ source: "reported", list: "allowed-by", direction: "egress", outcome: "allowed", policies: [cnp("allow-all")] }]],
    ["L7 redirect on ingress (stage 4)", flowAt(0, ...feToBe, verdictEvent(REDIRECTED, INGRESS), policies("ingressAllowedBy", "allow-frontend-l7")), [{ source: "reported", list: "allowed-by", direction: "ingress", outcome: "redirected", policies: [cnp("allow-frontend-l7")] }]],
    ["audit mode", flowAt(0, ...feToBe, verdictEvent(AUDIT, INGRESS), policies("ingressAllowedBy", "allow-x")), [{ source: "reported", list: "allowed-by", direction: "ingress", outcome: "audited", policies: [cnp("allow-x")] }]],
    ["two policies on one list", flowAt(0, ...feToBe, verdictEvent(FORWARDED, EGRESS), policies("egressAllowedBy", "a", "other/b")), [{ source: "reported", list: "allowed-by", direction: "egress", outcome: "allowed", policies: [cnp("a"), { kind: "CiliumNetworkPolicy", namespace: "other", name: "b" }] }]],
    ["a deny rule named", flowAt(0, ...feToBe, verdictEvent(DROPPED, INGRESS), dropped(181), policies("ingressDeniedBy", "deny-fe")), [{ source: "reported", list: "denied-by", direction: "ingress", outcome: "denied", policies: [cnp("deny-fe")] }]],
    ["an audited deny rule", flowAt(0, ...feToBe, verdictEvent(AUDIT, INGRESS), policies("ingressDeniedBy", "deny-fe")), [{ source: "reported", list: "denied-by", direction: "ingress", outcome: "audited", policies: [cnp("deny-fe")] }]],
    ["an allow list on a dropped verdict does not decide", flowAt(0, ...feToBe, verdictEvent(DROPPED, EGRESS), dropped(133), policies("egressAllowedBy", "a")), []],
    ["both directions listed", flowAt(0, ...feToBe, verdictEvent(FORWARDED, EGRESS), policies("egressAllowedBy", "e"), policies("ingressAllowedBy", "i")), [
      { source: "reported", list: "allowed-by", direction: "ingress", outcome: "allowed", policies: [cnp("i")] },
      { source: "reported", list: "allowed-by", direction: "egress", outcome: "allowed", policies: [cnp("e")] },
    ]],
    ["denied verdict naming nothing (stage 5 world)", flowAt(0, ...feToWorld, verdictEvent(DROPPED, EGRESS, 0), dropped(133)), [{ source: "inferred", direction: "egress", outcome: "denied", reason: "default-deny" }]],
    ["denied verdict without a reason (older agents)", flowAt(0, ...feToWorld, verdictEvent(DROPPED, EGRESS, 0)), [{ source: "inferred", direction: "egress", outcome: "denied", reason: "default-deny" }]],
    ["denied verdict, POLICY_DENY unnamed", flowAt(0, ...feToWorld, verdictEvent(DROPPED, EGRESS, 0), dropped(181)), [{ source: "inferred", direction: "egress", outcome: "denied", reason: "deny-rule" }]],
    ["denied verdict, auth required: not a policy deny", flowAt(0, ...feToWorld, verdictEvent(DROPPED, EGRESS, 0), dropped(189)), []],
    ["drop event POLICY_DENIED with direction", flowAt(0, ...feToWorld, dropEvent(133), { trafficDirection: EGRESS }), [{ source: "inferred", direction: "egress", outcome: "denied", reason: "default-deny" }]],
    ["drop event, direction from the local source", flowAt(0, from(localFrontend), to(world), tcp(40000, 443, "SYN"), dropEvent(133)), [{ source: "inferred", direction: "egress", outcome: "denied", reason: "default-deny" }]],
    ["drop event, no direction to be had", flowAt(0, ...feToWorld, dropEvent(133)), []],
    ["drop event POLICY_DENY", flowAt(0, ...feToBe, dropEvent(181), { trafficDirection: INGRESS }), [{ source: "inferred", direction: "ingress", outcome: "denied", reason: "deny-rule" }]],
    ["a dropped flow without an event type (hand-written JSON)", flowAt(0, ...feToBe, { verdict: DROPPED, trafficDirection: INGRESS }, dropped(133)), [{ source: "inferred", direction: "ingress", outcome: "denied", reason: "default-deny" }]],
    ["drop event, not a policy reason", flowAt(0, ...feToBe, dropEvent(132), { trafficDirection: INGRESS }), []],
    ["L7 proxy deny (stage 5 /get)", flowAt(0, from(frontend), to(backend), tcp(40000, 80), proxiedRequest(DROPPED, INGRESS)), [{ source: "inferred", direction: "ingress", outcome: "denied", reason: "l7-deny" }]],
    ["L7 forwarded: no decision", flowAt(0, from(frontend), to(backend), proxiedRequest(FORWARDED, INGRESS)), []],
    ["L7 response (Envoy 403 is FORWARDED)", flowAt(0, from(backend), to(frontend), httpResponse(403, 1000n, "GET", "/get"), { verdict: FORWARDED, trafficDirection: INGRESS }), []],
    ["trace event", flowAt(0, ...feToBe, traceEvent(0)), []],
    ["allowing verdict naming nothing (Cilium 1.10)", flowAt(0, from(frontend), to(kubeDns), udp(5000, 53), verdictEvent(REDIRECTED, EGRESS, 3)), [{ source: "inferred", direction: "egress", outcome: "redirected", reason: "unnamed-allow" }]],
    ["forwarded verdict naming nothing (stage 4 ing=)", flowAt(0, ...feToBe, verdictEvent(FORWARDED, INGRESS, 4)), [{ source: "inferred", direction: "ingress", outcome: "allowed", reason: "unnamed-allow" }]],
  ])("%s", (_, flow, expected) => {
    const evidence = policyEvidence(flow);
    expect(evidence).toMatchObject(expected);
    expect(evidence.length).toBe(expected.length);
  });

  it.each<[string, Flow, string]>([
    ["policy verdict", flowAt(0, ...feToBe, verdictEvent(FORWARDED, EGRESS), policies("egressAllowedBy", "a")), "policy-verdict"],
    ["drop", flowAt(0, ...feToBe, dropEvent(133), { trafficDirection: INGRESS }), "drop"],
    ["L7", flowAt(0, ...feToBe, proxiedRequest(DROPPED, INGRESS)), "l7"],
    ["any other flow naming a policy", flowAt(0, ...feToBe, traceEvent(0), policies("egressAllowedBy", "a")), "other"],
  ])("origin of a %s", (_, flow, origin) => {
    expect(policyEvidence(flow).map((e) => e.origin)).toEqual([origin]);
  });
});

describe("policyDirection", () => {
  it.each<[string, Flow, string | undefined]>([
    ["INGRESS", flowAt(0, { trafficDirection: INGRESS }), "ingress"],
    ["EGRESS", flowAt(0, { trafficDirection: EGRESS }), "egress"],
    ["unknown, local source", flowAt(0, from(localFrontend), to(backend), { trafficDirection: TRAFFIC_DIRECTION_UNKNOWN }), "egress"],
    ["unknown, local destination", flowAt(0, from(frontend), to({ ...backend, ID: 9 })), "ingress"],
    ["unknown, both local", flowAt(0, from(localFrontend), to({ ...backend, ID: 9 })), undefined],
    ["unknown, neither local", flowAt(0, from(frontend), to(backend)), undefined],
  ])("%s", (_, flow, expected) => {
    expect(policyDirection(flow)).toBe(expected);
  });
});
