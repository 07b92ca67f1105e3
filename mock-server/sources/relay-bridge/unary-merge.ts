// Merges the relays' unary answers the way Relay merges its nodes' (facts
// C.3): ServerStatus sums flow counters and rates, takes the longest uptime,
// adds connected/unavailable node counts and lists up to 10 unavailable
// nodes; GetNodes lists every node; GetNamespaces merges and sorts. A relay
// that does not answer counts as unavailable with every node it told us about.
import { create } from "@bufbuild/protobuf";
import {
  type GetNamespacesResponse,
  GetNamespacesResponseSchema,
  type GetNodesResponse,
  GetNodesResponseSchema,
  type Namespace,
  type Node,
  NodeSchema,
  type ServerStatusResponse,
  ServerStatusResponseSchema,
} from "../../../src/gen/observer/observer_pb.ts";
import { NodeState } from "../../../src/gen/relay/relay_pb.ts";
import { tagNodeName } from "./cluster-tag.ts";

/** One relay's answer, or why it has none. */
export interface RelayAnswer<T> {
  name?: string;
  address: string;
  /** Names (tagged) to count as unavailable when the relay did not answer. */
  nodeNames: string[];
  answer?: T;
  error?: string;
}

const UNAVAILABLE_LISTED = 10;

export function mergeServerStatus(answers: RelayAnswer<ServerStatusResponse>[]): ServerStatusResponse {
  const merged = create(ServerStatusResponseSchema, { numConnectedNodes: 0, numUnavailableNodes: 0 });
  const unavailable: string[] = [];
  const versions = new Set<string>();
  for (const { name, answer, nodeNames } of answers) {
    if (!answer) {
      merged.numUnavailableNodes = (merged.numUnavailableNodes ?? 0) + nodeNames.length;
      unavailable.push(...nodeNames);
      continue;
    }
    merged.numFlows += answer.numFlows;
    merged.maxFlows += answer.maxFlows;
    merged.seenFlows += answer.seenFlows;
    merged.flowsRate += answer.flowsRate;
    if (answer.uptimeNs > merged.uptimeNs) merged.uptimeNs = answer.uptimeNs;
    // A single agent leaves the counts unset: it is one connected node itself.
    merged.numConnectedNodes = (merged.numConnectedNodes ?? 0) + (answer.numConnectedNodes ?? 1);
    merged.numUnavailableNodes = (merged.numUnavailableNodes ?? 0) + (answer.numUnavailableNodes ?? 0);
    unavailable.push(...answer.unavailableNodes.map((node) => tagNodeName(node, name)));
    if (answer.version !== "") versions.add(answer.version);
  }
  merged.unavailableNodes = unavailable.slice(0, UNAVAILABLE_LISTED);
  merged.version = [...versions].join(", ");
  return merged;
}

export function mergeNodes(answers: RelayAnswer<GetNodesResponse>[]): GetNodesResponse {
  const nodes: Node[] = [];
  for (const { name, address, answer, nodeNames } of answers) {
    if (!answer) {
      for (const node of nodeNames) {
        nodes.push(create(NodeSchema, { name: node, address, state: NodeState.NODE_UNAVAILABLE }));
      }
      continue;
    }
    for (const node of answer.nodes) nodes.push({ ...node, name: tagNodeName(node.name, name) });
  }
  return create(GetNodesResponseSchema, { nodes: nodes.toSorted((a, b) => compare(a.name, b.name)) });
}

export function mergeNamespaces(answers: RelayAnswer<GetNamespacesResponse>[]): GetNamespacesResponse {
  const seen = new Map<string, Namespace>();
  for (const { name, answer } of answers) {
    for (const entry of answer?.namespaces ?? []) {
      const cluster = entry.cluster || name || "";
      const key = `${cluster}\u0000${entry.namespace}`;
      if (!seen.has(key)) seen.set(key, { ...entry, cluster });
    }
  }
  const namespaces = [...seen.values()].toSorted((a, b) => compare(a.cluster, b.cluster) || compare(a.namespace, b.namespace));
  return create(GetNamespacesResponseSchema, { namespaces });
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
