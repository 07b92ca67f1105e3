// One TCP connection as Cilium and Hubble report it: policy verdicts at egress (client's node)
// and ingress (server's node) on the first packet, drops with SYN retransmits while policy
// denies, the handshake and exchange as trace events, and, when policy redirects port traffic to
// Envoy, the proxy's http-request / http-response records (an L7 deny is an http-request
// DROPPED followed by Envoy's own 403 response). Replies pass by connection tracking and get no
// verdict of their own.
import { DropReason, Verdict, type Flow } from "../../../src/gen/flow/flow_pb.ts";
import { evaluateConnection } from "../../../src/domain/policy/evaluate.ts";
import type { ConnectionVerdict } from "../../../src/domain/policy/result.ts";
import type { Packet, Peer, TcpFlag } from "./flow-factory.ts";
import { answerHttp, headers, httpDate } from "./http-server.ts";
import { peerOf, type Destination, type SynthContext } from "./synth-context.ts";
import type { ClusterModel, PodModel } from "./topology.ts";
import { CtState, type End } from "./wire.ts";

/** What the client sends once connected. */
export type TcpPayload = { readonly kind: "http"; readonly method: string; readonly authority: string; readonly path: string; readonly userAgent: string } | { readonly kind: "opaque" };

export interface TcpSessionRequest {
  readonly cluster: ClusterModel;
  readonly client: PodModel;
  readonly destination: Destination;
  /** Destination port after socket-LB translation. */
  readonly port: number;
  readonly startUs: number;
  readonly timeoutMs: number;
  readonly payload: TcpPayload;
}

export interface TcpSessionResult {
  readonly endUs: number;
  readonly connected: boolean;
  /** HTTP status the client got (0: none). */
  readonly status: number;
}

/** Linux SYN retransmission times (initial RTO 1 s, doubling). */
const SYN_RETRIES_MS = [0, 1000, 3000, 7000, 15000, 31000, 63000];

interface Session {
  readonly ctx: SynthContext;
  readonly req: TcpSessionRequest;
  readonly verdict: ConnectionVerdict;
  readonly fwd: (flags: TcpFlag[] | undefined) => Packet;
  readonly rev: (flags: TcpFlag[] | undefined) => Packet;
  readonly clientEnd: End;
  readonly serverEnd: End;
  readonly ct: CtState;
}

function emit(ctx: SynthContext, us: number, flow: Flow): void {
  ctx.emit(us, flow);
}

function listening(ctx: SynthContext, destination: Destination, port: number): boolean {
  if (destination.kind === "pod") return destination.pod.ports.length === 0 || destination.pod.ports.some((p) => p.port === port && p.protocol === "TCP");
  const ports = ctx.topology.externalByIp.get(destination.ip)?.spec.ports ?? [];
  return ports.length === 0 || ports.includes(port);
}

function serverHttp(ctx: SynthContext, destination: Destination) {
  return destination.kind === "pod" ? destination.pod.http : ctx.topology.externalByIp.get(destination.ip)?.spec.http;
}

