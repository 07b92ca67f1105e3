// Test helpers for the panel tests: flows at whole-second offsets from a fixed time, and panel
// values read at one step as { legend: value } so expectations read like a Grafana tooltip.
import type { Flow } from "../../gen/flow/flow_pb.ts";
import { type FlowInit, buildFlow, timestamp } from "../../testing/flow-builders.ts";
import type { EvaluationRange, NodeGrouping, PanelDefinition } from "./panel-definition.ts";
import { PanelEngine, type PanelEngineOptions } from "./panel-engine.ts";

/** The tests' time origin, 2024-05-01T12:00:00Z: offsets below are seconds from it. */
export const T0 = Date.parse("2024-05-01T12:00:00Z");

/** Flow time `seconds` after T0 (fractions allowed, down to ms). */
export const atSecond = (seconds: number): FlowInit => ({ time: timestamp(new Date(T0 + Math.round(seconds * 1000)).toISOString()) });

/** `count` flows made of the same pieces at the given second. */
export function times(count: number, second: number, ...pieces: FlowInit[]): Flow[] {
  return Array.from({ length: count }, () => buildFlow(atSecond(second), ...pieces));
}

/** An engine holding `flows`. */
export function engineOf(flows: readonly Flow[], options: PanelEngineOptions = {}): PanelEngine {
  const engine = new PanelEngine(options);
  engine.add(flows);
  return engine;
}

/** Steps from `start` to `end` seconds after T0, every `step` seconds. */
export function secondsRange(start: number, end: number, step: number): EvaluationRange {
  return { startMs: T0 + start * 1000, endMs: T0 + end * 1000, stepMs: step * 1000 };
}

/**
 * The panel's values at one step, `second` after T0, keyed by legend (and by `legend@node` or
 * `legend@cluster` when split per node or cluster, since legends then repeat; a legend that is the
 * node name itself stays as it is).
 */
export function valuesAt(engine: PanelEngine, panel: PanelDefinition, second: number, grouping: NodeGrouping = "sum"): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const s of engine.evaluate(panel, secondsRange(second, second, 1), grouping)) {
    const where = grouping === "node" ? `@${s.labels["node_name"]}` : grouping === "cluster" ? `@${s.labels["cluster"]}` : "";
    const key = s.legend === s.labels["node_name"] ? s.legend : `${s.legend}${where}`;
    out[key] = s.values[0] ?? null;
  }
  return out;
}
