// Which map node a flow endpoint belongs to. Hubble UI keys a card by security identity and titles
// it by the first app-ish label, so two Deployments with equal labels share a card, one
// Deployment in two clusters gets two unrelated cards, and everything outside is one "world"
// per side. Here a node is (cluster, namespace, workload name), with the name taken from, in
// order: the owning workload Cilium reports, the app.kubernetes.io/name / app / k8s-app / name
// label, the pod name without its ReplicaSet / Job / StatefulSet suffix, the identity number.
// Reserved identities become entity nodes per cluster, and the outside is one node per DNS name
// the flow carries, "world" only when no name is known.
import type { Endpoint } from "../../../gen/flow/flow_pb.ts";
import { RESERVED_IDENTITY_NAMES, reservedIdentityName } from "../../flow/event-type-words.ts";
import { makeId, type NodeKind, type NodeSelector } from "./graph-model.ts";

/** The node an endpoint maps to, before any counting. */
export interface EndpointNode {
  readonly id: string;
  readonly kind: Exclude<NodeKind, "namespace" | "cluster">;
  readonly name: string;
  readonly namespace: string;
  readonly cluster: string;
  readonly selector: NodeSelector;
  /** The endpoint's IP for world / unknown nodes, else "". */
  readonly address: string;
}

/** What, besides the endpoint itself, decides its node. */
export interface EndpointContext {
  /** `source_names` / `destination_names` of this side. */
  readonly names: readonly string[];
  readonly ip: string;
  /** The flow's `node_name`; `cluster/node` through Relay. */
  readonly nodeName: string;
  /** One world node per address instead of one "world". */
  readonly worldByAddress: boolean;
}

// Untrusted strings become ids and labels; nothing in Kubernetes or DNS is longer than this.
const MAX_NAME = 253;
const clip = (text: string): string => (text.length > MAX_NAME ? text.slice(0, MAX_NAME) : text);

/** Label keys that name an application, best first (source prefix such as `k8s:` ignored). */
const APP_LABEL_KEYS: readonly string[] = ["app.kubernetes.io/name", "app", "k8s-app", "name"];
const CLUSTER_LABEL = "io.cilium.k8s.policy.cluster";
const NAMESPACE_LABEL = "io.kubernetes.pod.namespace";

// Kubernetes random suffixes and pod-template hashes use this alphabet (no vowels, no 0/1/3), so
// real words such as "nginx-proxy" are not mistaken for a generated suffix.
const R = "[bcdfghjklmnpqrstvwxz2456789]";
const POD_SUFFIXES: readonly RegExp[] = [
  new RegExp(`^(.+)-${R}{6,10}-${R}{5}$`), // Deployment: name-<template hash>-<random>
  new RegExp(`^(.+)-\\d{8,}-${R}{5}$`), // CronJob: name-<scheduled minute>-<random>
  /^(.+)-\d+$/, // StatefulSet: name-<ordinal>
  new RegExp(`^(.+)-${R}{5}$`), // DaemonSet, Job, bare ReplicaSet: name-<random>
];

/** The workload part of a pod name: `frontend-79f5dbfc6c-x2x9z` → `frontend`, `db-0` → `db`. */
export function podWorkloadName(podName: string): string | undefined {
  for (const pattern of POD_SUFFIXES) {
    const match = pattern.exec(podName);
    if (match !== null) return match[1];
  }
  return undefined;
}

// Priority when only labels tell: `reserved:host` and `reserved:kube-apiserver` come together on
// a control-plane node, and the API server is the more telling name.
const ENTITY_LABEL_ORDER: readonly string[] = ["world", "kube-apiserver", "host", "remote-node", "health", "init", "ingress", "unmanaged"];
const LOCAL_IDENTITY_SCOPE = 1 << 24; // CIDR and FQDN identities: always outside the cluster
const MIN_ORDINARY_IDENTITY = 256;

const ENTITY_IDENTITIES = new Map<string, number[]>();
for (const [id, name] of RESERVED_IDENTITY_NAMES) {
  const entity = name.startsWith("world") ? "world" : name;
  ENTITY_IDENTITIES.set(entity, [...(ENTITY_IDENTITIES.get(entity) ?? []), id]);
}

/** The reserved entity of an endpoint (`world`, `host`, …), or undefined for a workload. */
export function reservedEntity(endpoint: Endpoint): string | undefined {
  const identity = endpoint.identity;
  if (identity >= LOCAL_IDENTITY_SCOPE) return "world";
  // Reserved identities are below 256; an ordinary identity never carries reserved labels.
  if (identity >= MIN_ORDINARY_IDENTITY) return undefined;
  const byIdentity = identity === 0 ? undefined : reservedIdentityName(identity);
  if (byIdentity !== undefined) return byIdentity.startsWith("world") ? "world" : byIdentity;
  let best: number | undefined;
  for (const label of endpoint.labels) {
    if (label.startsWith("cidr:") || label.startsWith("fqdn:")) return "world";
    if (!label.startsWith("reserved:")) continue;
    const name = label.slice("reserved:".length).split("=")[0]!;
    const rank = ENTITY_LABEL_ORDER.indexOf(name.startsWith("world") ? "world" : name);
    if (rank >= 0 && (best === undefined || rank < best)) best = rank;
  }
  return best === undefined ? undefined : ENTITY_LABEL_ORDER[best];
}