/** Synthesizes the connection's flows into `ctx.emit`; returns when the client is done. */
export function tcpSession(ctx: SynthContext, req: TcpSessionRequest): TcpSessionResult {
  const { client, destination, port } = req;
  const srcPort = ctx.ephemeralPort();
  const names = destination.kind === "world" ? ctx.names.namesOf(client, destination.ip, req.startUs) : [];
  const server = peerOf(destination);
  const clientPeer: Peer = { kind: "pod", pod: client };
  const dstIp = destination.kind === "pod" ? destination.pod.ip : destination.ip;
  const http = req.payload.kind === "http" ? req.payload : undefined;
  const { set } = ctx.policy(req.cluster);
  const verdict = evaluateConnection(
    set,
    { source: client.model, destination: destination.kind === "pod" ? destination.pod.model : destination.model, protocol: "TCP", port, destinationNames: names },
    http === undefined ? undefined : { kind: "http", method: http.method, path: http.path, host: http.authority },
    { clusterName: req.cluster.name },
  );
  const s: Session = {
    ctx,
    req,
    verdict,
    fwd: (flags) => ({ src: clientPeer, dst: server, srcIp: client.ip, dstIp, proto: "TCP", srcPort, dstPort: port, isReply: false, dstNames: names, ...(flags === undefined ? {} : { flags }) }),
    rev: (flags) => ({ src: server, dst: clientPeer, srcIp: dstIp, dstIp: client.ip, proto: "TCP", srcPort: port, dstPort: srcPort, isReply: true, srcNames: names, ...(flags === undefined ? {} : { flags }) }),
    clientEnd: { kind: "pod", pod: client, role: "client" },
    serverEnd: destination.kind === "pod" ? { kind: "pod", pod: destination.pod, role: "server" } : { kind: "world" },
    ct: new CtState(),
  };
  // Envoy sits on the node whose policy redirected the port: the client's (egress) or the server's (ingress).
  const proxySide = http === undefined ? undefined : verdict.egress.proxy === "http" ? "egress" : verdict.ingress.proxy === "http" && destination.kind === "pod" ? "ingress" : undefined;
  const proxyEnd: End | undefined =
    proxySide === "egress" ? { kind: "proxy", node: client.node, role: "client" } : proxySide === "ingress" && destination.kind === "pod" ? { kind: "proxy", node: destination.pod.node, role: "server" } : undefined;
  const arrived = handshakeStart(s, proxySide === "egress" ? proxyEnd : undefined, proxySide === "ingress" ? proxyEnd : undefined);
  if (arrived === undefined) return { endUs: req.startUs + req.timeoutMs * 1000, connected: false, status: 0 };
  const peerEnd = proxyEnd ?? s.serverEnd;
  const { wire, rng } = ctx;
  if (proxyEnd === undefined && !listening(ctx, destination, port)) {
    const end = wire.send(arrived + 20, s.rev(["RST", "ACK"]), peerEnd, s.clientEnd, s.ct, "rev", "reply");
    return { endUs: end, connected: false, status: 0 };
  }
  let t = wire.send(arrived + rng.int(10, 40), s.rev(["SYN", "ACK"]), peerEnd, s.clientEnd, s.ct, "rev", "reply");
  t = wire.send(t + rng.int(5, 20), s.fwd(["ACK"]), s.clientEnd, peerEnd, s.ct, "fwd", "established");
  t = wire.send(t + rng.int(20, 60), s.fwd(["PSH", "ACK"]), s.clientEnd, peerEnd, s.ct, "fwd", "established");
  let status = 0;
  if (proxyEnd !== undefined && http !== undefined && proxySide !== undefined) {
    ({ t, status } = proxiedHttp(s, http, proxyEnd, proxySide, t));
  } else {
    const reply = http === undefined ? undefined : answerHttp(serverHttp(ctx, destination), http.method, http.path, http.authority, rng.float);
    t = wire.send(t + Math.round((reply?.latencyMs ?? 1 + 4 * rng.float()) * 1000), s.rev(["PSH", "ACK"]), peerEnd, s.clientEnd, s.ct, "rev", "reply");
    status = reply?.status ?? 0;
  }
  t = wire.send(t + rng.int(50, 200), s.fwd(["FIN", "ACK"]), s.clientEnd, peerEnd, s.ct, "fwd", "established");
  t = wire.send(t + rng.int(10, 40), s.rev(["FIN", "ACK"]), peerEnd, s.clientEnd, s.ct, "rev", "reply");
  wire.send(t + rng.int(5, 20), s.fwd(["ACK"]), s.clientEnd, peerEnd, s.ct, "fwd", "established");
  return { endUs: t, connected: true, status };
}

/**
 * SYN attempts until policy lets one through or the client gives up. Egress is judged at the
 * client's node until a conntrack entry exists there; ingress at the server's node on every
 * attempt it denies. Returns the time the SYN reached whatever accepts it.
 */
function handshakeStart(s: Session, egressProxy: End | undefined, ingressProxy: End | undefined): number | undefined {
  const { ctx, req, verdict } = s;
  const clientNode = req.client.node;
  const serverNode = req.destination.kind === "pod" ? req.destination.pod.node : undefined;
  const { revisionOf } = ctx.policy(req.cluster);
  let egressOpen = false;
  for (const offsetMs of SYN_RETRIES_MS) {
    if (offsetMs > req.timeoutMs) break;
    const t = req.startUs + offsetMs * 1000;
    const syn = s.fwd(["SYN"]);
    if (!egressOpen) {
      if (verdict.egress.enforced) emit(ctx, t, ctx.factory.policyVerdict(clientNode, t, syn, verdict.egress, ctx.proxyPort(clientNode, "http"), revisionOf));
      if (verdict.egress.verdict === "denied") {
        emit(ctx, t + 2, ctx.factory.drop(clientNode, t + 2, syn, verdict.egress.dropReason ?? DropReason.POLICY_DENIED, "egress"));
        continue;
      }
      egressOpen = true;
    }
    if (egressProxy !== undefined) return ctx.wire.send(t + 5, syn, s.clientEnd, egressProxy, s.ct, "fwd", "new");
    const arrival = ctx.wire.leave(t + 5, syn, s.clientEnd, s.serverEnd, s.ct, "fwd", "new");
    if (serverNode !== undefined) {
      if (verdict.ingress.enforced) emit(ctx, arrival, ctx.factory.policyVerdict(serverNode, arrival, syn, verdict.ingress, ctx.proxyPort(serverNode, "http"), revisionOf));
      if (verdict.ingress.verdict === "denied") {
        emit(ctx, arrival + 2, ctx.factory.drop(serverNode, arrival + 2, syn, verdict.ingress.dropReason ?? DropReason.POLICY_DENIED, "ingress"));
        continue;
      }
    }
    ctx.wire.arrive(arrival, syn, s.clientEnd, ingressProxy ?? s.serverEnd, s.ct, "fwd", "new");
    return arrival;
  }
  return undefined;
}

