// A scenario after validation (scenario-parse.ts): the clusters, workloads, services, external
// hosts, traffic generators and stages of a lab, with every default filled in. The format is
// documented in mock-server/scenarios/README.md.
import type { ParsedPolicy } from "../../../src/domain/policy/parse.ts";
import type { PolicySet } from "../../../src/domain/policy/policy-set.ts";

/** Cilium's `bpf.monitorAggregation`: which packets the datapath reports as trace events. */
export type MonitorAggregation = "none" | "low" | "medium" | "maximum";

/** Agent settings that shape the flows. */
export interface CiliumSettings {
  /** Emitter version (`flow.emitter.version`). */
  readonly version: string;
  /** native: cross-node packets leave through the host stack (to-stack); tunnel: to-overlay. */
  readonly routing: "native" | "tunnel";
  readonly monitorAggregation: MonitorAggregation;
  /** Socket-LB trace events (pre-xlate-fwd / post-xlate-fwd) for connections to service VIPs. */
  readonly socketLbTracing: boolean;
}

export interface NodeSpec {
  readonly name: string;
  readonly ip: string;
  /** The node's pod CIDR; default the i-th /24 of the cluster's podCIDR. */
  readonly podCIDR?: string;
  /** Control-plane nodes get no pods unless a workload names them in `nodes`. */
  readonly controlPlane: boolean;
}

export interface ClusterSpec {
  readonly name: string;
  /** Cluster-mesh ID: identities are `id << 16 | local identity`. */
  readonly id: number;
  readonly podCIDR: string;
  readonly serviceCIDR: string;
  readonly nodes: readonly NodeSpec[];
}

/** A value given once for all clusters or per cluster name. */
export interface PerCluster<T> {
  readonly all?: T;
  readonly byCluster: Readonly<Record<string, T>>;
}

export interface PortSpec {
  readonly port: number;
  readonly protocol: "TCP" | "UDP";
  readonly name?: string;
}

export interface HttpRouteSpec {
  /** Any method when absent. */
  readonly method?: string;
  /** Exact path, or an anchored regular expression when written as `^…$`. */
  readonly path: string | RegExp;
  readonly status: number;
  readonly body?: string;
}

/** How a workload (or external host) answers HTTP. */
export interface HttpServerSpec {
  /** httpbin: /get, /anything[/…], /status/<code>, /headers, /ip, /uuid. */
  readonly preset?: "httpbin";
  readonly routes: readonly HttpRouteSpec[];
  readonly defaultStatus: number;
  readonly latencyMs: readonly [number, number];
  /** `Server` header. */
  readonly server: string;
}

export interface WorkloadSpec {
  readonly name: string;
  readonly namespace: string;
  readonly kind: "Deployment" | "Pod";
  readonly labels: Readonly<Record<string, string>>;
  readonly serviceAccount: string;
  readonly replicas: number;
  /** Clusters it runs in; all when absent. */
  readonly clusters?: readonly string[];
  /** Nodes to place replicas on, round-robin; all worker nodes when absent. */
  readonly nodes?: readonly string[];
  /** pod-template-hash of a Deployment's ReplicaSet. */
  readonly templateHash?: PerCluster<string>;
  /** Pinned security identity (the full number, cluster ID included). */
  readonly identity?: PerCluster<number>;
  readonly ports: readonly PortSpec[];
  readonly http?: HttpServerSpec;
}

export interface ServicePortSpec {
  readonly port: number;
  readonly targetPort: number;
  readonly protocol: "TCP" | "UDP";
  readonly name?: string;
}

export interface ServiceSpec {
  readonly name: string;
  readonly namespace: string;
  readonly selector: Readonly<Record<string, string>>;
  readonly ports: readonly ServicePortSpec[];
  readonly clusterIP?: PerCluster<string>;
}

export interface ExternalSpec {
  /** DNS name; an IP-only host has none. */
  readonly name?: string;
  readonly ips: readonly string[];
  readonly ipv6: readonly string[];
  readonly ttl: number;
  /** Ports that accept connections (others answer RST); all when empty. */
  readonly ports: readonly number[];
  readonly http?: HttpServerSpec;
}

export interface ParsedUrl {
  readonly scheme: "http" | "https";
  readonly host: string;
  readonly port: number;
  /** Path and query, starting with `/`. */
  readonly path: string;
  /** Host header as curl sends it (port only when not the scheme's default). */
  readonly authority: string;
}

export type TrafficAction =
  | { readonly kind: "http"; readonly method: string; readonly url: ParsedUrl; readonly userAgent: string }
  | { readonly kind: "dns"; readonly query: string; readonly types: readonly ("A" | "AAAA")[] }
  | { readonly kind: "tcp"; readonly host: string; readonly port: number }
  | { readonly kind: "ping"; readonly host: string; readonly count: number };

export interface TrafficSpec {
  readonly name: string;
  /** Client workload. */
  readonly from: { readonly namespace: string; readonly name: string };
  /** Actions per second in each cluster (before `--rate`). */
  readonly rate: number;
  readonly clusters?: readonly string[];
  /** Stages in which it runs; all when absent. */
  readonly stages?: readonly number[];
  /** Client gives up after this long (curl --max-time / --connect-timeout). */
  readonly timeoutMs: number;
  readonly action: TrafficAction;
}

export interface PolicyKey {
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
}

export interface StageSpec {
  readonly name: string;
  readonly description: string;
  /** Policy files as written (relative to the scenario file). */
  readonly apply: readonly string[];
  /** `namespace/name`, `Kind/namespace/name` or a policy file, as written. */
  readonly delete: readonly string[];
  /** Clusters the changes apply to; all when absent. */
  readonly clusters?: readonly string[];
}

export interface DnsSettings {
  readonly service: { readonly namespace: string; readonly name: string };
  readonly domain: string;
  /** TTL of answers for cluster names. */
  readonly ttl: number;
}

/** A validated scenario file. */
export interface ScenarioSpec {
  readonly name: string;
  readonly description: string;
  readonly cilium: CiliumSettings;
  readonly clusters: readonly ClusterSpec[];
  readonly dns: DnsSettings;
  readonly workloads: readonly WorkloadSpec[];
  readonly services: readonly ServiceSpec[];
  readonly external: readonly ExternalSpec[];
  readonly traffic: readonly TrafficSpec[];
  readonly stages: readonly StageSpec[];
}

/** A policy in force, with the repository revision at which it was applied. */
export interface AppliedPolicy {
  readonly policy: ParsedPolicy;
  readonly revision: number;
}

/** What is in force in one cluster once a stage is applied (stages 1..n cumulatively). */
export interface StagePolicies {
  readonly policies: readonly AppliedPolicy[];
  readonly set: PolicySet;
}

/** A scenario with its policy files read and each stage's cumulative state computed. */
export interface Scenario {
  readonly spec: ScenarioSpec;
  /** Where it was loaded from (a built-in name's file too). */
  readonly file: string;
  /** `stagePolicies[n - 1].get(cluster)`: what stage n leaves in force. */
  readonly stagePolicies: readonly ReadonlyMap<string, StagePolicies>[];
  /** Non-fatal findings (policy warnings such as default-deny's empty rule lists). */
  readonly warnings: readonly string[];
}
