// The endpoint a policy decision is about: the destination for ingress (its ingress policy
// decided), the source for egress. It is recognised the way the service map names nodes
// (cluster, namespace, workload / app label / pod name, else identity), so an inferred
// "default deny" row names the same thing the map shows; the security identity is kept as a
// second way to match the same endpoint when labels differ between events.
import type { Flow } from "../../gen/flow/flow_pb.ts";
import { type EndpointNode, endpointCluster, endpointNode } from "../aggregation/service-map/endpoint-node.ts";
import type { PolicyDirection } from "./policy-evidence.ts";

/** The endpoint a decision applied to, with its map node id. */
export interface SubjectEndpoint {
  /** The service map's node id, e.g. `wl|cluster1|shop|frontend`. */
  readonly id: string;
  readonly kind: EndpointNode["kind"];
  readonly name: string;
  readonly namespace: string;
  readonly cluster: string;
  /** `cluster|identity` for workload identities (≥ 256), else undefined. */
  readonly identityKey: string | undefined;
}

const MIN_ORDINARY_IDENTITY = 256;

/** The endpoint on the policy side of `direction`: destination for ingress, source for egress. */
export function subjectEndpoint(flow: Flow, direction: PolicyDirection): SubjectEndpoint {
  const ingress = direction === "ingress";
  const endpoint = ingress ? flow.destination : flow.source;
  const node = endpointNode(endpoint, {
    names: ingress ? flow.destinationNames : flow.sourceNames,
    ip: (ingress ? flow.IP?.destination : flow.IP?.source) ?? "",
    nodeName: flow.nodeName,
    worldByAddress: false,
  });
  const identity = endpoint?.identity ?? 0;
  const identityKey = node.kind === "workload" && identity >= MIN_ORDINARY_IDENTITY ? `${endpointCluster(endpoint, flow.nodeName)}|${identity}` : undefined;
  return { id: node.id, kind: node.kind, name: node.name, namespace: node.namespace, cluster: node.cluster, identityKey };
}
