// Name resolution through the cluster DNS service (kube-dns), one UDP query per record type, as
// Hubble reports it. Without an L7 DNS rule the queries are plain UDP flows (policy verdict at
// egress, traces). With one (`rules.dns`), the egress verdict is REDIRECTED to the node's DNS
// proxy, which logs dns-request / dns-response records (observation_source "proxy"), forwards
// the query upstream keeping the pod's address, and teaches the endpoint the answered names.
import { DropReason, Verdict } from "../../../src/gen/flow/flow_pb.ts";
import { evaluateConnection } from "../../../src/domain/policy/evaluate.ts";
import type { Packet, Peer } from "./flow-factory.ts";
import type { SynthContext } from "./synth-context.ts";
import type { ClusterModel, PodModel } from "./topology.ts";
import { CtState, type End } from "./wire.ts";

export interface LookupRequest {
  readonly cluster: ClusterModel;
  readonly client: PodModel;
  /** Name without the trailing dot. */
  readonly name: string;
  readonly types: readonly ("A" | "AAAA")[];
  /** getaddrinfo sends all types from one socket; nslookup opens one per query. */
  readonly oneSocket: boolean;
  readonly startUs: number;
  readonly timeoutMs: number;
}

export interface LookupResult {
  readonly endUs: number;
  /** IPv4 answers (A) first, then IPv6; empty when the name did not resolve. */
  readonly ips: readonly string[];
}

interface Answer {
  readonly ips: readonly string[];
  readonly ttl: number;
  readonly rcode: number;
}

/** What kube-dns answers: service names from the cluster, external hosts from the scenario, else NXDOMAIN. */
export function answerDns(ctx: SynthContext, cluster: ClusterModel, name: string, type: "A" | "AAAA"): Answer {
  const lower = name.toLowerCase().replace(/\.$/, "");
  const suffix = `.svc.${ctx.dns.domain}`;
  if (lower.endsWith(suffix)) {
    const service = cluster.servicesByName.get(lower.slice(0, -suffix.length));
    if (service === undefined) return { ips: [], ttl: ctx.dns.ttl, rcode: 3 };
    return { ips: type === "A" ? [service.ip] : [], ttl: ctx.dns.ttl, rcode: 0 };
  }
  const external = ctx.topology.externalByName.get(lower);
  if (external === undefined) return { ips: [], ttl: 30, rcode: 3 };
  return { ips: type === "A" ? external.spec.ips : external.spec.ipv6, ttl: external.spec.ttl, rcode: 0 };
}

