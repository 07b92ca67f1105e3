// The panels' one PanelEngine, fed like the service map: every batch the store ingests, cleared
// with the ring. The page's filters reach it two ways: live, the server already applied the typed
// filters and namespaces, so every streamed flow counts; a file (or a map selection) comes with a
// client-side predicate, and a new predicate means a new engine rebuilt from the ring's flows.
//
// The rebuild is sliced (REBUILD_CHUNK flows per task) so 250,000 flows never freeze the page:
// new batches go to the new engine at once, the ring's older flows follow chunk by chunk (the
// engine takes flows in any order). Readers re-evaluate at most once per second (a new snapshot),
// however often batches arrive: Grafana refreshes every 30 s, a live lab wants more, the eye
// cannot follow more.
import { useEffect, useMemo, useRef, useState } from "react";
import type { Flow } from "../../gen/flow/flow_pb.ts";
import type { EvaluationRange, NodeGrouping, PanelDefinition, PanelSeries } from "../../domain/panels/panel-definition.ts";
import { PanelEngine } from "../../domain/panels/panel-engine.ts";

/** What the hook needs of the page's LiveStore (src/app/live-store.ts). */
export interface PanelFlowSource {
  readonly ring: {
    readonly firstSeq: number;
    readonly nextSeq: number;
    get(seq: number): Flow | undefined;
  };
  addConsumer(consumer: { add(flows: readonly Flow[]): void; clear(): void }): () => void;
}

/**
 * The engine as of one refresh: what the toolbar shows and how panels evaluate. A new object per
 * refresh (at most one a second), so it is the memo key of everything derived from the engine.
 */
export interface PanelSnapshot {
  /** Flow time held, or undefined before the first counted flow. */
  readonly span: { readonly startMs: number; readonly endMs: number } | undefined;
  /** Flows counted. */
  readonly flows: number;
  /** True while the ring's flows are still being counted into a new engine. */
  readonly rebuilding: boolean;
  readonly evaluate: (panel: PanelDefinition, range: EvaluationRange, grouping: NodeGrouping) => PanelSeries[];
}

function snapshotOf(engine: PanelEngine, rebuilding: boolean): PanelSnapshot {
  return { span: engine.span, flows: engine.stats.flows, rebuilding, evaluate: (panel, range, grouping) => engine.evaluate(panel, range, grouping) };
}

/** Flow time kept: the longest panel range (1 h) plus the longest rate window (5 m) and a margin. */
export const PANEL_RETENTION_MS = 66 * 60_000;
/** Flows counted per task during a rebuild: ~10–20 ms of work, well under a frame budget of 50. */
export const REBUILD_CHUNK = 10_000;
/** Minimum time between two re-evaluations. */
export const REFRESH_MS = 1_000;

/** One engine over the store's flows (filtered by `predicate`), and when to re-evaluate it. */
export function usePanelEngine(store: PanelFlowSource, version: number, predicate?: (flow: Flow) => boolean): PanelSnapshot {
  const engine = useMemo(
    () => new PanelEngine(predicate ? { predicate, retentionMs: PANEL_RETENTION_MS } : { retentionMs: PANEL_RETENTION_MS }),
    [predicate],
  );
  // The engine whose backfill has finished; any other engine is still being rebuilt.
  const [rebuiltEngine, setRebuiltEngine] = useState<PanelEngine | undefined>();
  const rebuilding = rebuiltEngine !== engine;
  useEffect(() => {
    // Start from nothing: under StrictMode the effect runs twice on one engine.
    engine.clear();
    const { ring } = store;
    // Flows appended from here on reach the engine as batches; those already held are backfilled.
    const end = ring.nextSeq;
    const detach = store.addConsumer(engine);
    let seq = ring.firstSeq;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const step = () => {
      // Evicted or cleared flows read as undefined and are skipped, so a clear() mid-rebuild is safe.
      const stop = Math.min(end, seq + REBUILD_CHUNK);
      const chunk: Flow[] = [];
      for (seq = Math.max(seq, ring.firstSeq); seq < stop; seq++) {
        const flow = ring.get(seq);
        if (flow !== undefined) chunk.push(flow);
      }
      engine.add(chunk);
      if (seq < end) timer = setTimeout(step, 0);
      else setRebuiltEngine(engine);
    };
    timer = setTimeout(step, 0);
    return () => {
      clearTimeout(timer);
      detach();
    };
  }, [store, engine]);
  const [snapshot, setSnapshot] = useState(() => snapshotOf(engine, true));
  const lastRefresh = useRef(Number.NEGATIVE_INFINITY);
  const seenVersion = useRef(version);
  useEffect(() => {
    // New flows wait for the throttle (batches arriving faster than REFRESH_MS share one refresh,
    // and the last one is never lost); a new engine or a finished rebuild shows at once.
    const newFlows = version !== seenVersion.current;
    seenVersion.current = version;
    const wait = newFlows ? Math.max(0, lastRefresh.current + REFRESH_MS - performance.now()) : 0;
    const timer = setTimeout(() => {
      lastRefresh.current = performance.now();
      setSnapshot(snapshotOf(engine, rebuilding));
    }, wait);
    return () => clearTimeout(timer);
  }, [engine, version, rebuilding]);
  return snapshot;
}
