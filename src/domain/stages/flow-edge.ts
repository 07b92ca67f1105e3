// The service-map edge a flow belongs to, with the map's own functions and id scheme, so a stage
// diff names exactly the edges the map draws (client node → server node : port/protocol, replies
// folded onto their connection) and counts them the way the map does (flow-orientation.ts).
// The map's aggregator builds the same id inline; this is that recipe, not a second one.
import type { Flow } from "../../gen/flow/flow_pb.ts";
import { type EndpointNode, endpointNode } from "../aggregation/service-map/endpoint-node.ts";
import { Count, countOf, flowPorts, flowProtocol, isReplyFlow, reportedByServer } from "../aggregation/service-map/flow-orientation.ts";
import { makeId } from "../aggregation/service-map/graph-model.ts";
import { portLabel } from "../aggregation/service-map/verdict-style.ts";

/** A flow placed on its map edge. */
export interface FlowEdge {
  /** The map's edge id: `e|<client node id>|<server node id>|80/TCP`. */
  readonly id: string;
  /** The client (connection initiator) node. */
  readonly source: EndpointNode;
  /** The server node. */
  readonly target: EndpointNode;
  /** `80/TCP`, `53/UDP`, `ICMP`, `other`. */
  readonly portLabel: string;
  /** How the map counts this event (see flow-orientation.ts). */
  readonly count: Count;
  /** True when the server's node reported the event (decides whether client-side traces count). */
  readonly byServer: boolean;
}

/** The edge of `flow` as the service map keys it, or undefined for events the map ignores. */
export function flowEdge(flow: Flow, worldByAddress = false): FlowEdge | undefined {
  if (flow.source === undefined && flow.destination === undefined && flow.IP === undefined) return undefined;
  const reply = isReplyFlow(flow);
  const nodeName = flow.nodeName;
  const sourceNode = endpointNode(flow.source, { names: flow.sourceNames, ip: flow.IP?.source ?? "", nodeName, worldByAddress });
  const destinationNode = endpointNode(flow.destination, { names: flow.destinationNames, ip: flow.IP?.destination ?? "", nodeName, worldByAddress });
  const [client, server] = reply ? [destinationNode, sourceNode] : [sourceNode, destinationNode];
  const count = countOf(flow, reply, client.kind !== "workload" && server.kind !== "workload");
  if (count === Count.ignore) return undefined;
  const [sourcePort, destinationPort] = flowPorts(flow);
  const label = portLabel(flowProtocol(flow), reply ? sourcePort : destinationPort);
  return {
    id: makeId("e", client.id, server.id, label),
    source: client,
    target: server,
    portLabel: label,
    count,
    byServer: count === Count.receiverTrace || reportedByServer(flow, reply),
  };
}

/** `namespace/name` of a map node, or its name alone outside namespaces (world, host, DNS names). */
export function nodeLabel(node: Pick<EndpointNode, "name" | "namespace">): string {
  return node.namespace === "" ? node.name : `${node.namespace}/${node.name}`;
}
