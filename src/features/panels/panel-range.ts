// The steps panels are evaluated at: the chosen range ending at the newest flow, with a step that
// gives about 150–180 points whatever the range (Grafana picks its step from the panel width the
// same way), always whole seconds so the engine's 1 s buckets answer exactly.
import type { EvaluationRange } from "../../domain/panels/panel-definition.ts";
import { alignedRange } from "../../domain/panels/panel-engine.ts";

/** Step per range length: 5 m → 2 s, 15 m → 5 s, 30 m → 10 s, 1 h → 20 s. */
export function stepFor(durationMs: number): number {
  const target = durationMs / 180;
  const steps = [1_000, 2_000, 5_000, 10_000, 15_000, 20_000, 30_000, 60_000];
  return steps.find((s) => s >= target) ?? 60_000;
}

/** The range to draw, or undefined while nothing was counted. */
export function panelRange(span: { readonly endMs: number } | undefined, durationMs: number): EvaluationRange | undefined {
  if (span === undefined) return undefined;
  return alignedRange(span.endMs, durationMs, stepFor(durationMs));
}

const TICK_INTERVALS = [10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000, 3_600_000];

/**
 * Time-axis ticks on round clock times (every 1, 2, 5, 10 … minutes), at most `maxTicks` of them:
 * recharts' own ticks for a numeric axis are round numbers of milliseconds, not round times.
 */
export function timeTicks(range: EvaluationRange, maxTicks = 8): number[] {
  const span = range.endMs - range.startMs;
  const interval = TICK_INTERVALS.find((i) => span / i <= maxTicks) ?? TICK_INTERVALS[TICK_INTERVALS.length - 1]!;
  const ticks: number[] = [];
  for (let t = Math.ceil(range.startMs / interval) * interval; t <= range.endMs; t += interval) ticks.push(t);
  return ticks;
}

/** A tick label in local time: HH:MM, with seconds when ticks are less than a minute apart. */
const two = (n: number) => String(n).padStart(2, "0");

export function clockLabel(ms: number, withSeconds: boolean): string {
  const d = new Date(ms);
  return `${two(d.getHours())}:${two(d.getMinutes())}${withSeconds ? `:${two(d.getSeconds())}` : ""}`;
}
