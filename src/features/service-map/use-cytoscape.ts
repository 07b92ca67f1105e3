// Cytoscape held once (STYLE.md, after kiali's wrapper and react-cytoscapejs's patch): the core is
// created when the container mounts and destroyed when it unmounts; each new model is diffed
// against the previous one in the domain (diffGraph) and only the difference is applied, in one
// cy.batch. New nodes are placed locally (place-new-nodes.ts); the viewport follows the graph
// until the viewer pans or zooms, and never after. Traded away: React does not own the canvas,
// so the DOM under the container is cytoscape's alone.
import cytoscape, { type Core, type Position } from "cytoscape";
import { type RefObject, useEffect, useRef, useState } from "react";
import { diffGraph, isEmptyDiff } from "../../domain/aggregation/service-map/diff-graph.ts";
import { EMPTY_GRAPH, type GraphModel } from "../../domain/aggregation/service-map/graph-model.ts";
import { applyDiff } from "./apply-diff.ts";
import { layoutAll, placeNewNodes, registerLayouts } from "./place-new-nodes.ts";
import { LARGE_MAP_ELEMENTS, serviceMapStyle } from "./service-map-style.ts";

const FIT_PADDING = 30;

/** `?debug=1` in the page URL exposes the core as `window.__cy` for Playwright (and the bench's handle, map-bench-hook.ts). */
export function debugEnabled(): boolean {
  return typeof window !== "undefined" && new URLSearchParams(window.location.search).get("debug") === "1";
}

// The Playwright tests' handle (`window.__cy`), set only with ?debug=1.
const DEBUG_KEY = "__cy";
type DebugWindow = Record<string, unknown>;

/**
 * Fits the graph to the viewport; `fitting` marks the viewport change as ours, not the viewer's.
 * Not cy.fit(): that measures every label (over a second for 10,000 edge labels); node boxes
 * plus a margin for their labels are enough.
 */
function fitView(cy: Core, fitting: { current: boolean }): void {
  const nodes = cy.nodes();
  if (nodes.empty()) return;
  const box = nodes.boundingBox({ includeLabels: false, includeOverlays: false });
  const width = cy.width();
  const height = cy.height();
  if (width === 0 || height === 0) return;
  const label = 40;
  const zoom = Math.min(2.5, Math.max(0.05, Math.min((width - 2 * FIT_PADDING) / (box.w + 2 * label), (height - 2 * FIT_PADDING) / (box.h + 2 * label))));
  fitting.current = true;
  try {
    cy.viewport({ zoom, pan: { x: width / 2 - zoom * (box.x1 + box.w / 2), y: height / 2 - zoom * (box.y1 + box.h / 2) } });
  } finally {
    fitting.current = false;
  }
}

export interface CytoscapeControls {
  /** Fits the graph and follows it again until the next pan or zoom. */
  readonly fit: () => void;
  /** Lays everything out from scratch (positions are lost), then fits. */
  readonly relayout: () => void;
  /** The whole graph as a PNG at twice the screen's scale, on `background`; undefined before mount. */
  readonly png: (background: string) => Blob | undefined;
}

/**
 * Keeps a cytoscape core in `container` in step with `model`. `onTap` gets the id of a tapped
 * node or edge, or undefined for a tap on the background.
 */
export function useCytoscape(container: RefObject<HTMLDivElement | null>, model: GraphModel, onTap: (id: string | undefined) => void): CytoscapeControls {
  const cyRef = useRef<Core | null>(null);
  const prev = useRef<GraphModel>(EMPTY_GRAPH);
  const remembered = useRef(new Map<string, Position>());
  /** True until the viewer pans or zooms: until then the view follows the graph. */
  const follow = useRef(true);
  const fitting = useRef(false);
  const largeStyle = useRef(false);
  const onTapRef = useRef(onTap);
  useEffect(() => {
    onTapRef.current = onTap;
  }, [onTap]);

  useEffect(() => {
    const element = container.current;
    if (element === null) return;
    registerLayouts();
    const memory = remembered.current;
    const cy = cytoscape({
      container: element,
      style: serviceMapStyle(),
      minZoom: 0.05,
      maxZoom: 2.5,
      boxSelectionEnabled: false,
      selectionType: "single",
    });
    cyRef.current = cy;
    cy.on("tap", (event) => onTapRef.current(event.target === cy ? undefined : (event.target as { id(): string }).id()));
    // Fires for our own fits too; `fitting` tells them apart from the viewer's pan and zoom.
    cy.on("viewport", () => {
      if (!fitting.current) follow.current = false;
    });
    const resize = new ResizeObserver(() => {
      cy.resize();
      if (follow.current) fitView(cy, fitting);
    });
    resize.observe(element);
    const debug = debugEnabled();
    if (debug) (window as unknown as DebugWindow)[DEBUG_KEY] = cy;
    return () => {
      resize.disconnect();
      if (debug && (window as unknown as DebugWindow)[DEBUG_KEY] === cy) delete (window as unknown as DebugWindow)[DEBUG_KEY];
      cy.destroy();
      cyRef.current = null;
      prev.current = EMPTY_GRAPH;
      memory.clear();
      follow.current = true;
      largeStyle.current = false;
    };
  }, [container]);

  useEffect(() => {
    const cy = cyRef.current;
    if (cy === null) return;
    const start = performance.now();
    const diff = diffGraph(prev.current, model);
    prev.current = model;
    if (isEmptyDiff(diff)) return;
    // The style switch comes first when growing, so 10,000 new edges are styled once, not twice;
    // when shrinking it comes after, so the remaining elements are restyled without the leavers.
    const size = cy.elements().length;
    const large = size + diff.addedNodes.length + diff.addedEdges.length - diff.removedNodes.length - diff.removedEdges.length > LARGE_MAP_ELEMENTS;
    const switchStyle = () => {
      if (large === largeStyle.current) return;
      largeStyle.current = large;
      cy.style(serviceMapStyle(large));
    };
    if (large) switchStyle();
    let applied: ReturnType<typeof applyDiff> | undefined;
    cy.batch(() => {
      applied = applyDiff(cy, diff, remembered.current);
    });
    performance.measure("service-map:apply-diff", { start, end: performance.now() });
    switchStyle();
    const layoutMs = placeNewNodes(cy, applied?.addedLeaves ?? []);
    if (layoutMs > 0) container.current?.setAttribute("data-layout-ms", layoutMs.toFixed(1));
    // The fit frames node boxes only, so edges never move it; skipping it for edge-only changes
    // saves most of an incremental update (on 2,000 nodes it measured 50-130 ms of 65-160 ms).
    const nodesMoved = diff.addedNodes.length + diff.removedNodes.length > 0 || diff.updatedNodes.some((u) => "parent" in u.changes);
    if (nodesMoved && follow.current) fitView(cy, fitting);
    // The whole update, diff to fit: what one model costs the main thread before cytoscape redraws.
    performance.measure("service-map:update", { start, end: performance.now() });
  }, [model, container]);

  // Created once: the callbacks only read refs.
  const [controls] = useState<CytoscapeControls>(() => ({
    fit: () => {
      const cy = cyRef.current;
      if (cy === null) return;
      follow.current = true;
      fitView(cy, fitting);
    },
    relayout: () => {
      const cy = cyRef.current;
      if (cy === null) return;
      const layoutMs = layoutAll(cy);
      cy.container()?.setAttribute("data-layout-ms", layoutMs.toFixed(1));
      follow.current = true;
      fitView(cy, fitting);
    },
    png: (background) => cyRef.current?.png({ output: "blob", full: true, scale: 2, bg: background }),
  }));
  return controls;
}