function labelKeyValue(label: string): [string, string] {
  const colon = label.indexOf(":");
  const eq = label.indexOf("=");
  // A source prefix ends before the first "=" (values may contain ":").
  const keyStart = colon >= 0 && (eq < 0 || colon < eq) ? colon + 1 : 0;
  return eq < 0 ? [label.slice(keyStart), ""] : [label.slice(keyStart, eq), label.slice(eq + 1)];
}

interface WorkloadName {
  readonly name: string;
  readonly selector: NodeSelector;
}

function workloadName(endpoint: Endpoint): WorkloadName | undefined {
  const workload = endpoint.workloads.find((w) => w.name !== "");
  if (workload !== undefined) return { name: workload.name, selector: { by: "workload", kind: workload.kind, name: workload.name } };
  let bestRank = APP_LABEL_KEYS.length;
  let best: WorkloadName | undefined;
  for (const label of endpoint.labels) {
    if (label.startsWith("reserved:")) continue;
    const [key, value] = labelKeyValue(label);
    const rank = APP_LABEL_KEYS.indexOf(key);
    if (rank >= 0 && rank < bestRank && value !== "") {
      bestRank = rank;
      best = { name: value, selector: { by: "label", label } };
    }
  }
  if (best !== undefined) return best;
  if (endpoint.podName !== "") {
    const stripped = podWorkloadName(endpoint.podName);
    return stripped === undefined
      ? { name: endpoint.podName, selector: { by: "pod", prefix: endpoint.podName } }
      : { name: stripped, selector: { by: "pod", prefix: `${stripped}-` } };
  }
  if (endpoint.identity > 0) return { name: `identity ${endpoint.identity}`, selector: { by: "identity", identities: [endpoint.identity] } };
  return undefined;
}

/** The cluster of an endpoint: its `cluster_name`, its policy cluster label, or the Relay node prefix. */
export function endpointCluster(endpoint: Endpoint | undefined, nodeName: string): string {
  if (endpoint !== undefined) {
    if (endpoint.clusterName !== "") return clip(endpoint.clusterName);
    for (const label of endpoint.labels) {
      const [key, value] = labelKeyValue(label);
      if (key === CLUSTER_LABEL && value !== "") return clip(value);
    }
  }
  const slash = nodeName.indexOf("/");
  return slash > 0 ? clip(nodeName.slice(0, slash)) : "";
}

/**
 * The namespace of an endpoint: its `namespace`, or the namespace label Cilium puts on every pod
 * identity (flows seen at a remote node's overlay carry labels but no namespace).
 */
export function endpointNamespace(endpoint: Endpoint): string {
  if (endpoint.namespace !== "") return clip(endpoint.namespace);
  for (const label of endpoint.labels) {
    const [key, value] = labelKeyValue(label);
    if (key === NAMESPACE_LABEL) return clip(value);
  }
  return "";
}

/** A DNS name as a node name: lower case, no trailing dot. */
export function dnsNodeName(name: string): string {
  return clip(name.toLowerCase().replace(/\.$/, ""));
}

function entityNode(entity: string, cluster: string, address: string): EndpointNode {
  return {
    id: makeId("ent", cluster, entity),
    kind: "entity",
    name: entity,
    namespace: "",
    cluster,
    selector: { by: "identity", identities: ENTITY_IDENTITIES.get(entity) ?? [] },
    address: entity === "unknown" ? address : "",
  };
}

/** The node of one side of a flow. */
export function endpointNode(endpoint: Endpoint | undefined, context: EndpointContext): EndpointNode {
  const address = clip(context.ip);
  const entity = endpoint === undefined ? undefined : reservedEntity(endpoint);
  if (entity === "world" || (endpoint === undefined && context.names.length > 0)) {
    const named = context.names.find((n) => n !== "");
    if (named !== undefined) {
      const name = dnsNodeName(named);
      return { id: makeId("fqdn", name), kind: "fqdn", name, namespace: "", cluster: "", selector: { by: "fqdn", name }, address };
    }
    const split = context.worldByAddress && address !== "";
    return {
      id: split ? makeId("world", address) : "world",
      kind: "world",
      name: "world",
      namespace: "",
      cluster: "",
      selector: split ? { by: "ip", ip: address } : { by: "identity", identities: ENTITY_IDENTITIES.get("world") ?? [] },
      address,
    };
  }
  const cluster = endpointCluster(endpoint, context.nodeName);
  if (entity !== undefined) return entityNode(entity, cluster, address);
  const workload = endpoint === undefined ? undefined : workloadName(endpoint);
  if (endpoint === undefined || workload === undefined) return entityNode("unknown", cluster, address);
  const namespace = endpointNamespace(endpoint);
  const name = clip(workload.name);
  return { id: makeId("wl", cluster, namespace, name), kind: "workload", name, namespace, cluster, selector: workload.selector, address: "" };
}