/** Synthesizes the lookup's flows; returns the answers the client got. */
export function dnsLookup(ctx: SynthContext, req: LookupRequest): LookupResult {
  const service = req.cluster.dnsService;
  const port53 = service?.spec.ports.find((p) => p.port === 53 && p.protocol === "UDP");
  if (service === undefined || port53 === undefined || service.backends.length === 0) return { endUs: req.startUs + req.timeoutMs * 1000, ips: [] };
  const { factory, wire, rng } = ctx;
  const client = req.client;
  const node = client.node;
  const { set, revisionOf } = ctx.policy(req.cluster);
  const query = `${req.name.toLowerCase().replace(/\.$/, "")}.`;
  const ips: string[] = [];
  let t = req.startUs;
  let socket: { port: number; server: PodModel; open: boolean } | undefined;
  for (const type of req.types) {
    if (socket === undefined || !req.oneSocket) {
      socket = { port: ctx.ephemeralPort(), server: rng.pick(service.backends), open: false };
      if (ctx.settings.socketLbTracing) for (const flow of factory.sock(node, t, client, service, socket.server, "UDP", 53, port53.targetPort, BigInt(rng.u32()))) ctx.emit(t, flow);
      t += rng.int(3, 10);
    }
    const server = socket.server;
    const clientPeer: Peer = { kind: "pod", pod: client };
    const serverPeer: Peer = { kind: "pod", pod: server };
    const out: Packet = { src: clientPeer, dst: serverPeer, srcIp: client.ip, dstIp: server.ip, proto: "UDP", srcPort: socket.port, dstPort: port53.targetPort, isReply: false };
    const back: Packet = { src: serverPeer, dst: clientPeer, srcIp: server.ip, dstIp: client.ip, proto: "UDP", srcPort: port53.targetPort, dstPort: socket.port, isReply: true };
    const clientEnd: End = { kind: "pod", pod: client, role: "client" };
    const serverEnd: End = { kind: "pod", pod: server, role: "server" };
    const verdict = evaluateConnection(set, { source: client.model, destination: server.model, protocol: "UDP", port: port53.targetPort }, { kind: "dns", query }, { clusterName: req.cluster.name });
    if (!socket.open && verdict.egress.enforced) ctx.emit(t, factory.policyVerdict(node, t, out, verdict.egress, ctx.proxyPort(node, "dns"), revisionOf));
    if (verdict.egress.verdict === "denied") {
      ctx.emit(t + 2, factory.drop(node, t + 2, out, verdict.egress.dropReason ?? DropReason.POLICY_DENIED, "egress"));
      // The resolver waits for its timeout (5 s by default) and gives up on this type.
      t += Math.min(5000, req.timeoutMs) * 1000;
      continue;
    }
    socket.open = true;
    const ct = new CtState();
    const answer = answerDns(ctx, req.cluster, query, type);
    if (verdict.egress.proxy === "dns") {
      const proxy: End = { kind: "proxy", node, role: "client" };
      let u = wire.send(t + 5, out, clientEnd, proxy, ct, "fwd", "new");
      u += rng.int(30, 90);
      const allowed = verdict.l7 === undefined || verdict.l7.verdict === "allowed";
      const record = (ttl: number, rcode: number, answered: readonly string[]) => ({
        case: "dns" as const,
        value: { $typeName: "flow.DNS" as const, query, ips: [...answered], ttl, cnames: [], observationSource: "proxy", rcode, qtypes: [type], rrtypes: answered.map(() => type) },
      });
      ctx.emit(u, factory.l7(node, u, out, allowed ? Verdict.FORWARDED : Verdict.DROPPED, "egress", record(0, 0, [])));
      if (!allowed) {
        // The proxy refuses the query itself.
        t = wire.send(u + rng.int(20, 60), back, proxy, clientEnd, ct, "rev", "reply");
        continue;
      }
      const up = new CtState();
      u = wire.send(u + rng.int(10, 40), out, proxy, serverEnd, up, "fwd", "new");
      u = wire.send(u + rng.int(60, 400), back, serverEnd, proxy, up, "rev", "reply");
      u += rng.int(20, 60);
      // The proxy reports an empty answer with TTL 2^32-1 (no record to take a TTL from).
      ctx.emit(u, factory.l7(node, u, back, Verdict.FORWARDED, "egress", record(answer.ips.length === 0 ? 4294967295 : answer.ttl, answer.rcode, answer.ips)));
      for (const ip of answer.ips) ctx.names.learn(client, ip, req.name.toLowerCase().replace(/\.$/, ""), answer.ttl, u);
      t = wire.send(u + rng.int(10, 30), back, proxy, clientEnd, ct, "rev", "reply");
    } else {
      const arrival = wire.leave(t + 5, out, clientEnd, serverEnd, ct, "fwd", "new");
      if (verdict.ingress.enforced) ctx.emit(arrival, factory.policyVerdict(server.node, arrival, out, verdict.ingress, ctx.proxyPort(server.node, "dns"), revisionOf));
      if (verdict.ingress.verdict === "denied") {
        ctx.emit(arrival + 2, factory.drop(server.node, arrival + 2, out, verdict.ingress.dropReason ?? DropReason.POLICY_DENIED, "ingress"));
        t += Math.min(5000, req.timeoutMs) * 1000;
        continue;
      }
      wire.arrive(arrival, out, clientEnd, serverEnd, ct, "fwd", "new");
      t = wire.send(arrival + rng.int(60, 400), back, serverEnd, clientEnd, ct, "rev", "reply");
    }
    ips.push(...answer.ips);
    t += rng.int(100, 600);
  }
  return { endUs: t, ips };
}
