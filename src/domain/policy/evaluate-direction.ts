// Decides one direction of a connection at one endpoint, the way Cilium's policy map does:
//
// 1. Rules whose subject selects the endpoint and that have a section for the direction put it
//    under enforcement; default deny unless every such rule sets enableDefaultDeny: false (then an
//    allow-all is synthesized, as resolvePolicyLocked does).
// 2. Every entry whose peers and ports match the connection becomes a candidate policy-map key.
//    Key precedence is the datapath lookup order: L3-L4, L4-Only, L3-Proto, Proto-Only, L3-Only,
//    all; within one level the narrowest port range wins. That key's rules are "allowed by".
// 3. If any allow entry on the connection's port carries L7 rules, the port has a proxy filter and
//    L3-only / same-port entries without L7 are merged into it with allow-all L7 rules (Cilium's
//    L7 wildcarding): the traffic is redirected, and the proxy lets any request of those peers
//    through. This is why /status/500 passes in the shop lab while allow-all is still applied.
// 4. A matching deny entry wins over any allow (drop reason POLICY_DENY); no allow at all under
//    default deny drops with POLICY_DENIED and match type none.

import { DropReason } from "../../gen/flow/flow_pb.ts";
import type { EvaluateOptionsResolved, Connection } from "./connection.ts";
import type { L7Policy, PeerRule, PolicyRef, PolicyRule, PortKey, Selector } from "./types.ts";
import type { DirectionVerdict, PolicyMatchType } from "./result.ts";
import { PolicyMatchType as Match, flowVerdictOf, policyMatchWord } from "./result.ts";
import { endpointKind, identityLabels, type EndpointModel, type IdentityLabel } from "./endpoint.ts";
import { selectorMatches, withRequirements } from "./selectors.ts";
import { entityMatches } from "./entities.ts";
import { cidrContains, parseIp, type IpAddress } from "./cidr.ts";
import { nameMatches } from "./l7-dns.ts";
import { portKeyCovers, portSpan } from "./ports.ts";

/** An L7 policy that applies to the connection's peer on the redirected port. */
export interface L7Entry {
  readonly policy?: PolicyRef;
  readonly l7: L7Policy | "allow-all";
}

/** A direction's verdict plus what its proxy would need to judge requests. */
export interface DirectionEvaluation {
  readonly verdict: DirectionVerdict;
  readonly l7Entries: readonly L7Entry[];
}

interface PeerContext {
  readonly direction: "ingress" | "egress";
  readonly peer: EndpointModel;
  readonly kind: string;
  readonly labels: readonly IdentityLabel[];
  readonly ip: IpAddress | undefined;
  readonly names: readonly string[];
  readonly cluster: string;
  readonly requires: readonly Selector[];
}

interface Candidate {
  readonly policy?: PolicyRef;
  readonly label: string;
  readonly wildcard: boolean;
  key: PortKey | undefined;
  l7: L7Policy | "allow-all" | undefined;
}

/** Policy match types in datapath lookup order (index = precedence). */
const PRECEDENCE: readonly PolicyMatchType[] = [Match.L3_L4, Match.L4_ONLY, Match.L3_PROTO, Match.PROTO_ONLY, Match.L3_ONLY, Match.ALL];

function rank(candidate: Candidate): number {
  const key = candidate.key;
  const wildcard = candidate.wildcard ? 1 : 0;
  if (key === undefined) return 4 + wildcard;
  const icmp = key.protocol === "ICMP" || key.protocol === "ICMPv6";
  return !icmp && key.port === 0 && key.name === undefined ? 2 + wildcard : wildcard;
}

function span(candidate: Candidate): number {
  return candidate.key === undefined ? Number.MAX_SAFE_INTEGER : portSpan(candidate.key);
}

/** The candidates holding the key the datapath would find first. */
function winners(candidates: readonly Candidate[]): Candidate[] {
  let best: Candidate[] = [];
  let bestRank = Infinity;
  let bestSpan = Infinity;
  for (const candidate of candidates) {
    const r = rank(candidate);
    const s = span(candidate);
    if (r < bestRank || (r === bestRank && s < bestSpan)) {
      best = [candidate];
      bestRank = r;
      bestSpan = s;
    } else if (r === bestRank && s === bestSpan) {
      best.push(candidate);
    }
  }
  return best;
}

