// Where nodes go. The first population gets a full fcose layout; after that the map never moves
// what the viewer has already seen (a re-layout on every new workload is how a live map becomes
// unreadable). New nodes come in two kinds:
//   - joining a namespace already drawn (or, outside namespaces, talking to drawn nodes): put
//     next to their neighbours or siblings, then fcose runs on the new nodes only, with their
//     neighbours and the drawn nodes around them pinned by fixedNodeConstraint (pinned nodes
//     still repel, so the new ones settle into free space);
//   - a namespace (or cluster) new to the map: laid out on its own, then moved as a block beside
//     the drawing, so namespaces do not overlap.
import cytoscape, { type Collection, type Core, type NodeCollection, type NodeSingular, type Position } from "cytoscape";
import fcose, { type FcoseLayoutOptions } from "cytoscape-fcose";

let registered = false;
/** Registers fcose with cytoscape (once per page: a second registration only warns). */
export function registerLayouts(): void {
  if (registered) return;
  cytoscape.use(fcose);
  registered = true;
}

const BASE: Omit<FcoseLayoutOptions, "randomize" | "quality"> = {
  name: "fcose",
  animate: false,
  fit: false,
  nodeDimensionsIncludeLabels: true,
  idealEdgeLength: 120,
  nodeRepulsion: 9000,
  nestingFactor: 0.4,
  gravity: 0.35,
  gravityCompound: 1.2,
  tile: true,
};
const GOLDEN_ANGLE = Math.PI * (3 - Math.sqrt(5));
const NEAR = 110;
const BLOCK_GAP = 120;
/** Pinned bystanders given to a local layout, at most: enough to keep new nodes off them. */
const MAX_OBSTACLES = 150;
const MEDIUM_MAP = 150;
const LARGE_MAP = 400;
/** A drawing this small is laid out again in full when it more than doubles (startup). */
const SMALL_DRAWING = 5;

function measure(name: string, start: number): number {
  const end = performance.now();
  try {
    performance.measure(name, { start, end });
  } catch {
    // Engines without measure options: the returned duration is enough.
  }
  return end - start;
}

const leavesOf = (nodes: NodeCollection): NodeCollection => nodes.filter((n) => !n.isParent());

/**
 * Big maps: each namespace's nodes in a grid (by name), namespaces tiled in rows, the rest
 * (world, entities) in a last block. O(n). fcose, even its spectral "draft" pass, takes seconds
 * of main thread beyond a few hundred nodes (it walks collections per node), and a map that size
 * is a hairball whatever the layout: there the namespace picker is the tool.
 */
function tileLayout(leaves: NodeCollection): void {
  const groups = new Map<string, NodeSingular[]>();
  leaves.forEach((n) => {
    const key = n.parent().nonempty() ? n.parent().first().id() : "";
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [n]);
    else group.push(n);
  });
  const blocks = [...groups.values()].map((nodes) => nodes.toSorted((a, b) => (String(a.data("label")) < String(b.data("label")) ? -1 : 1)));
  const cell = 130;
  const rowWidth = Math.max(4, Math.ceil(Math.sqrt(leaves.length))) * cell;
  let x = 0;
  let y = 0;
  let rowHeight = 0;
  for (const nodes of blocks) {
    const columns = Math.ceil(Math.sqrt(nodes.length));
    const width = columns * cell;
    const height = Math.ceil(nodes.length / columns) * cell;
    if (x > 0 && x + width > rowWidth) {
      x = 0;
      y += rowHeight + BLOCK_GAP;
      rowHeight = 0;
    }
    nodes.forEach((n, i) => n.position({ x: x + (i % columns) * cell, y: y + Math.floor(i / columns) * cell }));
    x += width + BLOCK_GAP;
    rowHeight = Math.max(rowHeight, height);
  }
}

/** Lays out every element from scratch (first population, or the "re-layout" button). */
export function layoutAll(cy: Core): number {
  registerLayouts();
  const start = performance.now();
  const nodes = cy.nodes().length;
  if (nodes > LARGE_MAP) cy.batch(() => tileLayout(leavesOf(cy.nodes())));
  else if (nodes > 0) cy.layout({ ...BASE, quality: "default", randomize: true, numIter: nodes > MEDIUM_MAP ? 1000 : 2500 } as FcoseLayoutOptions).run();
  return measure(nodes > LARGE_MAP ? "service-map:tile-layout" : "service-map:full-layout", start);
}

function average(nodes: NodeCollection): Position {
  let x = 0;
  let y = 0;
  nodes.forEach((n) => {
    x += n.position("x");
    y += n.position("y");
  });
  return { x: x / nodes.length, y: y / nodes.length };
}

/** Puts each node next to its placed neighbours, else beside its placed siblings. */
function prePlace(nodes: readonly NodeSingular[], placed: (n: NodeSingular) => boolean): void {
  const crowd = new Map<string, number>();
  const done = new Set<string>();
  const isPlaced = (n: NodeSingular) => placed(n) || done.has(n.id());
  for (const node of nodes) {
    const neighbours = (node.neighborhood("node") as NodeCollection).filter((n) => !n.isParent() && isPlaced(n));
    const siblings = node.siblings().filter((n) => !n.isParent() && isPlaced(n));
    const anchor = neighbours.nonempty() ? average(neighbours) : siblings.nonempty() ? average(siblings) : { x: 0, y: 0 };
    const key = `${Math.round(anchor.x)},${Math.round(anchor.y)}`;
    const k = (crowd.get(key) ?? 0) + 1;
    crowd.set(key, k);
    const radius = NEAR * (1 + Math.floor(k / 8) * 0.6);
    node.position({ x: anchor.x + radius * Math.cos(k * GOLDEN_ANGLE), y: anchor.y + radius * Math.sin(k * GOLDEN_ANGLE) });
    done.add(node.id());
  }
}

