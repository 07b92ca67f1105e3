// Flow builders for the policy-attribution and stage tests, on top of src/testing/flow-builders.ts,
// shaped like the shop lab (facts/lab-scenarios.md scenario 2): a test reads like the event, e.g.
//   flowAt(3, from(frontend), to(world), tcp(40000, 443, "SYN"), verdictEvent(DROPPED, EGRESS), dropped(133))
import type { DropReason, Flow, TrafficDirection, Verdict } from "../../gen/flow/flow_pb.ts";
import { type EndpointInit, type FlowInit, at, buildFlow, httpRequest, policyVerdictEvent } from "../../testing/flow-builders.ts";

/** 2024-06-01T00:00:00Z: the tests' time zero. */
export const T0_MS = Date.UTC(2024, 5, 1);

/** A flow `seconds` after T0 (fractions allowed, to the millisecond). */
export function flowAt(seconds: number, ...pieces: FlowInit[]): Flow {
  return buildFlow(at(new Date(T0_MS + Math.round(seconds * 1000)).toISOString()), ...pieces);
}

/** A shop pod as the simulator reports it: Deployment workload, app label, namespace label. */
function shopPod(app: string, podName: string, identity: number, namespace = "shop", labelKey = "app"): EndpointInit {
  return {
    namespace,
    podName,
    identity,
    labels: [`k8s:${labelKey}=${app}`, `k8s:io.kubernetes.pod.namespace=${namespace}`],
    workloads: [{ name: app, kind: "Deployment" }],
  };
}

export const frontend = shopPod("frontend", "frontend-79f5dbfc6c-x2x9z", 114060);
export const backend = shopPod("backend", "backend-6c4c67dc75-qz2xk", 69364);
export const kubeDns = shopPod("kube-dns", "kube-dns-75df64b86-hv9zp", 67025, "kube-system", "k8s-app");
/** The outside world (identity 2). */
export const world: EndpointInit = { identity: 2, labels: ["reserved:world"] };

/** A policy-verdict event with a verdict and direction (match type L3-L4 unless given). */
export const verdictEvent = (verdict: Verdict, direction: TrafficDirection, matchType = 2): FlowInit => policyVerdictEvent(verdict, matchType, direction);

/** The drop reason of a dropped event (133 POLICY_DENIED, 181 POLICY_DENY). */
export const dropped = (reason: number): FlowInit => ({ dropReason: reason, dropReasonDesc: reason as DropReason });

type PolicyList = "ingressAllowedBy" | "egressAllowedBy" | "ingressDeniedBy" | "egressDeniedBy";

/** A `*_allowed_by` / `*_denied_by` list of CiliumNetworkPolicies in `shop` (or `ns/name`). */
export function policies(list: PolicyList, ...names: string[]): FlowInit {
  return {
    [list]: names.map((text) => {
      const [namespace, name] = text.includes("/") ? (text.split("/") as [string, string]) : ["shop", text];
      return { name, namespace, kind: "CiliumNetworkPolicy", revision: 1n };
    }),
  };
}

/** An HTTP request record the proxy handled with `verdict`, at the ingress or egress proxy. */
export const proxiedRequest = (verdict: Verdict, direction: TrafficDirection, path = "/get"): FlowInit => ({
  ...httpRequest("GET", `http://backend.shop.svc.cluster.local${path}`),
  verdict,
  trafficDirection: direction,
});