function peerMatch(entry: PeerRule, ctx: PeerContext): "specific" | "wildcard" | undefined {
  if (entry.peers === null) return undefined;
  // No peer field: any peer, but only when ports are listed (`{}` alone allows nothing).
  if (entry.peers.length === 0) return entry.ports.length > 0 ? "wildcard" : undefined;
  let result: "wildcard" | undefined;
  for (const peer of entry.peers) {
    switch (peer.kind) {
      case "endpoints":
        if (selectorMatches(withRequirements(peer.selector, ctx.requires), ctx.labels)) return "specific";
        break;
      case "nodes":
        if ((ctx.kind === "host" || ctx.kind === "remote-node") && selectorMatches(peer.selector, ctx.labels)) return "specific";
        break;
      case "entity": {
        const match = entityMatches(peer.entity, ctx.labels, ctx.cluster);
        if (match === true) return "specific";
        if (match === "wildcard") result = "wildcard";
        break;
      }
      case "cidr":
        // CIDR rules only select addresses outside the cluster (world identities).
        if (ctx.kind === "world" && ctx.ip !== undefined && cidrContains(peer.cidr, ctx.ip) && !peer.except.some((c) => cidrContains(c, ctx.ip as IpAddress))) {
          return "specific";
        }
        break;
      case "fqdn":
        // Only IPs the DNS proxy saw in an answer for a matching name are selected.
        if (ctx.direction === "egress" && ctx.kind === "world" && ctx.names.some((name) => nameMatches(peer.name, name))) return "specific";
        break;
      case "unsupported":
        break;
    }
  }
  return result;
}

function entriesOf(rule: PolicyRule, direction: "ingress" | "egress"): readonly PeerRule[] {
  return direction === "ingress" ? rule.ingress : rule.egress;
}

function subjectSelected(rule: PolicyRule, kind: string, labels: readonly IdentityLabel[]): boolean {
  if (kind === "pod") return !rule.subject.node && selectorMatches(rule.subject.selector, labels);
  return kind === "host" && rule.subject.node && selectorMatches(rule.subject.selector, labels);
}

const uniquePolicies = (candidates: readonly Candidate[]): PolicyRef[] => {
  const seen = new Map<string, PolicyRef>();
  for (const { policy } of candidates) if (policy !== undefined) seen.set(`${policy.kind}/${policy.namespace}/${policy.name}`, policy);
  return [...seen.values()];
};

function notEnforced(direction: "ingress" | "egress"): DirectionEvaluation {
  const verdict: DirectionVerdict = {
    direction,
    enforced: false,
    verdict: "allowed",
    flowVerdict: flowVerdictOf("allowed", false),
    matchType: Match.NONE,
    matchWord: policyMatchWord(Match.NONE),
    allowedBy: [],
    deniedBy: [],
    matchedRules: [],
  };
  return { verdict, l7Entries: [] };
}

