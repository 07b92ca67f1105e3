// What a traffic generator does each time it fires, from the client pod's point of view: resolve
// the host through kube-dns (when it is a name), let socket-LB translate a service VIP to one
// backend, then connect (curl), query (nslookup) or ping.
import { DropReason } from "../../../src/gen/flow/flow_pb.ts";
import { parseIp } from "../../../src/domain/policy/cidr.ts";
import { evaluateConnection } from "../../../src/domain/policy/evaluate.ts";
import { dnsLookup } from "./dns-lookup.ts";
import type { Packet, Peer } from "./flow-factory.ts";
import type { TrafficSpec } from "./scenario-types.ts";
import { peerOf, worldModel, type Destination, type SynthContext } from "./synth-context.ts";
import { tcpSession, type TcpPayload } from "./tcp-session.ts";
import type { ClusterModel, PodModel } from "./topology.ts";
import { CtState, type End } from "./wire.ts";

/** The host's first IPv4 address: the IP itself, or the lookup's first A answer. */
function resolveHost(ctx: SynthContext, cluster: ClusterModel, client: PodModel, host: string, startUs: number, timeoutMs: number): { ip?: string; t: number } {
  if (parseIp(host) !== undefined) return { ip: host, t: startUs };
  const result = dnsLookup(ctx, { cluster, client, name: host, types: ["A", "AAAA"], oneSocket: true, startUs, timeoutMs });
  const ip = result.ips.find((candidate) => parseIp(candidate)?.family === 4);
  return { ...(ip === undefined ? {} : { ip }), t: result.endUs + ctx.rng.int(50, 300) };
}

/**
 * Where a connection to ip:port really goes. A service VIP is translated by socket-LB at
 * connect() to one backend (with trace-sock events when enabled); pods are themselves;
 * anything else is world.
 */
function translate(ctx: SynthContext, cluster: ClusterModel, client: PodModel, ip: string, port: number, proto: "TCP" | "UDP", us: number): { destination: Destination; port: number } {
  const service = cluster.servicesByIp.get(ip);
  const servicePort = service?.spec.ports.find((p) => p.port === port && p.protocol === proto);
  if (service !== undefined && servicePort !== undefined && service.backends.length > 0) {
    const backend = ctx.rng.pick(service.backends);
    if (ctx.settings.socketLbTracing) for (const flow of ctx.factory.sock(client.node, us, client, service, backend, proto, port, servicePort.targetPort, BigInt(ctx.rng.u32()))) ctx.emit(us, flow);
    return { destination: { kind: "pod", pod: backend }, port: servicePort.targetPort };
  }
  const pod = cluster.podsByIp.get(ip);
  if (pod !== undefined) return { destination: { kind: "pod", pod }, port };
  return { destination: { kind: "world", ip, model: worldModel(ctx.topology, ip) }, port };
}

