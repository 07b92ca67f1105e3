// What a click on the map means for the flow table: the selected node or edge described in
// Hubble's terms, the FlowFilters that find exactly its flows (an edge's replies included, since
// the map folds them onto the edge), and the `hubble observe` flags of the request direction
// (`--from-pod shop/frontend- --to-pod shop/backend- --to-port 80 --protocol tcp`).
import { type MessageInitShape, create } from "@bufbuild/protobuf";
import { type FlowFilter, FlowFilterSchema } from "../../../gen/flow/flow_pb.ts";
import { validateFlowFilter } from "../../filters/compile-flow-filter.ts";
import { formatObserveCommandLine, formatObserveFlags } from "../../filters/format-observe-flags.ts";
import type { GraphEdge, GraphModel, GraphNode, NodeKind } from "./graph-model.ts";

type FilterInit = MessageInitShape<typeof FlowFilterSchema>;

/** One end of a selection, in the words of the flow table's filters. */
export interface EndpointRef {
  readonly kind: NodeKind;
  readonly name: string;
  /** Set for namespaced nodes and namespace compounds. */
  readonly namespace?: string;
  /** The workload name (the node name) for workload nodes. */
  readonly workload?: string;
  readonly cluster?: string;
}

interface SelectionBase {
  readonly id: string;
  /** `shop/frontend → shop/backend 80/TCP`: plain text, for a heading or a chip. */
  readonly title: string;
  /** Whitelist FlowFilters (ORed) matching the element's flows, replies included. */
  readonly filters: readonly FlowFilter[];
  /** `hubble observe` arguments for the same flows (request direction only for an edge). */
  readonly observeArgs: string;
}

export interface NodeSelection extends SelectionBase {
  readonly kind: "node";
  readonly node: EndpointRef;
}

export interface EdgeSelection extends SelectionBase {
  readonly kind: "edge";
  readonly from: EndpointRef;
  readonly to: EndpointRef;
  /** Destination port; undefined for protocols without ports. */
  readonly port: number | undefined;
  readonly protocol: string;
}

export type MapSelection = NodeSelection | EdgeSelection;

/** The EndpointRef of a node. */
export function endpointRef(node: GraphNode): EndpointRef {
  return {
    kind: node.kind,
    name: node.name,
    ...(node.namespace === "" ? {} : { namespace: node.namespace }),
    ...(node.kind === "workload" ? { workload: node.name } : {}),
    ...(node.cluster === "" ? {} : { cluster: node.cluster }),
  };
}

/** `shop/frontend`, `host`, `example.com`. */
export function refText(ref: EndpointRef): string {
  return ref.kind === "workload" && ref.namespace !== undefined ? `${ref.namespace}/${ref.name}` : ref.name;
}

type Side = "source" | "destination";
const FIELDS = {
  source: { pod: "sourcePod", label: "sourceLabel", workload: "sourceWorkload", identity: "sourceIdentity", fqdn: "sourceFqdn", ip: "sourceIp", cluster: "sourceClusterName" },
  destination: { pod: "destinationPod", label: "destinationLabel", workload: "destinationWorkload", identity: "destinationIdentity", fqdn: "destinationFqdn", ip: "destinationIp", cluster: "destinationClusterName" },
} as const;

/** The FlowFilter fields that select `node` on one side of a flow. */
function sideFields(node: GraphNode, side: Side, multiCluster: boolean): Record<string, unknown> {
  const f = FIELDS[side];
  const out: Record<string, unknown> = {};
  const namespaced = node.namespace === "" ? undefined : `${node.namespace}/`;
  const selector = node.selector;
  switch (selector.by) {
    case "workload":
      out[f.workload] = [{ kind: selector.kind, name: selector.name }];
      break;
    case "label":
      out[f.label] = [selector.label];
      break;
    case "pod":
      out[f.pod] = [`${node.namespace}/${selector.prefix}`];
      break;
    case "identity":
      out[f.identity] = [...selector.identities];
      break;
    case "fqdn":
      out[f.fqdn] = [selector.name];
      break;
    case "ip":
      out[f.ip] = [selector.ip];
      break;
    case "cluster":
      out[f.cluster] = [node.cluster];
      break;
    case "namespace":
      break;
  }
  if (namespaced !== undefined && out[f.pod] === undefined) out[f.pod] = [namespaced];
  if (multiCluster && node.cluster !== "" && selector.by !== "cluster" && node.kind !== "world" && node.kind !== "fqdn") out[f.cluster] = [node.cluster];
  // A label that Hubble's selector syntax rejects falls back to the namespace alone.
  if (selector.by === "label" && validateFlowFilter(create(FlowFilterSchema, out as FilterInit)) !== undefined) {
    delete out[f.label];
    if (namespaced !== undefined) out[f.pod] = [namespaced];
  }
  return out;
}

function observeArgs(whitelist: readonly FlowFilter[]): string {
  return formatObserveCommandLine(formatObserveFlags({ whitelist, blacklist: [] }));
}

/** The selection for a node (leaf or compound): its flows in either direction. */
export function describeNode(model: GraphModel, node: GraphNode): NodeSelection {
  const asSource = create(FlowFilterSchema, sideFields(node, "source", model.multiCluster) as FilterInit);
  const asDestination = create(FlowFilterSchema, sideFields(node, "destination", model.multiCluster) as FilterInit);
  const ref = endpointRef(node);
  return { kind: "node", id: node.id, title: refText(ref), node: ref, filters: [asSource, asDestination], observeArgs: observeArgs([asSource, asDestination]) };
}

/** The selection for an edge: client → server on its port, and the replies back. */
export function describeEdge(model: GraphModel, edge: GraphEdge): EdgeSelection | undefined {
  const from = model.nodes.get(edge.source);
  const to = model.nodes.get(edge.target);
  if (from === undefined || to === undefined) return undefined;
  const protocol = edge.protocol === "other" ? [] : [edge.protocol.toLowerCase()];
  const port = edge.port > 0 ? [String(edge.port)] : [];
  const forward = create(FlowFilterSchema, {
    ...sideFields(from, "source", model.multiCluster),
    ...sideFields(to, "destination", model.multiCluster),
    destinationPort: port,
    protocol,
  } as FilterInit);
  const reply = create(FlowFilterSchema, {
    ...sideFields(to, "source", model.multiCluster),
    ...sideFields(from, "destination", model.multiCluster),
    sourcePort: port,
    protocol,
  } as FilterInit);
  const fromRef = endpointRef(from);
  const toRef = endpointRef(to);
  return {
    kind: "edge",
    id: edge.id,
    title: `${refText(fromRef)} → ${refText(toRef)} ${edge.portLabel}`,
    from: fromRef,
    to: toRef,
    port: edge.port > 0 ? edge.port : undefined,
    protocol: edge.protocol,
    filters: [forward, reply],
    observeArgs: observeArgs([forward]),
  };
}

/** The selection for an element id of `model`, or undefined when it is not in it. */
export function describeSelection(model: GraphModel, id: string): MapSelection | undefined {
  const node = model.nodes.get(id);
  if (node !== undefined) return describeNode(model, node);
  const edge = model.edges.get(id);
  return edge === undefined ? undefined : describeEdge(model, edge);
}
