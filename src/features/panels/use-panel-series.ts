// Every shown panel's series, evaluated in one memo per refresh: at most once a second (a new
// engine snapshot), or when the range, the grouping or the shown panels change, never per batch
// or per re-render. The engine's bench puts all 31 panels over 15 minutes at a few ms; the page's
// own figure comes from the debug hook below, which times the same calls outside React.
import { useEffect, useMemo } from "react";
import type { EvaluationRange, NodeGrouping, PanelDefinition, PanelSeries } from "../../domain/panels/panel-definition.ts";
import type { PanelSnapshot } from "./use-panel-engine.ts";

/** Series per panel id; empty while there is no range (nothing counted yet). */
export function usePanelSeries(
  snapshot: PanelSnapshot,
  panels: readonly PanelDefinition[],
  range: EvaluationRange | undefined,
  grouping: NodeGrouping,
): ReadonlyMap<string, readonly PanelSeries[]> {
  return useMemo(() => {
    const out = new Map<string, readonly PanelSeries[]>();
    if (range === undefined) return out;
    for (const panel of panels) out.set(panel.id, snapshot.evaluate(panel, range, grouping));
    return out;
  }, [snapshot, panels, range, grouping]);
}

/** Where the debug hook lives on `window` (set only with ?debug=1, like window.__cy). */
export const PANEL_BENCH_KEY = "__panelBench";

/** What e2e/bench scripts can ask the page. */
export interface PanelBenchHandle {
  /** Flows counted, and how long evaluating `panels` over `range` takes (ms), `repeat` times. */
  evaluateAll(repeat?: number): { flows: number; panels: number; series: number; ms: number[] };
}

/** Exposes PanelBenchHandle for the current snapshot, panels, range and grouping under ?debug=1. */
export function usePanelBenchHook(snapshot: PanelSnapshot, panels: readonly PanelDefinition[], range: EvaluationRange | undefined, grouping: NodeGrouping): void {
  useEffect(() => {
    if (range === undefined || new URLSearchParams(window.location.search).get("debug") !== "1") return;
    const handle: PanelBenchHandle = {
      evaluateAll: (repeat = 5) => {
        const ms: number[] = [];
        let series = 0;
        for (let i = 0; i < repeat; i++) {
          const started = performance.now();
          series = panels.reduce((n, panel) => n + snapshot.evaluate(panel, range, grouping).length, 0);
          ms.push(performance.now() - started);
        }
        return { flows: snapshot.flows, panels: panels.length, series, ms };
      },
    };
    const slots = window as unknown as Record<string, unknown>;
    slots[PANEL_BENCH_KEY] = handle;
    return () => {
      if (slots[PANEL_BENCH_KEY] === handle) delete slots[PANEL_BENCH_KEY];
    };
  }, [snapshot, panels, range, grouping]);
}
