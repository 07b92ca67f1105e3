// Reading the aggregator's state into a GraphModel for one window: which edges were seen in it,
// their counted flows and verdict mix (see flow-orientation.ts for what counts), L7 lines and
// policy names, and the nodes and compound parents those edges need.
import { type EdgeStamp, type EdgeState, Group, type NodeState } from "./aggregator-state.ts";
import type { EndpointNode } from "./endpoint-node.ts";
import { type GraphEdge, type GraphModel, type GraphNode, type NodeSelector, VERDICT_KEYS, type VerdictKey, makeId, zeroVerdicts } from "./graph-model.ts";
import { cleanText, summarizeL7, summarizePolicies } from "./l7-summary.ts";
import { edgeLabel, edgeVerdict } from "./verdict-style.ts";

/** Decides whether an edge (with its two endpoint nodes) is shown. */
export type EdgePredicate = (edge: GraphEdge, source: EndpointNode, target: EndpointNode) => boolean;

export interface ModelQuery {
  /** Trailing window ending at `nowMs`, or "all" (everything since clear()). */
  readonly windowMs: number | "all";
  /** End of the window: the wall clock live, the replay clock when replaying. */
  readonly nowMs: number;
  /**
   * Namespaces to show (default "all"): an edge is shown when either end is in one of them,
   * so a namespace's peers elsewhere (kube-dns, world, other namespaces) stay visible.
   */
  readonly namespaces?: ReadonlySet<string> | "all";
  /** Further edge filter, e.g. hide kube-dns or show only edges with drops. */
  readonly predicate?: EdgePredicate;
  /**
   * Elements not seen for this long are marked stale (drawn faded) before they leave the
   * window. Default: half the window, at most one minute.
   */
  readonly staleAfterMs?: number;
}

const COUNT = VERDICT_KEYS.length;
// Shared, so an unchanged compound node compares equal field by field.
const NAMESPACE_SELECTOR: NodeSelector = { by: "namespace" };
const CLUSTER_SELECTOR: NodeSelector = { by: "cluster" };
const MAX_LABEL = 40;

interface NodeTally {
  readonly state: NodeState;
  flows: number;
  dropped: number;
  lastSeenMs: number;
}

function verdictsOf(sums: Float64Array, fromGroup: number, alsoGroup?: number): Record<VerdictKey, number> {
  const out = zeroVerdicts();
  for (let i = 0; i < COUNT; i++) out[VERDICT_KEYS[i]!] = sums[fromGroup + i]! + (alsoGroup === undefined ? 0 : sums[alsoGroup + i]!);
  return out;
}

function sumOf(counts: Record<VerdictKey, number>): number {
  let total = 0;
  for (const key of VERDICT_KEYS) total += counts[key];
  return total;
}

function edgeOf(edge: EdgeState, sums: Float64Array, since: number, stamp: EdgeStamp): GraphEdge {
  // -∞ means the server side never reported (egress to the world): not "seen", not even in the
  // "all" window, whose `since` is -∞ too.
  const receiverSeen = edge.lastReceiverMs !== Number.NEGATIVE_INFINITY && edge.lastReceiverMs >= since;
  let counts = verdictsOf(sums, Group.counted, receiverSeen ? undefined : Group.sender);
  if (sumOf(counts) === 0) {
    // Only duplicate reports in the window (e.g. a capture of policy verdicts): count those.
    counts = verdictsOf(sums, Group.counted, Group.sender);
    for (let i = 0; i < COUNT; i++) counts[VERDICT_KEYS[i]!] += sums[Group.annotation + i]!;
  }
  const flows = sumOf(counts);
  const redirected = counts.REDIRECTED + sums[Group.sender + 2]! + sums[Group.annotation + 2]!;
  const verdict = edgeVerdict(counts, redirected);
  // Counts cover whole buckets, so the rate does too (and only changes once per bucket).
  const spanMs = stamp.nowBucket - (stamp.windowMs === "all" ? edge.firstSeenMs : stamp.sinceBucket);
  const ratePerSecond = Math.round((flows / Math.max(1, spanMs / 1000)) * 100) / 100;
  const policies = edge.policies === undefined ? { allowedBy: [], deniedBy: [] } : summarizePolicies(edge.policies.countsSince(since));
  return {
    id: edge.id,
    source: edge.source.info.id,
    target: edge.target.info.id,
    protocol: edge.protocol,
    port: edge.port,
    portLabel: edge.portLabel,
    label: edgeLabel(edge.portLabel, flows, verdict, counts),
    flows,
    ratePerSecond,
    verdicts: counts,
    verdict,
    l7: edge.l7 === undefined ? [] : summarizeL7(edge.l7.countsSince(since)),
    allowedBy: policies.allowedBy,
    deniedBy: policies.deniedBy,
    lastSeenMs: edge.lastSeenMs,
    stale: stamp.stale,
  };
}

