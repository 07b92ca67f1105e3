// What the flow synthesizers (tcp-session, dns-lookup, icmp-echo) share: the flow factory and
// wire, the policy in force per cluster, proxy ports, and each endpoint's DNS-proxy name cache
// (Hubble's `destination_names` and toFQDNs selection only know names the proxy saw).
import type { Flow } from "../../../src/gen/flow/flow_pb.ts";
import type { EndpointModel } from "../../../src/domain/policy/endpoint.ts";
import type { PolicySet } from "../../../src/domain/policy/policy-set.ts";
import type { FlowFactory, Peer, RevisionOf } from "./flow-factory.ts";
import type { Rng } from "./rng.ts";
import type { CiliumSettings, DnsSettings } from "./scenario-types.ts";
import type { ClusterModel, NodeModel, PodModel, Topology } from "./topology.ts";
import type { Wire } from "./wire.ts";

/** Policy in force in a cluster right now. */
export interface ClusterPolicy {
  readonly set: PolicySet;
  readonly revisionOf: RevisionOf;
}

export interface SynthContext {
  readonly factory: FlowFactory;
  readonly wire: Wire;
  readonly rng: Rng;
  readonly settings: CiliumSettings;
  readonly dns: DnsSettings;
  readonly topology: Topology;
  readonly names: FqdnCache;
  emit(us: number, flow: Flow): void;
  policy(cluster: ClusterModel): ClusterPolicy;
  /** The port of a node's proxy (Envoy for HTTP, the DNS proxy), stable per node. */
  proxyPort(node: NodeModel, kind: string): number;
  /** A fresh ephemeral port (Linux default range 32768–60999). */
  ephemeralPort(): number;
}

/** Where a connection goes after name resolution and socket-LB translation. */
export type Destination = { readonly kind: "pod"; readonly pod: PodModel } | { readonly kind: "world"; readonly ip: string; readonly model: EndpointModel };

const worldModels = new Map<string, EndpointModel>();

/** The policy engine's model of a world address (cached: the engine caches labels per object). */
export function worldModel(topology: Topology, ip: string): EndpointModel {
  const external = topology.externalByIp.get(ip);
  if (external !== undefined) return external.model;
  let model = worldModels.get(ip);
  if (model === undefined) {
    model = { kind: "world", ips: [ip] };
    worldModels.set(ip, model);
  }
  return model;
}

/** The flow peer of a destination. */
export function peerOf(destination: Destination): Peer {
  return destination.kind === "pod" ? { kind: "pod", pod: destination.pod } : { kind: "world", ip: destination.ip };
}

/**
 * Names each endpoint learnt through the DNS proxy, per IP, until they expire. Cilium keeps them
 * at least `tofqdns-min-ttl` (an hour by default), longer than most answers' TTL.
 */
export class FqdnCache {
  private readonly entries = new Map<string, Map<string, { names: Set<string>; untilUs: number }>>();

  learn(pod: PodModel, ip: string, name: string, ttlS: number, nowUs: number): void {
    const key = `${pod.cluster.name}/${pod.name}`;
    let byIp = this.entries.get(key);
    if (byIp === undefined) {
      byIp = new Map();
      this.entries.set(key, byIp);
    }
    const untilUs = nowUs + Math.max(ttlS, 3600) * 1e6;
    const entry = byIp.get(ip);
    if (entry === undefined || entry.untilUs < nowUs) byIp.set(ip, { names: new Set([name]), untilUs });
    else {
      entry.names.add(name);
      entry.untilUs = Math.max(entry.untilUs, untilUs);
    }
  }

  /** Names `pod` knows for `ip`, sorted. */
  namesOf(pod: PodModel, ip: string, nowUs: number): string[] {
    const entry = this.entries.get(`${pod.cluster.name}/${pod.name}`)?.get(ip);
    return entry === undefined || entry.untilUs < nowUs ? [] : [...entry.names].toSorted();
  }
}