/** New nodes joining the drawing: local fcose with neighbours and bystanders pinned. */
function joinDrawing(cy: Core, joining: readonly NodeSingular[], placed: (n: NodeSingular) => boolean): void {
  if (joining.length === 0) return;
  prePlace(joining, placed);
  // Beyond a few hundred at once the local layout costs seconds; the pre-placement stands.
  if (joining.length > MEDIUM_MAP) return;
  const ids = new Set(joining.map((n) => n.id()));
  const fresh = cy.nodes().filter((n) => ids.has(n.id()));
  const box = fresh.boundingBox();
  const margin = 2 * NEAR;
  const nearby = leavesOf(cy.nodes()).filter((n) => {
    if (!placed(n)) return false;
    const p = n.position();
    return p.x > box.x1 - margin && p.x < box.x2 + margin && p.y > box.y1 - margin && p.y < box.y2 + margin;
  });
  const neighbours = (fresh.neighborhood("node") as NodeCollection).filter((n) => !n.isParent() && placed(n));
  const pinned = neighbours.union(nearby.slice(0, MAX_OBSTACLES));
  const nodes = fresh.union(pinned);
  const eles: Collection = nodes.union(nodes.edgesWith(nodes));
  const fixed = pinned.map((n) => ({ nodeId: n.id(), position: { ...(n as NodeSingular).position() } }));
  eles.layout({ ...BASE, quality: "default", randomize: false, tile: false, numIter: 800, fixedNodeConstraint: fixed } as FcoseLayoutOptions).run();
  // fcose's constraint pass can leave a pinned node a little off; put every one back exactly.
  cy.batch(() => {
    for (const { nodeId, position } of fixed) cy.getElementById(nodeId).position(position);
  });
}

/** New namespaces and clusters: laid out on their own, then set beside the drawing. */
function addBlock(cy: Core, block: readonly NodeSingular[], placed: (n: NodeSingular) => boolean): void {
  if (block.length === 0) return;
  const ids = new Set(block.map((n) => n.id()));
  const leaves = cy.nodes().filter((n) => ids.has(n.id()));
  const drawn = leavesOf(cy.nodes()).filter((n) => placed(n));
  const before = drawn.boundingBox();
  // Compounds whose every leaf is new come along, so fcose nests the block properly.
  if (leaves.length > MEDIUM_MAP) {
    cy.batch(() => tileLayout(leaves));
  } else {
    const compounds = leaves.ancestors().filter((p) => (p as NodeSingular).descendants().every((d) => (d as NodeSingular).isParent() || ids.has((d as NodeSingular).id())));
    const nodes = leaves.union(compounds);
    nodes.union(nodes.edgesWith(nodes)).layout({ ...BASE, quality: "default", randomize: true } as FcoseLayoutOptions).run();
  }
  const after = leaves.boundingBox();
  // Beside the drawing on its shorter side, so the whole stays close to the viewport's shape.
  const right = before.w <= before.h * 1.6;
  const dx = right ? before.x2 + BLOCK_GAP - after.x1 : before.x1 - after.x1;
  const dy = right ? before.y1 - after.y1 : before.y2 + BLOCK_GAP - after.y1;
  leaves.forEach((n) => {
    const p = n.position();
    n.position({ x: p.x + dx, y: p.y + dy });
  });
}

/** Whether a new node belongs to something already drawn (a namespace, or a neighbour when outside any). */
function joinsDrawing(node: NodeSingular, placed: (n: NodeSingular) => boolean): boolean {
  const parent = node.parent();
  if (parent.nonempty()) return (parent.first() as NodeSingular).descendants().some((d) => !(d as NodeSingular).isParent() && placed(d as NodeSingular));
  return (node.neighborhood("node") as NodeCollection).some((n) => !(n as NodeSingular).isParent() && placed(n as NodeSingular));
}

/**
 * Places `added` leaf nodes into the drawing without moving placed nodes. Returns the time spent
 * (also reported as performance measures `service-map:*-layout`).
 */
export function placeNewNodes(cy: Core, added: readonly NodeSingular[]): number {
  if (added.length === 0) return 0;
  registerLayouts();
  const addedIds = new Set(added.map((n) => n.id()));
  const placed = (n: NodeSingular) => !addedIds.has(n.id());
  const drawn = leavesOf(cy.nodes()).filter((n) => placed(n)).length;
  // Startup, or a wholesale change (say, all namespaces of a big cluster at once): lay out anew.
  if (drawn === 0 || (drawn <= SMALL_DRAWING && added.length >= drawn) || added.length > LARGE_MAP) return layoutAll(cy);
  const start = performance.now();
  const joining = added.filter((n) => joinsDrawing(n, placed));
  const block = added.filter((n) => !joining.includes(n));
  addBlock(cy, block, placed);
  // Block nodes now have positions: they can anchor the joining ones.
  const blockIds = new Set(block.map((n) => n.id()));
  joinDrawing(cy, joining, (n) => placed(n) || blockIds.has(n.id()));
  return measure("service-map:incremental-layout", start);
}