function sameStamp(a: EdgeStamp, b: EdgeStamp): boolean {
  return a.version === b.version && a.sinceBucket === b.sinceBucket && a.nowBucket === b.nowBucket && a.windowMs === b.windowMs && a.stale === b.stale;
}

/** The edge's model object, the previous one when nothing it depends on changed. */
function shownEdge(edge: EdgeState, sums: Float64Array, since: number, query: ModelQuery, staleAfterMs: number): GraphEdge {
  const counters = edge.counters;
  const stamp: EdgeStamp = {
    version: edge.version,
    sinceBucket: since === Number.NEGATIVE_INFINITY ? since : counters.bucketStart(since),
    // The end of the bucket holding the last millisecond before now.
    nowBucket: counters.bucketStart(query.nowMs - 1) + counters.bucketMs,
    windowMs: query.windowMs,
    stale: query.nowMs - edge.lastSeenMs > staleAfterMs,
  };
  if (edge.shown !== undefined && sameStamp(edge.shown.stamp, stamp)) return edge.shown.edge;
  counters.sumSince(since, sums);
  const out = edgeOf(edge, sums, since, stamp);
  edge.shown = { stamp, edge: out };
  return out;
}

/** `next`, or `previous` when every field is equal (arrays by reference: they are rebuilt only on change). */
function reuse(previous: GraphNode | undefined, next: GraphNode): GraphNode {
  if (previous === undefined) return next;
  for (const key in next) {
    const k = key as keyof GraphNode;
    if (previous[k] !== next[k]) return next;
  }
  return previous;
}

function nodeLabel(info: EndpointNode, addresses: readonly string[]): string {
  const name = cleanText(info.name, MAX_LABEL);
  if (info.kind === "workload" && info.namespace !== "") return `${name}\n${cleanText(info.namespace, MAX_LABEL)}`;
  if (info.kind === "world" && info.selector.by === "ip") return `world\n${cleanText(addresses[0] ?? "", MAX_LABEL)}`;
  return name;
}

function parentIds(state: NodeState): { readonly namespace: string; readonly cluster: string } {
  state.parentIds ??= { namespace: makeId("ns", state.info.cluster, state.info.namespace), cluster: makeId("cl", state.info.cluster) };
  return state.parentIds;
}

/** A namespace or cluster compound while its children are collected. */
interface ParentTally {
  readonly kind: "namespace" | "cluster";
  readonly id: string;
  readonly name: string;
  readonly cluster: string;
  readonly parent: string | undefined;
  lastSeenMs: number;
  stale: boolean;
}

/**
 * A leaf's compound chain: its namespace, then (with several clusters shown) its cluster.
 * World and DNS names stay outside every cluster.
 */
function parentChain(state: NodeState, multiCluster: boolean): [ParentTally["kind"], string, string, string | undefined][] {
  const info = state.info;
  const ids = parentIds(state);
  const inCluster = multiCluster && info.cluster !== "" && (info.kind === "workload" || info.kind === "entity");
  const chain: [ParentTally["kind"], string, string, string | undefined][] = [];
  if (info.namespace !== "") chain.push(["namespace", ids.namespace, info.namespace, inCluster ? ids.cluster : undefined]);
  if (inCluster) chain.push(["cluster", ids.cluster, info.cluster, undefined]);
  return chain;
}

