// The service map as plain data: what the aggregator produces for one time window and what
// diffGraph compares. Ids are stable across models (built from cluster, namespace and name, never
// from counters), so a view can patch elements in place instead of redrawing.

/** Verdict buckets the map counts. OTHER holds TRACED, TRANSLATED and unknown verdicts. */
export type VerdictKey = "FORWARDED" | "DROPPED" | "REDIRECTED" | "AUDIT" | "ERROR" | "OTHER";

/** The verdict an edge is drawn with: one verdict, or MIXED when traffic passed and was blocked. */
export type EdgeVerdict = VerdictKey | "MIXED";

/** Counter order everywhere a verdict is an array index. */
export const VERDICT_KEYS: readonly VerdictKey[] = ["FORWARDED", "DROPPED", "REDIRECTED", "AUDIT", "ERROR", "OTHER"];

export type VerdictCounts = Readonly<Record<VerdictKey, number>>;

/**
 * workload: pods grouped by workload / app label / pod name; entity: a reserved identity (host,
 * remote-node, kube-apiserver, …); world: the outside without a DNS name; fqdn: the outside
 * known by name; namespace and cluster are compound parents.
 */
export type NodeKind = "workload" | "entity" | "world" | "fqdn" | "namespace" | "cluster";

/**
 * How a node's endpoints were recognised, so a selection can become the Hubble filter that finds
 * the same flows (see selection.ts).
 */
export type NodeSelector =
  | { readonly by: "workload"; readonly kind: string; readonly name: string }
  | { readonly by: "label"; readonly label: string }
  | { readonly by: "pod"; readonly prefix: string }
  | { readonly by: "identity"; readonly identities: readonly number[] }
  | { readonly by: "fqdn"; readonly name: string }
  | { readonly by: "ip"; readonly ip: string }
  | { readonly by: "namespace" }
  | { readonly by: "cluster" };

export interface GraphNode {
  readonly id: string;
  readonly kind: NodeKind;
  /** Workload, entity (`host`), DNS name, namespace or cluster name. */
  readonly name: string;
  /** Canvas label: name, then the namespace on a second line; truncated. */
  readonly label: string;
  /** "" for nodes outside namespaces (entities, world, clusters). */
  readonly namespace: string;
  /** "" when flows carried no cluster name. */
  readonly cluster: string;
  /** Compound parent id (namespace or cluster), if any. */
  readonly parent: string | undefined;
  readonly selector: NodeSelector;
  /** Counted flows on the node's edges in the window, in and out. */
  readonly flows: number;
  readonly dropped: number;
  readonly lastSeenMs: number;
  readonly stale: boolean;
  /** Recent addresses of world / unknown endpoints (at most 8). */
  readonly addresses: readonly string[];
}

export interface GraphEdge {
  readonly id: string;
  readonly source: string;
  readonly target: string;
  /** TCP, UDP, SCTP, ICMPv4, ICMPv6 or "other" (no L4 header). */
  readonly protocol: string;
  /** Destination (server) port; 0 for protocols without ports. */
  readonly port: number;
  /** `80/TCP`, `53/UDP`, `ICMP`, `ICMPv6`, `other`. */
  readonly portLabel: string;
  /** Canvas label: port label and count, plus the verdict in words when not plain FORWARDED. */
  readonly label: string;
  readonly flows: number;
  /** Counted flows per second over the window (over the time since the first flow for "all"). */
  readonly ratePerSecond: number;
  readonly verdicts: VerdictCounts;
  readonly verdict: EdgeVerdict;
  /** `GET /get 200×12 403×3`, `DNS example.com ×4 NXDOMAIN×1`, most frequent first. */
  readonly l7: readonly string[];
  /** Policies reported in `*_allowed_by`, `ns/name (Kind)`, most frequent first. */
  readonly allowedBy: readonly string[];
  /** Policies reported in `*_denied_by`. */
  readonly deniedBy: readonly string[];
  readonly lastSeenMs: number;
  readonly stale: boolean;
}

export interface GraphModel {
  readonly nodes: ReadonlyMap<string, GraphNode>;
  readonly edges: ReadonlyMap<string, GraphEdge>;
  readonly windowMs: number | "all";
  readonly nowMs: number;
  /** True when flows from two or more clusters are shown (clusters become compound nodes). */
  readonly multiCluster: boolean;
}

export const EMPTY_GRAPH: GraphModel = {
  nodes: new Map(),
  edges: new Map(),
  windowMs: "all",
  nowMs: 0,
  multiCluster: false,
};

// Node names come from untrusted flows; "|" and "%" are escaped so ids cannot collide.
const NEEDS_ESCAPE = /[%|]/;
function idPart(text: string): string {
  return NEEDS_ESCAPE.test(text) ? text.replaceAll("%", "%25").replaceAll("|", "%7C") : text;
}

/** A stable id from its parts: `wl|cluster1|shop|frontend`. */
export function makeId(...parts: readonly string[]): string {
  return parts.map(idPart).join("|");
}

/** Zero counts for every verdict. */
export function zeroVerdicts(): Record<VerdictKey, number> {
  return { FORWARDED: 0, DROPPED: 0, REDIRECTED: 0, AUDIT: 0, ERROR: 0, OTHER: 0 };
}
