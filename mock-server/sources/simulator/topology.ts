// The running lab: nodes with pod CIDRs, pods (names with ReplicaSet hashes, IPs, endpoint IDs,
// security identities), services with ClusterIPs and their backends, and external hosts. Built
// once per simulator from the scenario and a "topology" RNG stream, so traffic settings never
// change pod names or IPs.
import { create } from "@bufbuild/protobuf";
import { EndpointSchema, type Endpoint } from "../../../src/gen/flow/flow_pb.ts";
import { identityLabels, type EndpointModel } from "../../../src/domain/policy/endpoint.ts";
import type { Rng } from "./rng.ts";
import type { ClusterSpec, ExternalSpec, HttpServerSpec, PerCluster, PortSpec, ScenarioSpec, ServiceSpec, WorkloadSpec } from "./scenario-types.ts";

export interface NodeModel {
  readonly cluster: ClusterModel;
  readonly name: string;
  /** `flow.node_name`: `cluster/node` when the scenario has several clusters. */
  readonly nodeName: string;
  readonly ip: string;
}

export interface PodModel {
  readonly cluster: ClusterModel;
  readonly node: NodeModel;
  readonly workload: WorkloadSpec;
  readonly name: string;
  readonly namespace: string;
  readonly ip: string;
  readonly identity: number;
  readonly endpointId: number;
  readonly ports: readonly PortSpec[];
  readonly http?: HttpServerSpec;
  /** What the policy engine matches. */
  readonly model: EndpointModel;
  /** `flow.Endpoint` on flows observed on the pod's own node (with its endpoint ID)… */
  readonly localEndpoint: Endpoint;
  /** …and on other nodes (ID 0, as Hubble reports remote endpoints). */
  readonly remoteEndpoint: Endpoint;
}

export interface ServiceModel {
  readonly spec: ServiceSpec;
  readonly ip: string;
  readonly backends: readonly PodModel[];
}

export interface ClusterModel {
  readonly spec: ClusterSpec;
  readonly name: string;
  readonly nodes: NodeModel[];
  readonly pods: PodModel[];
  readonly services: ServiceModel[];
  readonly podsByIp: Map<string, PodModel>;
  readonly servicesByIp: Map<string, ServiceModel>;
  /** Keyed `name.namespace`. */
  readonly servicesByName: Map<string, ServiceModel>;
  readonly dnsService?: ServiceModel;
}

export interface ExternalModel {
  readonly spec: ExternalSpec;
  readonly model: EndpointModel;
}

export interface Topology {
  readonly clusters: readonly ClusterModel[];
  readonly clusterByName: ReadonlyMap<string, ClusterModel>;
  readonly externalByIp: ReadonlyMap<string, ExternalModel>;
  readonly externalByName: ReadonlyMap<string, ExternalModel>;
}

/** The world endpoint as Hubble shows it (identity 2, `reserved:world`). */
export const WORLD_ENDPOINT: Endpoint = create(EndpointSchema, { identity: 2, labels: ["reserved:world"] });

const HASH_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

function ipv4ToInt(ip: string): number {
  return ip.split(".").reduce((acc, part) => acc * 256 + Number(part), 0);
}

function intToIpv4(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join(".");
}

function cidrRange(cidr: string): { base: number; size: number } {
  const [ip = "0.0.0.0", prefix = "32"] = cidr.split("/");
  const size = 2 ** (32 - Number(prefix));
  return { base: Math.floor(ipv4ToInt(ip) / size) * size, size };
}

function perCluster<T>(value: PerCluster<T> | undefined, cluster: string): T | undefined {
  return value?.byCluster[cluster] ?? value?.all;
}

/** A pod-template-hash that depends on the template only, as Kubernetes computes it. */
function templateHash(workload: WorkloadSpec): string {
  let h = fnv1a(`${workload.namespace}/${workload.name}/${JSON.stringify(workload.labels)}`);
  let out = "";
  for (let i = 0; i < 10; i++) {
    out += HASH_ALPHABET[h % HASH_ALPHABET.length];
    h = Math.floor(h / HASH_ALPHABET.length) || fnv1a(out);
  }
  return out;
}

function labelStrings(model: EndpointModel, cluster: string): string[] {
  return identityLabels(model, cluster)
    .map((l) => `${l.source}:${l.key}=${l.value}`)
    .toSorted();
}

class ClusterBuilder {
  readonly model: ClusterModel;
  private readonly rng: Rng;
  private readonly usedIps = new Set<string>();
  private readonly usedEndpointIds = new Map<NodeModel, Set<number>>();
  private readonly nodeRanges = new Map<NodeModel, { base: number; size: number }>();
  private readonly identities = new Map<string, number>();
  private readonly usedIdentities = new Set<number>();

  constructor(spec: ClusterSpec, multiCluster: boolean, rng: Rng) {
    this.rng = rng;
    const model: ClusterModel = { spec, name: spec.name, nodes: [], pods: [], services: [], podsByIp: new Map(), servicesByIp: new Map(), servicesByName: new Map() };
    const clusterRange = cidrRange(spec.podCIDR);
    spec.nodes.forEach((node, i) => {
      const nodeModel: NodeModel = { cluster: model, name: node.name, nodeName: multiCluster ? `${spec.name}/${node.name}` : node.name, ip: node.ip };
      model.nodes.push(nodeModel);
      this.nodeRanges.set(nodeModel, node.podCIDR === undefined ? { base: clusterRange.base + i * 256, size: 256 } : cidrRange(node.podCIDR));
      this.usedEndpointIds.set(nodeModel, new Set());
    });
    this.model = model;
  }