function compound(p: ParentTally): GraphNode {
  return {
    id: p.id,
    kind: p.kind,
    name: p.name,
    label: cleanText(p.name, MAX_LABEL),
    namespace: p.kind === "namespace" ? p.name : "",
    cluster: p.cluster,
    parent: p.parent,
    selector: p.kind === "namespace" ? NAMESPACE_SELECTOR : CLUSTER_SELECTOR,
    flows: 0,
    dropped: 0,
    lastSeenMs: p.lastSeenMs,
    stale: p.stale,
    addresses: [],
  };
}

/** Builds the model of `edges` for `query` (the aggregator's `model`); `shownParents` carries compounds between calls. */
export function buildModel(edges: Iterable<EdgeState>, query: ModelQuery, shownParents: Map<string, GraphNode>): GraphModel {
  const since = query.windowMs === "all" ? Number.NEGATIVE_INFINITY : query.nowMs - query.windowMs;
  const staleAfterMs = query.staleAfterMs ?? (query.windowMs === "all" ? 60_000 : Math.min(query.windowMs / 2, 60_000));
  const namespaces = query.namespaces ?? "all";
  const sums = new Float64Array(Group.annotation + COUNT);
  const outEdges = new Map<string, GraphEdge>();
  const tallies = new Map<string, NodeTally>();
  const tally = (state: NodeState, edge: GraphEdge): void => {
    let t = tallies.get(state.info.id);
    if (t === undefined) {
      t = { state, flows: 0, dropped: 0, lastSeenMs: Number.NEGATIVE_INFINITY };
      tallies.set(state.info.id, t);
    }
    t.flows += edge.flows;
    t.dropped += edge.verdicts.DROPPED;
    if (edge.lastSeenMs > t.lastSeenMs) t.lastSeenMs = edge.lastSeenMs;
  };
  for (const edge of edges) {
    if (edge.lastSeenMs < since) continue;
    const source = edge.source.info;
    const target = edge.target.info;
    if (namespaces !== "all" && !namespaces.has(source.namespace) && !namespaces.has(target.namespace)) continue;
    const out = shownEdge(edge, sums, since, query, staleAfterMs);
    if (query.predicate !== undefined && !query.predicate(out, source, target)) continue;
    outEdges.set(out.id, out);
    tally(edge.source, out);
    if (edge.target !== edge.source) tally(edge.target, out);
  }
  const clusters = new Set<string>();
  for (const t of tallies.values()) if (t.state.info.cluster !== "") clusters.add(t.state.info.cluster);
  const multiCluster = clusters.size >= 2;
  const nodes = new Map<string, GraphNode>();
  const parents = new Map<string, ParentTally>();
  for (const t of tallies.values()) {
    const state = t.state;
    const info = state.info;
    const stale = query.nowMs - t.lastSeenMs > staleAfterMs;
    const chain = parentChain(state, multiCluster);
    for (const [kind, id, name, parent] of chain) {
      let p = parents.get(id);
      if (p === undefined) {
        p = { kind, id, name, cluster: info.cluster, parent, lastSeenMs: t.lastSeenMs, stale };
        parents.set(id, p);
      }
      if (t.lastSeenMs > p.lastSeenMs) p.lastSeenMs = t.lastSeenMs;
      p.stale &&= stale;
    }
    const previous = state.shown;
    const node = reuse(previous, {
      id: info.id,
      kind: info.kind,
      name: info.name,
      label: previous !== undefined && previous.addresses === state.addresses ? previous.label : nodeLabel(info, state.addresses),
      namespace: info.namespace,
      cluster: info.cluster,
      parent: chain[0]?.[1],
      selector: info.selector,
      flows: t.flows,
      dropped: t.dropped,
      lastSeenMs: t.lastSeenMs,
      stale,
      addresses: state.addresses,
    });
    state.shown = node;
    nodes.set(info.id, node);
  }
  // Parents first, so a view adding elements in map order never meets an unknown parent.
  const ordered = new Map<string, GraphNode>();
  for (const kind of ["cluster", "namespace"]) {
    for (const p of parents.values()) if (p.kind === kind) ordered.set(p.id, reuse(shownParents.get(p.id), compound(p)));
  }
  shownParents.clear();
  for (const p of ordered.values()) shownParents.set(p.id, p);
  for (const n of nodes.values()) ordered.set(n.id, n);
  return { nodes: ordered, edges: outEdges, windowMs: query.windowMs, nowMs: query.nowMs, multiCluster };
}
