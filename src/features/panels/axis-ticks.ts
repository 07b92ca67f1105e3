// Y-axis scales as Grafana draws them: steps of 1, 2, 2.5 or 5 × 10^k and a top on a step, so a
// drop rate of 3.3 p/s reads 0 – 1 – 2 – 3 – 4 rather than recharts' 0 – 0.85 – 1.7 – 2.55 – 3.4.
// The extent covers what is drawn: stacked sums for stacked panels, and the threshold line.
import type { ChartLine, ChartRow } from "./chart-model.ts";

export interface AxisScale {
  readonly domain: readonly [number, number];
  readonly ticks: readonly number[];
}

const MULTIPLES = [1, 2, 2.5, 5, 10];
/** Rounds away the float noise of repeated addition (0.1 + 0.2). */
const clean = (v: number) => Number(v.toPrecision(12));

/** Round ticks from at most 0 to at least 0 covering [min, max], about `target` intervals. */
export function niceScale(min: number, max: number, target = 4): AxisScale {
  let lo = Math.min(0, min);
  let hi = Math.max(0, max);
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return { domain: [0, 1], ticks: [0, 0.25, 0.5, 0.75, 1] };
  if (hi === lo) hi = lo + 1;
  const raw = (hi - lo) / target;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = (MULTIPLES.find((m) => m * magnitude >= raw * (1 - 1e-9)) ?? 10) * magnitude;
  lo = clean(Math.floor(clean(lo / step)) * step);
  hi = clean(Math.ceil(clean(hi / step)) * step);
  const ticks: number[] = [];
  for (let i = 0; clean(lo + i * step) <= hi; i++) ticks.push(clean(lo + i * step));
  return { domain: [lo, hi], ticks };
}

/** Ticks of a 100 % stacked axis. */
export const SHARE_SCALE: AxisScale = { domain: [0, 1], ticks: [0, 0.25, 0.5, 0.75, 1] };

/**
 * Smallest and largest value drawn on one axis by `lines` (hidden ones left out): each value, or
 * for stacked panels the sums of positive and of negative values per row, plus `extra` (a threshold).
 */
export function axisExtent(rows: readonly ChartRow[], lines: readonly ChartLine[], stacked: boolean, extra: readonly number[] = []): [number, number] {
  let min = Math.min(0, ...extra);
  let max = Math.max(0, ...extra);
  for (const row of rows) {
    let up = 0;
    let down = 0;
    for (const line of lines) {
      const v = row[line.key];
      if (typeof v !== "number") continue;
      if (stacked) {
        if (v >= 0) up += v;
        else down += v;
      } else {
        if (v > max) max = v;
        if (v < min) min = v;
      }
    }
    if (up > max) max = up;
    if (down < min) min = down;
  }
  return [min, max];
}
