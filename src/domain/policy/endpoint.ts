// The endpoint model the evaluator matches policies against, and the Cilium identity labels it
// implies. Cilium never matches selectors against pod labels directly: it matches the labels of the
// endpoint's security identity, which add the namespace, the cluster, the namespace's own labels
// and the service account under `k8s:io.cilium.k8s.*` / `k8s:io.kubernetes.pod.namespace` keys.
// Reserved identities (world, host, …) carry a single `reserved:<name>` label.

import { parseIp } from "./cidr.ts";

/** What kind of peer an endpoint is: a pod, or one of Cilium's reserved identities. */
export type EndpointKind =
  | "pod"
  | "world"
  | "host"
  | "remote-node"
  | "kube-apiserver"
  | "health"
  | "init"
  | "ingress"
  | "unmanaged";

/** A container port name a policy can use instead of a number (`port: http`). */
export interface NamedPort {
  readonly port: number;
  /** Default TCP. (Spelled out rather than imported so this module stays a leaf of the import graph.) */
  readonly protocol?: "TCP" | "UDP" | "SCTP";
}

/** One end of a connection. */
export interface EndpointModel {
  /** Default `pod`. */
  readonly kind?: EndpointKind;
  /** Display name (pod name, FQDN, node name); not used for matching. */
  readonly name?: string;
  /** Pod namespace; default `default`. */
  readonly namespace?: string;
  /** Pod labels (node labels for host/remote-node). Keys may carry a source prefix (`k8s:app`); unprefixed keys are `k8s`. */
  readonly labels?: Readonly<Record<string, string>>;
  /** Labels of the pod's namespace; exposed as `io.cilium.k8s.namespace.labels.<key>`. */
  readonly namespaceLabels?: Readonly<Record<string, string>>;
  readonly serviceAccount?: string;
  /** Numeric security identity, reported back unchanged. */
  readonly identity?: number;
  /** Cluster name (`io.cilium.k8s.policy.cluster`); default: the evaluation's local cluster. */
  readonly cluster?: string;
  readonly ips?: readonly string[];
  /** Container ports by name, for named-port rules. */
  readonly namedPorts?: Readonly<Record<string, NamedPort>>;
}

/** A label of a security identity. */
export interface IdentityLabel {
  readonly source: string;
  readonly key: string;
  readonly value: string;
}

/** Label sources Cilium knows; any other `x:` prefix is part of the key. */
const LABEL_SOURCES = new Set(["k8s", "reserved", "container", "unspec", "cidr", "fqdn", "cilium-generated", "kvstore"]);

export const POD_NAMESPACE_LABEL = "io.kubernetes.pod.namespace";
export const CLUSTER_LABEL = "io.cilium.k8s.policy.cluster";
const NAMESPACE_LABELS_PREFIX = "io.cilium.k8s.namespace.labels.";
const SERVICE_ACCOUNT_LABEL = "io.cilium.k8s.policy.serviceaccount";

/** Splits `k8s:app` into source and key; keys without a known source get `fallbackSource`. */
export function splitLabelKey(text: string, fallbackSource: string): { source: string; key: string } {
  const colon = text.indexOf(":");
  if (colon > 0) {
    const source = text.slice(0, colon);
    if (LABEL_SOURCES.has(source) || source === "any") return { source, key: text.slice(colon + 1) };
  }
  return { source: fallbackSource, key: text };
}

/** The namespace a pod endpoint lives in. */
export function endpointNamespace(endpoint: EndpointModel): string {
  return endpoint.namespace ?? endpoint.labels?.[POD_NAMESPACE_LABEL] ?? endpoint.labels?.[`k8s:${POD_NAMESPACE_LABEL}`] ?? "default";
}

/** The endpoint's kind, defaulting to pod. */
export function endpointKind(endpoint: EndpointModel): EndpointKind {
  return endpoint.kind ?? "pod";
}

const cache = new WeakMap<EndpointModel, Map<string, readonly IdentityLabel[]>>();

/**
 * The labels of the endpoint's security identity. Cached per endpoint object and cluster name,
 * because the evaluator asks for them on every rule it checks.
 */
export function identityLabels(endpoint: EndpointModel, localCluster: string): readonly IdentityLabel[] {
  let byCluster = cache.get(endpoint);
  if (byCluster === undefined) {
    byCluster = new Map();
    cache.set(endpoint, byCluster);
  }
  const cached = byCluster.get(localCluster);
  if (cached !== undefined) return cached;
  const labels = computeLabels(endpoint, localCluster);
  byCluster.set(localCluster, labels);
  return labels;
}

function computeLabels(endpoint: EndpointModel, localCluster: string): readonly IdentityLabel[] {
  const out = new Map<string, IdentityLabel>();
  const add = (source: string, key: string, value: string): void => {
    out.set(`${source}:${key}`, { source, key, value });
  };
  for (const [text, value] of Object.entries(endpoint.labels ?? {})) {
    const { source, key } = splitLabelKey(text, "k8s");
    add(source === "any" ? "k8s" : source, key, value);
  }
  const kind = endpointKind(endpoint);
  if (kind === "pod") {
    const namespace = endpointNamespace(endpoint);
    add("k8s", POD_NAMESPACE_LABEL, namespace);
    add("k8s", CLUSTER_LABEL, endpoint.cluster ?? localCluster);
    add("k8s", `${NAMESPACE_LABELS_PREFIX}kubernetes.io/metadata.name`, namespace);
    for (const [key, value] of Object.entries(endpoint.namespaceLabels ?? {})) add("k8s", NAMESPACE_LABELS_PREFIX + key, value);
    if (endpoint.serviceAccount !== undefined) add("k8s", SERVICE_ACCOUNT_LABEL, endpoint.serviceAccount);
  } else {
    add("reserved", kind, "");
    if (kind === "world") {
      // In dual-stack clusters world identities are split per family; `world` selects both.
      const family = parseIp(endpoint.ips?.[0] ?? "")?.family;
      if (family !== undefined) add("reserved", family === 4 ? "world-ipv4" : "world-ipv6", "");
    }
  }
  return [...out.values()];
}
