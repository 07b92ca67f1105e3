// Reading a ServiceMapAggregator into a GraphModel at most a few times per second: after new
// flows (a `version` change), after the query changes, and on a slow tick so the window slides
// and old edges fade and leave even when no flows arrive.
import { useEffect, useRef, useState } from "react";
import type { ModelQuery } from "../../domain/aggregation/service-map/build-model.ts";
import { EMPTY_GRAPH, type GraphModel } from "../../domain/aggregation/service-map/graph-model.ts";
import type { ServiceMapAggregator } from "../../domain/aggregation/service-map/service-map-aggregator.ts";

const LARGE_EDGES = 2000;

export interface ServiceMapModelOptions {
  /**
   * Minimum time between two models. Default 500 ms, 2 s once the map has more than 2,000 edges
   * (every model redraws the canvas, and drawing 10,000 edges takes most of a second).
   */
  readonly intervalMs?: number;
  /** Time between models when nothing arrives (the window still slides). Default 5 s. */
  readonly tickMs?: number;
  /** The window's "now": wall clock by default; a replay passes its own clock. */
  readonly clock?: () => number;
}

/** The aggregator's model for `query`, recomputed when `version` or the query changes (throttled). */
export function useServiceMapModel(aggregator: ServiceMapAggregator, version: number, query: Omit<ModelQuery, "nowMs">, options: ServiceMapModelOptions = {}): GraphModel {
  const [model, setModel] = useState<GraphModel>(EMPTY_GRAPH);
  const intervalMs = options.intervalMs ?? (model.edges.size > LARGE_EDGES ? 2000 : 500);
  const tickMs = options.tickMs ?? 5000;
  const clock = useRef(options.clock ?? Date.now);
  useEffect(() => {
    clock.current = options.clock ?? Date.now;
  });
  const lastRun = useRef(Number.NEGATIVE_INFINITY);
  const seenVersion = useRef(version);
  const { windowMs, namespaces, predicate, staleAfterMs } = query;
  useEffect(() => {
    const run = () => {
      lastRun.current = performance.now();
      setModel(aggregator.model({ windowMs, namespaces, predicate, staleAfterMs, nowMs: clock.current() }));
    };
    // New flows wait for the throttle; a changed query (window, namespaces) shows at once.
    const throttled = version !== seenVersion.current;
    seenVersion.current = version;
    const timer = setTimeout(run, throttled ? Math.max(0, lastRun.current + intervalMs - performance.now()) : 0);
    const ticker = setInterval(run, tickMs);
    return () => {
      clearTimeout(timer);
      clearInterval(ticker);
    };
  }, [aggregator, version, windowMs, namespaces, predicate, staleAfterMs, intervalMs, tickMs]);
  return model;
}
