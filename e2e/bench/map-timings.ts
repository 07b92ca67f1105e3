// Map timings on the synthetic 2,000-node / 10,000-edge graph, taken in the page through the
// `?debug=1` handle (src/features/service-map/map-bench-hook.ts): the models go through the
// app's own update path, and the figures are that path's performance measures.
import type { Page } from "@playwright/test";
import type { GraphModel } from "../../src/domain/aggregation/service-map/graph-model.ts";
import { syntheticModel } from "../../src/domain/aggregation/service-map/service-map.bench.ts";
import type { MapBenchHandle, MapBenchTimings, PlainGraphModel } from "../../src/features/service-map/map-bench-hook.ts";
import { toPlain, withNewEdges } from "./synthetic-graph.ts";

/** map-bench-hook.ts's MAP_BENCH_KEY, repeated: importing its value would load React and cytoscape into this Node process. */
const MAP_BENCH_KEY = "__mapBench";

export interface MapFigures {
  readonly nodes: number;
  readonly edges: number;
  readonly first: MapBenchTimings;
  /** One entry per batch of new edges, in order (each batch adds to the previous model). */
  readonly batches: readonly MapBenchTimings[];
  readonly batchSize: number;
}

function show(page: Page, model: PlainGraphModel): Promise<MapBenchTimings> {
  return page.evaluate(
    ({ key, plain }) => ((window as unknown as Record<string, MapBenchHandle>)[key] as MapBenchHandle).show(plain),
    { key: MAP_BENCH_KEY, plain: model },
  );
}

/** Draws the synthetic graph on `page` (opened with ?debug=1, no flows), then `batches` batches of `batchSize` new edges. */
export async function measureMap(page: Page, batches: number, batchSize = 100): Promise<MapFigures> {
  await page.waitForFunction((key) => key in window && "__cy" in window, MAP_BENCH_KEY, { timeout: 30_000 });
  let model: GraphModel = syntheticModel(2000, 10_000);
  const first = await show(page, toPlain(model));
  const timings: MapBenchTimings[] = [];
  for (let i = 0; i < batches; i++) {
    // A quiet frame or two between batches, as between two live models (they come ≥ 0.5 s apart).
    await page.waitForTimeout(300);
    model = withNewEdges(model, batchSize, 100 + i);
    timings.push(await show(page, toPlain(model)));
  }
  const drawn = await page.evaluate(() => {
    const cy = (window as unknown as Record<string, { nodes(): { length: number }; edges(): { length: number } }>)["__cy"];
    return { nodes: cy?.nodes().length ?? 0, edges: cy?.edges().length ?? 0 };
  });
  return { nodes: drawn.nodes, edges: drawn.edges, first, batches: timings, batchSize };
}

export function median(values: readonly number[]): number {
  const sorted = values.toSorted((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