/** `ping -c count`: ICMP echo requests one second apart, each answered unless policy drops it. */
function ping(ctx: SynthContext, cluster: ClusterModel, client: PodModel, destination: Destination, count: number, startUs: number): void {
  const { factory, wire, rng } = ctx;
  const { set, revisionOf } = ctx.policy(cluster);
  const dstIp = destination.kind === "pod" ? destination.pod.ip : destination.ip;
  const verdict = evaluateConnection(set, { source: client.model, destination: destination.kind === "pod" ? destination.pod.model : destination.model, protocol: "ICMP", icmpType: 8 }, undefined, { clusterName: cluster.name });
  const clientPeer: Peer = { kind: "pod", pod: client };
  const serverPeer = peerOf(destination);
  const clientEnd: End = { kind: "pod", pod: client, role: "client" };
  const serverEnd: End = destination.kind === "pod" ? { kind: "pod", pod: destination.pod, role: "server" } : { kind: "world" };
  const serverNode = destination.kind === "pod" ? destination.pod.node : undefined;
  const ct = new CtState();
  let egressOpen = false;
  let ingressOpen = false;
  for (let i = 0; i < count; i++) {
    const t = startUs + i * 1_000_000 + rng.int(0, 2000);
    const request: Packet = { src: clientPeer, dst: serverPeer, srcIp: client.ip, dstIp, proto: "ICMPv4", srcPort: 0, dstPort: 0, icmpType: 8, isReply: false };
    if (!egressOpen) {
      if (verdict.egress.enforced) ctx.emit(t, factory.policyVerdict(client.node, t, request, verdict.egress, 0, revisionOf));
      if (verdict.egress.verdict === "denied") {
        ctx.emit(t + 2, factory.drop(client.node, t + 2, request, verdict.egress.dropReason ?? DropReason.POLICY_DENIED, "egress"));
        continue;
      }
      egressOpen = true;
    }
    const arrival = wire.leave(t + 5, request, clientEnd, serverEnd, ct, "fwd", i === 0 ? "new" : "established");
    if (serverNode !== undefined && !ingressOpen) {
      if (verdict.ingress.enforced) ctx.emit(arrival, factory.policyVerdict(serverNode, arrival, request, verdict.ingress, 0, revisionOf));
      if (verdict.ingress.verdict === "denied") {
        ctx.emit(arrival + 2, factory.drop(serverNode, arrival + 2, request, verdict.ingress.dropReason ?? DropReason.POLICY_DENIED, "ingress"));
        continue;
      }
      ingressOpen = true;
    }
    wire.arrive(arrival, request, clientEnd, serverEnd, ct, "fwd", i === 0 ? "new" : "established");
    const reply: Packet = { ...request, src: serverPeer, dst: clientPeer, srcIp: dstIp, dstIp: client.ip, icmpType: 0, isReply: true };
    wire.send(arrival + rng.int(10, 60), reply, serverEnd, clientEnd, ct, "rev", "reply");
  }
}

/** Runs one firing of a generator in `cluster` from `client`, starting at `us`. */
export function runTraffic(ctx: SynthContext, spec: TrafficSpec, cluster: ClusterModel, client: PodModel, us: number): void {
  const action = spec.action;
  switch (action.kind) {
    case "dns":
      dnsLookup(ctx, { cluster, client, name: action.query, types: action.types, oneSocket: false, startUs: us, timeoutMs: spec.timeoutMs });
      return;
    case "http":
    case "tcp": {
      const host = action.kind === "http" ? action.url.host : action.host;
      const port = action.kind === "http" ? action.url.port : action.port;
      const resolved = resolveHost(ctx, cluster, client, host, us, spec.timeoutMs);
      if (resolved.ip === undefined) return;
      const remainingMs = Math.max(1, spec.timeoutMs - (resolved.t - us) / 1000);
      const target = translate(ctx, cluster, client, resolved.ip, port, "TCP", resolved.t);
      const payload: TcpPayload =
        action.kind === "http" && action.url.scheme === "http" ? { kind: "http", method: action.method, authority: action.url.authority, path: action.url.path, userAgent: action.userAgent } : { kind: "opaque" };
      tcpSession(ctx, { cluster, client, destination: target.destination, port: target.port, startUs: resolved.t + ctx.rng.int(20, 80), timeoutMs: remainingMs, payload });
      return;
    }
    case "ping": {
      const resolved = resolveHost(ctx, cluster, client, action.host, us, spec.timeoutMs);
      if (resolved.ip === undefined) return;
      // ClusterIPs do not answer ICMP: socket-LB only translates TCP and UDP.
      const pod = cluster.podsByIp.get(resolved.ip);
      const destination: Destination = pod !== undefined ? { kind: "pod", pod } : { kind: "world", ip: resolved.ip, model: worldModel(ctx.topology, resolved.ip) };
      ping(ctx, cluster, client, destination, action.count, resolved.t);
      return;
    }
  }
}