  private allocateIp(node: NodeModel): string {
    const range = this.nodeRanges.get(node) ?? { base: 0, size: 256 };
    for (;;) {
      const ip = intToIpv4(range.base + this.rng.int(2, Math.min(range.size, 65536) - 2));
      if (!this.usedIps.has(ip)) {
        this.usedIps.add(ip);
        return ip;
      }
    }
  }

  private allocateIdentity(labels: string[], pinned: number | undefined): number {
    const key = labels.join(",");
    const known = this.identities.get(key);
    if (known !== undefined) return known;
    let identity = pinned;
    if (identity === undefined) {
      // Deterministic per label set, like a fresh cluster that allocated them in this order.
      let local = 256 + (fnv1a(key) % (65536 - 256));
      while (this.usedIdentities.has((this.model.spec.id << 16) | local)) local = local === 65535 ? 256 : local + 1;
      identity = (this.model.spec.id << 16) | local;
    }
    this.identities.set(key, identity);
    this.usedIdentities.add(identity);
    return identity;
  }

  addWorkload(workload: WorkloadSpec): void {
    const cluster = this.model;
    const named = workload.nodes?.flatMap((name) => cluster.nodes.filter((n) => n.name === name)) ?? [];
    const workers = cluster.nodes.filter((_, i) => !cluster.spec.nodes[i]?.controlPlane);
    const eligible = named.length > 0 ? named : workers.length > 0 ? workers : cluster.nodes;
    const start = this.rng.int(0, eligible.length - 1);
    const hash = perCluster(workload.templateHash, cluster.name) ?? templateHash(workload);
    const namedPorts = Object.fromEntries(workload.ports.flatMap((p) => (p.name === undefined ? [] : [[p.name, { port: p.port, protocol: p.protocol }]])));
    for (let k = 0; k < workload.replicas; k++) {
      const node = eligible[(start + k) % eligible.length] as NodeModel;
      const name = workload.kind === "Pod" ? workload.name : `${workload.name}-${hash}-${this.rng.chars(5, HASH_ALPHABET)}`;
      const ip = this.allocateIp(node);
      const model: EndpointModel = { kind: "pod", name, namespace: workload.namespace, labels: workload.labels, serviceAccount: workload.serviceAccount, cluster: cluster.name, ips: [ip], namedPorts };
      const labels = labelStrings(model, cluster.name);
      const identity = this.allocateIdentity(labels, perCluster(workload.identity, cluster.name));
      const used = this.usedEndpointIds.get(node) ?? new Set<number>();
      let endpointId = this.rng.int(1, 4095);
      while (used.has(endpointId)) endpointId = this.rng.int(1, 4095);
      used.add(endpointId);
      const workloads = workload.kind === "Deployment" ? [{ name: workload.name, kind: "Deployment" }] : [];
      const endpoint = { identity, clusterName: cluster.name, namespace: workload.namespace, labels, podName: name, workloads };
      const pod: PodModel = {
        cluster,
        node,
        workload,
        name,
        namespace: workload.namespace,
        ip,
        identity,
        endpointId,
        ports: workload.ports,
        ...(workload.http === undefined ? {} : { http: workload.http }),
        model: { ...model, identity },
        localEndpoint: create(EndpointSchema, { ...endpoint, ID: endpointId }),
        remoteEndpoint: create(EndpointSchema, endpoint),
      };
      cluster.pods.push(pod);
      cluster.podsByIp.set(ip, pod);
    }
  }

  addService(spec: ServiceSpec, dns: ScenarioSpec["dns"]): void {
    const cluster = this.model;
    let ip = perCluster(spec.clusterIP, cluster.name);
    if (ip === undefined) {
      const range = cidrRange(cluster.spec.serviceCIDR);
      let offset = 2 + (fnv1a(`${spec.namespace}/${spec.name}`) % (range.size - 3));
      while (cluster.servicesByIp.has(intToIpv4(range.base + offset))) offset = offset + 1 >= range.size - 1 ? 2 : offset + 1;
      ip = intToIpv4(range.base + offset);
    }
    const backends = cluster.pods.filter((pod) => pod.namespace === spec.namespace && Object.entries(spec.selector).every(([k, v]) => pod.workload.labels[k] === v));
    const service: ServiceModel = { spec, ip, backends };
    cluster.services.push(service);
    cluster.servicesByIp.set(ip, service);
    cluster.servicesByName.set(`${spec.name}.${spec.namespace}`, service);
    if (spec.namespace === dns.service.namespace && spec.name === dns.service.name) (cluster as { dnsService?: ServiceModel }).dnsService = service;
  }
}

/** Builds the lab's topology; `rng` should be a stream used for nothing else. */
export function buildTopology(spec: ScenarioSpec, rng: Rng): Topology {
  const multiCluster = spec.clusters.length > 1;
  const clusters = spec.clusters.map((clusterSpec) => {
    const builder = new ClusterBuilder(clusterSpec, multiCluster, rng.fork(`cluster/${clusterSpec.name}`));
    for (const workload of spec.workloads) if (workload.clusters?.includes(clusterSpec.name) ?? true) builder.addWorkload(workload);
    for (const service of spec.services) builder.addService(service, spec.dns);
    return builder.model;
  });
  const externalByIp = new Map<string, ExternalModel>();
  const externalByName = new Map<string, ExternalModel>();
  for (const external of spec.external) {
    for (const ip of [...external.ips, ...external.ipv6]) {
      const model: ExternalModel = { spec: external, model: { kind: "world", ips: [ip], ...(external.name === undefined ? {} : { name: external.name }) } };
      externalByIp.set(ip, model);
      if (external.name !== undefined && !externalByName.has(external.name)) externalByName.set(external.name, model);
    }
  }
  return { clusters, clusterByName: new Map(clusters.map((c) => [c.name, c])), externalByIp, externalByName };
}
