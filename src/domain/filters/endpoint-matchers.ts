// Matchers for the per-endpoint FlowFilter fields (source_* / destination_*): pods, services,
// identities, workloads, cluster names, FQDNs and labels, plus node_labels which shares the
// label-selector code. Each builder validates its entries once and returns undefined when the
// field is empty (an empty field adds no predicate).
import { type Endpoint, type Flow, type Service, type Workload } from "../../gen/flow/flow_pb.ts";
import { compileFqdnPatterns } from "./fqdn-pattern.ts";
import { type FlowPredicate, InvalidFilterError, entryField } from "./invalid-filter-error.ts";
import { compileLabelSelectors } from "./label-selector.ts";

/** Which endpoint of the flow a source_* / destination_* field looks at. */
export type Side = "source" | "destination";

const NO_STRINGS: readonly string[] = [];

const endpointGetters: Readonly<Record<Side, (flow: Flow) => Endpoint | undefined>> = {
  source: (flow) => flow.source,
  destination: (flow) => flow.destination,
};

const serviceGetters: Readonly<Record<Side, (flow: Flow) => Service | undefined>> = {
  source: (flow) => flow.sourceService,
  destination: (flow) => flow.destinationService,
};

interface NamespacedName {
  readonly namespace: string;
  readonly prefix: string;
}

/** Hubble's k8s.ParseNamespaceName: `ns/name`, `/name` (any namespace), `name` (namespace default). */
export function parseNamespacedName(value: string): NamespacedName {
  const parts = value.split("/");
  if (parts.length > 1) return { namespace: parts[0]!, prefix: parts[1]! };
  return value === "" ? { namespace: "", prefix: "" } : { namespace: "default", prefix: value };
}

function compileNamespacedNames(values: readonly string[], field: string): NamespacedName[] {
  return values.map((value, i) => {
    if (value === "") throw new InvalidFilterError(entryField(field, i), "name must not be empty");
    return parseNamespacedName(value);
  });
}

function matchesNamespacedName(filters: readonly NamespacedName[], namespace: string, name: string): boolean {
  // An endpoint Hubble knows nothing about (neither namespace nor name) never matches, even "/".
  if (namespace === "" && name === "") return false;
  for (const f of filters) {
    if ((f.prefix === "" || name.startsWith(f.prefix)) && (f.namespace === "" || f.namespace === namespace)) return true;
  }
  return false;
}

/** source_pod / destination_pod: namespace plus pod-name prefix. */
export function podPredicate(values: readonly string[], side: Side): FlowPredicate | undefined {
  if (values.length === 0) return undefined;
  const filters = compileNamespacedNames(values, `${side}_pod`);
  const get = endpointGetters[side];
  return (flow) => {
    const ep = get(flow);
    return ep !== undefined && matchesNamespacedName(filters, ep.namespace, ep.podName);
  };
}

/** source_service / destination_service: same syntax as pods, on the flow's Service. */
export function servicePredicate(values: readonly string[], side: Side): FlowPredicate | undefined {
  if (values.length === 0) return undefined;
  const filters = compileNamespacedNames(values, `${side}_service`);
  const get = serviceGetters[side];
  return (flow) => {
    const svc = get(flow);
    return svc !== undefined && matchesNamespacedName(filters, svc.namespace, svc.name);
  };
}

/** source_identity / destination_identity: numeric identity in the list (absent endpoint: no match). */
export function identityPredicate(values: readonly number[], side: Side): FlowPredicate | undefined {
  if (values.length === 0) return undefined;
  const identities = new Set(values);
  const get = endpointGetters[side];
  return (flow) => {
    const ep = get(flow);
    return ep !== undefined && identities.has(ep.identity);
  };
}

/** source_workload / destination_workload: some endpoint workload equals a filter's set name/kind. */
export function workloadPredicate(values: readonly Workload[], side: Side): FlowPredicate | undefined {
  if (values.length === 0) return undefined;
  const filters = values.map((w) => ({ name: w.name, kind: w.kind }));
  const get = endpointGetters[side];
  return (flow) => {
    const workloads = get(flow)?.workloads;
    if (workloads === undefined) return false;
    for (const w of workloads) {
      for (const f of filters) {
        if ((f.name === "" || f.name === w.name) && (f.kind === "" || f.kind === w.kind)) return true;
      }
    }
    return false;
  };
}

/** source_cluster_name / destination_cluster_name: exact equality; an empty entry is invalid. */
export function clusterNamePredicate(values: readonly string[], side: Side): FlowPredicate | undefined {
  if (values.length === 0) return undefined;
  const field = `${side}_cluster_name`;
  values.forEach((value, i) => {
    if (value === "") throw new InvalidFilterError(entryField(field, i), "name must not be empty");
  });
  const names = new Set(values);
  const get = endpointGetters[side];
  return (flow) => names.has(get(flow)?.clusterName ?? "");
}

/** source_fqdn / destination_fqdn: anchored FQDN patterns against source_names / destination_names. */
export function fqdnPredicate(values: readonly string[], side: Side): FlowPredicate | undefined {
  if (values.length === 0) return undefined;
  const pattern = compileFqdnPatterns(values, `${side}_fqdn`);
  const names: (flow: Flow) => readonly string[] =
    side === "source" ? (flow) => flow.sourceNames : (flow) => flow.destinationNames;
  return (flow) => {
    for (const name of names(flow)) if (pattern.test(name)) return true;
    return false;
  };
}

/** source_label / destination_label: k8s label selectors on the endpoint's labels. */
export function labelPredicate(values: readonly string[], side: Side): FlowPredicate | undefined {
  if (values.length === 0) return undefined;
  const matches = compileLabelSelectors(values, `${side}_label`);
  const get = endpointGetters[side];
  return (flow) => matches(get(flow)?.labels ?? NO_STRINGS);
}

/** node_labels: label selectors on the flow's node labels (`key=value`, no source prefix). */
export function nodeLabelPredicate(values: readonly string[]): FlowPredicate | undefined {
  if (values.length === 0) return undefined;
  const matches = compileLabelSelectors(values, "node_labels");
  return (flow) => matches(flow.nodeLabels);
}
