// The UI benchmark's handle on the map (`npm run bench:ui`, e2e/bench), set only with `?debug=1`
// like window.__cy. The bench cannot make the aggregator produce a 2,000-node graph from flows in
// reasonable time, so it hands a synthetic GraphModel to the map instead: the model replaces the
// aggregator's in ServiceMap and takes exactly the path every live model takes (useCytoscape:
// diffGraph, applyDiff in one batch, the style switch, placement or layout, fit). The timings are
// the performance measures that path records anyway, so the hook adds no clock of its own to it.
// Traded away: once the bench has shown a model, the aggregator's models are ignored until reload.
import type { Core } from "cytoscape";
import { useEffect, useState } from "react";
import type { GraphEdge, GraphModel, GraphNode } from "../../domain/aggregation/service-map/graph-model.ts";
import { debugEnabled } from "./use-cytoscape.ts";

/** A GraphModel as plain arrays: what page.evaluate can carry (no Maps). */
export interface PlainGraphModel {
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
  readonly windowMs: number | "all";
  readonly nowMs: number;
  readonly multiCluster: boolean;
}

/** Durations (ms) of one model update, from the `service-map:*` measures it recorded. */
export interface MapBenchTimings {
  /** The whole update effect: diff, apply, style switch, placement or layout, fit. */
  readonly updateMs: number;
  readonly applyDiffMs: number;
  /** Layout measures by name (`service-map:tile-layout`, `…:incremental-layout`, …); empty when nothing was placed. */
  readonly layouts: Readonly<Record<string, number>>;
  /** From handing over the model to the end of cytoscape's first redraw after the update (its `render` event). */
  readonly drawnMs: number;
}

export interface MapBenchHandle {
  /** Draws `model` instead of the aggregator's; resolves once it is drawn. */
  show(model: PlainGraphModel): Promise<MapBenchTimings>;
}

/** Where the handle lives on `window`, for e2e/bench. */
export const MAP_BENCH_KEY = "__mapBench";
const UPDATE_MEASURE = "service-map:update";
const TIMEOUT_MS = 120_000;

const nextFrame = () => new Promise<number>((resolve) => requestAnimationFrame(resolve));

/** Resolves once the update measure after `start` exists and a redraw (a time in `renders`) followed it. */
async function timingsSince(start: number, renders: readonly number[]): Promise<MapBenchTimings> {
  const after = (name: string) => performance.getEntriesByName(name, "measure").filter((e) => e.startTime >= start);
  let drawn: number | undefined;
  while (drawn === undefined) {
    if (performance.now() - start > TIMEOUT_MS) throw new Error("the map did not update and redraw (was the model the same as before?)");
    await nextFrame();
    const update = after(UPDATE_MEASURE)[0];
    if (update !== undefined) drawn = renders.find((t) => t >= update.startTime + update.duration);
  }
  const layouts: Record<string, number> = {};
  for (const entry of performance.getEntriesByType("measure")) {
    if (entry.startTime >= start && entry.name.endsWith("-layout")) layouts[entry.name] = (layouts[entry.name] ?? 0) + entry.duration;
  }
  return {
    updateMs: after(UPDATE_MEASURE)[0]?.duration ?? Number.NaN,
    applyDiffMs: after("service-map:apply-diff")[0]?.duration ?? 0,
    layouts,
    drawnMs: drawn - start,
  };
}

function toModel(plain: PlainGraphModel): GraphModel {
  return {
    nodes: new Map(plain.nodes.map((n) => [n.id, n])),
    edges: new Map(plain.edges.map((e) => [e.id, e])),
    windowMs: plain.windowMs,
    nowMs: plain.nowMs,
    multiCluster: plain.multiCluster,
  };
}

/** `model`, or with `?debug=1` the last model the bench showed through `window.__mapBench`. */
export function useBenchModel(model: GraphModel): GraphModel {
  const [shown, setShown] = useState<GraphModel | undefined>(undefined);
  useEffect(() => {
    if (!debugEnabled()) return;
    const slot = window as unknown as Record<string, unknown>;
    const handle: MapBenchHandle = {
      show: (plain) => {
        const next = toModel(plain);
        // Cytoscape's render event marks the end of each redraw; window.__cy is set with ?debug=1 too.
        const cy = slot["__cy"] as Core | undefined;
        if (cy === undefined) return Promise.reject(new Error("no map on the page (window.__cy)"));
        const renders: number[] = [];
        const onRender = () => void renders.push(performance.now());
        cy.on("render", onRender);
        // Converted before the clock starts: the Maps are the bench's cost, not the map's.
        const start = performance.now();
        setShown(next);
        return timingsSince(start, renders).finally(() => cy.off("render", onRender));
      },
    };
    slot[MAP_BENCH_KEY] = handle;
    return () => {
      if (slot[MAP_BENCH_KEY] === handle) delete slot[MAP_BENCH_KEY];
    };
  }, []);
  return shown ?? model;
}
