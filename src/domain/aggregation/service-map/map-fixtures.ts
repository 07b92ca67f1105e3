// Flow builders for the service-map tests, on top of src/testing/flow-builders.ts: a test reads
// like the packet it describes, e.g.
//   flowAt(3, from(frontend), to(backend), tcp(40000, 80, "SYN"), reply(false), trace(TO_ENDPOINT))
import type { Flow } from "../../../gen/flow/flow_pb.ts";
import { type EndpointInit, type FlowInit, at, buildFlow } from "../../../testing/flow-builders.ts";

/** 2024-06-01T00:00:00Z: the tests' time zero. */
export const T0_MS = Date.UTC(2024, 5, 1);

/** A flow `seconds` after T0. */
export function flowAt(seconds: number, ...pieces: FlowInit[]): Flow {
  return buildFlow(at(new Date(T0_MS + seconds * 1000).toISOString()), ...pieces);
}

/** A pod with labels (and optionally a workload and an endpoint ID local to the reporting node). */
export function podEp(namespace: string, podName: string, identity: number, labels: string[] = [], extra: EndpointInit = {}): EndpointInit {
  return { namespace, podName, identity, labels, ...extra };
}

/** The outside world (identity 2). */
export const worldEp: EndpointInit = { identity: 2, labels: ["reserved:world"] };
/** The local host (identity 1). */
export const hostEp: EndpointInit = { identity: 1, labels: ["reserved:host"] };

export const frontend = podEp("shop", "frontend-79f5dbfc6c-x2x9z", 114060, ["k8s:app=frontend"]);
export const backend = podEp("shop", "backend-6c4c67dc75-qz2xk", 69364, ["k8s:app=backend"]);
export const kubeDns = podEp("kube-system", "kube-dns-75df64b86-hv9zp", 67025, ["k8s:k8s-app=kube-dns"]);

/** Trace observation points as monitor sub types. */
export const TO_ENDPOINT = 0;
export const TO_STACK = 3;
export const FROM_ENDPOINT = 5;
export const FROM_NETWORK = 10;

/** A trace event at a point, FORWARDED. */
export const trace = (subType: number): FlowInit => ({ Type: 1, verdict: 1, eventType: { type: 4, subType } });
