// The difference between two models by stable id, so a view patches only what changed: added
// and removed elements, and for the rest only the fields whose values differ. Compound parents
// come before their children in `addedNodes`, as a graph library needs them.
import type { GraphEdge, GraphModel, GraphNode } from "./graph-model.ts";

export interface NodeUpdate {
  readonly id: string;
  /** Only the fields that changed, with their new values (`parent` may change to undefined). */
  readonly changes: Partial<GraphNode>;
}

export interface EdgeUpdate {
  readonly id: string;
  readonly changes: Partial<GraphEdge>;
}

export interface GraphDiff {
  readonly addedNodes: readonly GraphNode[];
  readonly removedNodes: readonly string[];
  readonly updatedNodes: readonly NodeUpdate[];
  readonly addedEdges: readonly GraphEdge[];
  readonly removedEdges: readonly string[];
  readonly updatedEdges: readonly EdgeUpdate[];
}

/** Values of model fields: primitives, string arrays, and small records of those. */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameValue(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  let count = 0;
  for (const key in ra) {
    count++;
    if (!(key in rb) || !sameValue(ra[key], rb[key])) return false;
  }
  for (const _ in rb) count--;
  return count === 0;
}

/** The fields of `next` that differ from `prev`, or undefined when none do. */
function changedFields<T extends object>(prev: T, next: T): Partial<T> | undefined {
  let changes: Partial<T> | undefined;
  const p = prev as Record<string, unknown>;
  const n = next as Record<string, unknown>;
  for (const key in n) {
    if (!sameValue(p[key], n[key])) (changes ??= {} as Partial<T>)[key as keyof T] = n[key] as T[keyof T];
  }
  for (const key in p) {
    if (!(key in n)) (changes ??= {} as Partial<T>)[key as keyof T] = undefined;
  }
  return changes;
}

const DEPTH: Readonly<Record<string, number>> = { cluster: 0, namespace: 1 };

/**
 * What changed from `prev` to `next`. O(nodes + edges) with a reference check first, so
 * unchanged elements that a caller reused cost one comparison.
 */
export function diffGraph(prev: GraphModel, next: GraphModel): GraphDiff {
  const addedNodes: GraphNode[] = [];
  const removedNodes: string[] = [];
  const updatedNodes: NodeUpdate[] = [];
  const addedEdges: GraphEdge[] = [];
  const removedEdges: string[] = [];
  const updatedEdges: EdgeUpdate[] = [];
  for (const [id, node] of next.nodes) {
    const old = prev.nodes.get(id);
    if (old === undefined) addedNodes.push(node);
    else if (old !== node) {
      const changes = changedFields(old, node);
      if (changes !== undefined) updatedNodes.push({ id, changes });
    }
  }
  for (const id of prev.nodes.keys()) if (!next.nodes.has(id)) removedNodes.push(id);
  for (const [id, edge] of next.edges) {
    const old = prev.edges.get(id);
    if (old === undefined) addedEdges.push(edge);
    else if (old !== edge) {
      const changes = changedFields(old, edge);
      if (changes !== undefined) updatedEdges.push({ id, changes });
    }
  }
  for (const id of prev.edges.keys()) if (!next.edges.has(id)) removedEdges.push(id);
  addedNodes.sort((a, b) => (DEPTH[a.kind] ?? 2) - (DEPTH[b.kind] ?? 2));
  return { addedNodes, removedNodes, updatedNodes, addedEdges, removedEdges, updatedEdges };
}

/** True when nothing changed. */
export function isEmptyDiff(diff: GraphDiff): boolean {
  return (
    diff.addedNodes.length === 0 &&
    diff.removedNodes.length === 0 &&
    diff.updatedNodes.length === 0 &&
    diff.addedEdges.length === 0 &&
    diff.removedEdges.length === 0 &&
    diff.updatedEdges.length === 0
  );
}