/**
 * Envoy's side of an HTTP exchange: the request record, then either its own 403 (L7 deny) or
 * an upstream connection to the server, keeping the client's address, and the response record.
 */
function proxiedHttp(s: Session, http: Extract<TcpPayload, { kind: "http" }>, proxyEnd: End & { kind: "proxy" }, side: "ingress" | "egress", arrivedUs: number): { t: number; status: number } {
  const { ctx, verdict, req } = s;
  const { wire, rng, factory } = ctx;
  const node = proxyEnd.node;
  const tReq = arrivedUs + rng.int(40, 120);
  const requestId = rng.uuid();
  const url = `http://${http.authority}${http.path}`;
  const record = (code: number, headerList: ReturnType<typeof headers>) => ({ case: "http" as const, value: { $typeName: "flow.HTTP" as const, code, method: http.method, url, protocol: "HTTP/1.1", headers: headerList } });
  const allowed = verdict.l7 === undefined || verdict.l7.verdict === "allowed";
  emit(ctx, tReq, factory.l7(node, tReq, s.fwd(undefined), allowed ? Verdict.FORWARDED : Verdict.DROPPED, side, record(0, headers({ ":scheme": "http", Accept: "*/*", "User-Agent": http.userAgent, "X-Request-Id": requestId }))));
  let code: number;
  let tResp: number;
  let responseHeaders: ReturnType<typeof headers>;
  if (!allowed) {
    code = verdict.l7?.httpStatus ?? 403;
    tResp = tReq + rng.int(80, 300);
    responseHeaders = headers({ "Content-Length": "15", "Content-Type": "text/plain", Date: httpDate(tResp), Server: "envoy", "X-Request-Id": requestId });
  } else {
    const up = new CtState();
    let u = tReq + rng.int(30, 90);
    const serverNode = req.destination.kind === "pod" ? req.destination.pod.node : undefined;
    if (side === "egress" && serverNode !== undefined && verdict.ingress.enforced) {
      // Behind an egress proxy the server's ingress policy judges Envoy's upstream connection.
      emit(ctx, u + 200, factory.policyVerdict(serverNode, u + 200, s.fwd(["SYN"]), verdict.ingress, ctx.proxyPort(serverNode, "http"), ctx.policy(req.cluster).revisionOf));
    }
    if (side === "egress" && verdict.ingress.verdict === "denied" && serverNode !== undefined) {
      emit(ctx, u + 202, factory.drop(serverNode, u + 202, s.fwd(["SYN"]), verdict.ingress.dropReason ?? DropReason.POLICY_DENIED, "ingress"));
      code = 503;
      tResp = u + 1_000_000;
      responseHeaders = headers({ "Content-Length": "91", "Content-Type": "text/plain", Date: httpDate(tResp), Server: "envoy", "X-Request-Id": requestId });
    } else {
      u = wire.send(u, s.fwd(["SYN"]), proxyEnd, s.serverEnd, up, "fwd", "new");
      u = wire.send(u + rng.int(10, 40), s.rev(["SYN", "ACK"]), s.serverEnd, proxyEnd, up, "rev", "reply");
      u = wire.send(u + rng.int(5, 20), s.fwd(["ACK"]), proxyEnd, s.serverEnd, up, "fwd", "established");
      u = wire.send(u + rng.int(10, 30), s.fwd(["PSH", "ACK"]), proxyEnd, s.serverEnd, up, "fwd", "established");
      const reply = answerHttp(serverHttp(ctx, req.destination), http.method, http.path, http.authority, rng.float);
      u = wire.send(u + Math.round(reply.latencyMs * 1000), s.rev(["PSH", "ACK"]), s.serverEnd, proxyEnd, up, "rev", "reply");
      code = reply.status;
      tResp = u + rng.int(30, 80);
      const serverName = serverHttp(ctx, req.destination)?.server ?? "";
      responseHeaders = headers({
        "Content-Length": String(new TextEncoder().encode(reply.body).length),
        "Content-Type": reply.contentType,
        Date: httpDate(tResp),
        ...(serverName === "" ? {} : { Server: serverName }),
        "X-Envoy-Upstream-Service-Time": String(Math.max(1, Math.round(reply.latencyMs))),
        "X-Request-Id": requestId,
      });
      const f = wire.send(tResp + rng.int(40, 120), s.fwd(["FIN", "ACK"]), proxyEnd, s.serverEnd, up, "fwd", "established");
      wire.send(f + rng.int(10, 40), s.rev(["FIN", "ACK"]), s.serverEnd, proxyEnd, up, "rev", "reply");
    }
  }
  emit(ctx, tResp, factory.l7(node, tResp, s.rev(undefined), Verdict.FORWARDED, side, record(code, responseHeaders), BigInt(tResp - tReq) * 1000n));
  const t = wire.send(tResp + rng.int(10, 30), s.rev(["PSH", "ACK"]), proxyEnd, s.clientEnd, s.ct, "rev", "reply");
  return { t, status: code };
}
