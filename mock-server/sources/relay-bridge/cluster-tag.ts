// Tags a named relay's events with its cluster, the way Relay names nodes in a
// cluster mesh ("cluster/node"): node names without a cluster prefix get
// `NAME/`, endpoints without cluster_name get NAME. Names that already carry a
// cluster (a Relay with its own cluster-name) are left alone, so tagging is
// idempotent and never double-prefixes.
import type { Endpoint } from "../../../src/gen/flow/flow_pb.ts";
import type { GetFlowsResponse } from "../../../src/gen/observer/observer_pb.ts";

/** `k8s1` → `east/k8s1`; `west/k8s1`, "" and untagged relays stay as they are. */
export function tagNodeName(nodeName: string, cluster: string | undefined): string {
  if (!cluster || nodeName === "" || nodeName.includes("/")) return nodeName;
  return `${cluster}/${nodeName}`;
}

/**
 * Tags one response in place and returns it. In place because the bridge owns
 * every decoded message and copying each flow would double the allocation on
 * the hottest path.
 */
export function tagResponse(response: GetFlowsResponse, cluster: string | undefined): GetFlowsResponse {
  if (!cluster) return response;
  response.nodeName = tagNodeName(response.nodeName, cluster);
  const body = response.responseTypes;
  switch (body.case) {
    case "flow": {
      const flow = body.value;
      flow.nodeName = tagNodeName(flow.nodeName, cluster);
      tagEndpoint(flow.source, cluster);
      tagEndpoint(flow.destination, cluster);
      break;
    }
    case "nodeStatus":
      body.value.nodeNames = body.value.nodeNames.map((name) => tagNodeName(name, cluster));
      break;
    default:
      break;
  }
  return response;
}

function tagEndpoint(endpoint: Endpoint | undefined, cluster: string): void {
  if (endpoint && endpoint.clusterName === "") endpoint.clusterName = cluster;
}