/** Evaluates egress at the source (`egress`) or ingress at the destination (`ingress`). */
export function evaluateDirection(
  rules: readonly PolicyRule[],
  connection: Connection,
  direction: "ingress" | "egress",
  options: EvaluateOptionsResolved,
): DirectionEvaluation {
  const subject = direction === "egress" ? connection.source : connection.destination;
  const peer = direction === "egress" ? connection.destination : connection.source;
  const subjectKind = endpointKind(subject);
  if (options.enforcementMode === "never" || (subjectKind !== "pod" && subjectKind !== "host")) return notEnforced(direction);
  const subjectLabels = identityLabels(subject, options.clusterName);
  const selected = rules.filter((rule) => (direction === "ingress" ? rule.hasIngress : rule.hasEgress) && subjectSelected(rule, subjectKind, subjectLabels));
  const always = options.enforcementMode === "always";
  if (selected.length === 0 && !always) return notEnforced(direction);
  const defaultDeny = always || selected.some((rule) => (direction === "ingress" ? rule.defaultDenyIngress : rule.defaultDenyEgress));

  const peerIpText = direction === "egress" ? (connection.destinationIp ?? peer.ips?.[0]) : (connection.sourceIp ?? peer.ips?.[0]);
  const ctx: PeerContext = {
    direction,
    peer,
    kind: endpointKind(peer),
    labels: identityLabels(peer, options.clusterName),
    ip: peerIpText === undefined ? undefined : parseIp(peerIpText),
    names: connection.destinationNames ?? [],
    cluster: options.clusterName,
    requires: selected.flatMap((rule) => (direction === "ingress" ? rule.ingressRequires : rule.egressRequires)),
  };
  const icmp = connection.protocol === "ICMP" || connection.protocol === "ICMPv6";
  const port = icmp ? (connection.icmpType ?? 0) : (connection.port ?? 0);
  const namedPorts = connection.destination.namedPorts;

  const allow: Candidate[] = [];
  const deny: Candidate[] = [];
  let filter: PortKey | undefined;
  for (const rule of selected) {
    for (const entry of entriesOf(rule, direction)) {
      const covering = entry.ports.length === 0 ? [undefined] : entry.ports.filter((key) => portKeyCovers(key, connection.protocol, port, namedPorts));
      if (covering.length === 0) continue;
      // A proxy filter exists on the port whatever peer its rule names.
      filter ??= entry.deny || entry.peers === null ? undefined : covering.find((key) => key?.l7 !== undefined);
      const match = peerMatch(entry, ctx);
      if (match === undefined) continue;
      const label = `${rule.policy.namespace === "" ? "" : `${rule.policy.namespace}/`}${rule.policy.name} ${entry.path}`;
      for (const key of covering) {
        (entry.deny ? deny : allow).push({ policy: rule.policy, label, wildcard: match === "wildcard", key, l7: key?.l7 });
      }
    }
  }
  if (direction === "ingress" && ctx.kind === "host" && options.allowLocalhost) {
    allow.push({ label: "allow-localhost", wildcard: false, key: undefined, l7: undefined });
  }
  if (!defaultDeny) allow.push({ label: "enableDefaultDeny: false (allow-all)", wildcard: true, key: undefined, l7: undefined });

  if (filter !== undefined) {
    const f = filter;
    for (const candidate of allow) {
      const key = candidate.key;
      if (candidate.l7 !== undefined) continue;
      const merges =
        key === undefined ||
        (key.protocol === f.protocol && key.name === undefined && key.port === 0) ||
        (key.protocol === f.protocol && key.name === f.name && key.port === f.port && key.endPort === f.endPort);
      if (merges) {
        candidate.key = f;
        candidate.l7 = "allow-all";
      }
    }
  }
  return decide(direction, allow, deny, options.auditMode);
}

function decide(direction: "ingress" | "egress", allow: Candidate[], deny: Candidate[], auditMode: boolean): DirectionEvaluation {
  const denied = winners(deny);
  const allowed = denied.length > 0 ? [] : winners(allow);
  const decisive = denied.length > 0 ? denied : allowed;
  const matchType = decisive.length > 0 ? (PRECEDENCE[rank(decisive[0] as Candidate)] ?? Match.NONE) : Match.NONE;
  const isDenied = denied.length > 0 || allowed.length === 0;
  const traffic = isDenied ? (auditMode ? "audit" : "denied") : "allowed";
  const proxy = allowed.find((candidate) => candidate.key?.l7 !== undefined)?.key?.l7?.parser;
  const verdict: DirectionVerdict = {
    direction,
    enforced: true,
    verdict: traffic,
    flowVerdict: flowVerdictOf(traffic, proxy !== undefined),
    matchType,
    matchWord: policyMatchWord(matchType),
    dropReason: traffic !== "denied" ? undefined : denied.length > 0 ? DropReason.POLICY_DENY : DropReason.POLICY_DENIED,
    proxy: isDenied ? undefined : proxy,
    allowedBy: uniquePolicies(allowed),
    deniedBy: uniquePolicies(denied),
    matchedRules: decisive.map((candidate) => candidate.label),
  };
  // Every merged entry on the redirected port is a per-peer proxy policy (their union applies).
  const l7Entries = proxy === undefined || isDenied ? [] : allow.flatMap((c) => (c.l7 === undefined || c.key?.l7?.parser !== proxy ? [] : [{ policy: c.policy, l7: c.l7 }]));
  return { verdict, l7Entries };
}
