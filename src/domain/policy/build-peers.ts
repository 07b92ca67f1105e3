// Builds the L3 part of an ingress/egress entry: which peers it is about. Mirrors Cilium's
// `mergeEndpointSelectors` (pkg/policy/utils): only one peer field per entry, an empty list
// selects nothing, and an absent peer field means "any peer" once ports are given.

import type { PathSegment, Reporter } from "./diagnostics.ts";
import type { Peer, Selector } from "./types.ts";
import { isRecord } from "./lint.ts";
import { compileSelector, scopePeer } from "./selectors.ts";
import { cidrCovers, parseCidr, type Cidr } from "./cidr.ts";
import { compileMatchName, compileMatchPattern } from "./l7-dns.ts";
import { isEntityName } from "./entities.ts";

/** Peer fields of ingress entries, in the order Cilium lists them. */
export const INGRESS_PEER_FIELDS = ["fromEndpoints", "fromNodes", "fromEntities", "fromCIDR", "fromCIDRSet", "fromGroups"] as const;
/** Peer fields of egress entries. */
export const EGRESS_PEER_FIELDS = [
  "toEndpoints",
  "toNodes",
  "toEntities",
  "toCIDR",
  "toCIDRSet",
  "toFQDNs",
  "toServices",
  "toGroups",
] as const;

/** What peer building needs to know. */
export interface PeerContext {
  /** Policy namespace; empty for a clusterwide policy. */
  readonly namespace: string;
  readonly report: Reporter;
}

function cidrOrReport(text: unknown, path: readonly PathSegment[], report: Reporter): Cidr | undefined {
  if (typeof text !== "string") return undefined;
  const cidr = parseCidr(text);
  if (cidr === undefined) report(path, "error", `${JSON.stringify(text)} is not a CIDR (address/prefix, e.g. 10.0.0.0/8 or 2001:db8::/32)`);
  return cidr;
}

function cidrSetPeer(item: Record<string, unknown>, path: readonly PathSegment[], report: Reporter): Peer | undefined {
  const hasGroup = item["cidrGroupRef"] !== undefined || item["cidrGroupSelector"] !== undefined;
  if (item["cidr"] !== undefined && hasGroup) {
    report(path, "error", "cidr, cidrGroupRef and cidrGroupSelector are mutually exclusive");
    return undefined;
  }
  if (hasGroup) {
    report(path, "warning", "CiliumCIDRGroup references are not resolved by this simulator; the entry matches no peer here");
    return { kind: "unsupported", field: "cidrGroupRef" };
  }
  if (item["cidr"] === undefined) {
    report(path, "error", "cidr is required");
    return undefined;
  }
  const cidr = cidrOrReport(item["cidr"], [...path, "cidr"], report);
  if (cidr === undefined) return undefined;
  const except: Cidr[] = [];
  const raw = Array.isArray(item["except"]) ? item["except"] : [];
  raw.forEach((text, index) => {
    const inner = cidrOrReport(text, [...path, "except", index], report);
    if (inner === undefined) return;
    if (!cidrCovers(cidr, inner)) report([...path, "except", index], "warning", `${inner.text} is not inside ${cidr.text}; the exception has no effect`);
    except.push(inner);
  });
  return { kind: "cidr", cidr, except };
}

function fqdnPeers(item: Record<string, unknown>, path: readonly PathSegment[], report: Reporter): Peer[] {
  const peers: Peer[] = [];
  const name = item["matchName"];
  const pattern = item["matchPattern"];
  if (typeof name !== "string" && typeof pattern !== "string") report(path, "error", "matchName or matchPattern is required");
  if (typeof name === "string") {
    const matcher = compileMatchName(name);
    if (typeof matcher === "string") report([...path, "matchName"], "error", matcher);
    else peers.push({ kind: "fqdn", name: matcher });
  }
  if (typeof pattern === "string") {
    const matcher = compileMatchPattern(pattern);
    if (typeof matcher === "string") report([...path, "matchPattern"], "error", matcher);
    else peers.push({ kind: "fqdn", name: matcher });
  }
  return peers;
}

function peersOfField(field: string, items: unknown[], path: readonly PathSegment[], ctx: PeerContext): Peer[] {
  const peers: Peer[] = [];
  items.forEach((item, index) => {
    const where = [...path, index];
    switch (field) {
      case "fromEndpoints":
      case "toEndpoints":
        peers.push({ kind: "endpoints", selector: scopePeer(compileSelector(item, where, ctx.report), ctx.namespace) });
        break;
      case "fromNodes":
      case "toNodes":
        peers.push({ kind: "nodes", selector: compileSelector(item, where, ctx.report) });
        break;
      case "fromEntities":
      case "toEntities":
        if (typeof item === "string" && isEntityName(item)) peers.push({ kind: "entity", entity: item });
        break;
      case "fromCIDR":
      case "toCIDR": {
        const cidr = cidrOrReport(item, where, ctx.report);
        if (cidr !== undefined) peers.push({ kind: "cidr", cidr, except: [] });
        break;
      }
      case "fromCIDRSet":
      case "toCIDRSet": {
        const peer = isRecord(item) ? cidrSetPeer(item, where, ctx.report) : undefined;
        if (peer !== undefined) peers.push(peer);
        break;
      }
      case "toFQDNs":
        if (isRecord(item)) peers.push(...fqdnPeers(item, where, ctx.report));
        break;
      default:
        // toServices, toGroups, fromGroups: resolved from cluster/cloud state this engine does not have.
        if (index === 0) {
          ctx.report(path, "warning", `${field} is not simulated (it needs Service endpoints or cloud security groups); the entry matches no peer here`);
        }
        peers.push({ kind: "unsupported", field });
    }
  });
  return peers;
}

/**
 * The peers of one entry, or `null` when a peer field is an empty list (selects nothing). Reports
 * combinations Cilium rejects ("fromEndpoints and fromCIDR cannot be combined").
 */
export function buildPeers(entry: Record<string, unknown>, ingress: boolean, path: readonly PathSegment[], ctx: PeerContext): Peer[] | null {
  const fields = (ingress ? INGRESS_PEER_FIELDS : EGRESS_PEER_FIELDS).filter((field) => Array.isArray(entry[field]));
  const nonEmpty = fields.filter((field) => (entry[field] as unknown[]).length > 0);
  if (nonEmpty.length > 1) {
    ctx.report(path, "error", `${nonEmpty.join(" and ")} cannot be combined in one rule; Cilium rejects the policy (split them into separate rules)`);
  }
  const empty = fields.find((field) => (entry[field] as unknown[]).length === 0);
  if (empty !== undefined) {
    ctx.report([...path, empty], "warning", `an empty ${empty} list selects no peer, so this rule matches nothing (omit the field to match any peer)`);
    return null;
  }
  return fields.flatMap((field) => peersOfField(field, entry[field] as unknown[], [...path, field], ctx));
}

/** Compiles fromRequires/toRequires selectors (namespace-scoped like peer selectors). */
export function buildRequires(entry: Record<string, unknown>, field: "fromRequires" | "toRequires", path: readonly PathSegment[], ctx: PeerContext): Selector[] {
  const items = Array.isArray(entry[field]) ? entry[field] : [];
  if (items.length > 0) {
    ctx.report([...path, field], "warning", `${field} is deprecated since Cilium 1.17 and removed in 1.19; express the constraint in the peer selectors instead`);
  }
  return items.map((item, index) => scopePeer(compileSelector(item, [...path, field, index], ctx.report), ctx.namespace));
}
