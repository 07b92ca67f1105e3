// Gap markers among the flow rows: where the live stream broke and resumed, so
// flows in between may be missing. The table lists flows in arrival order
// (ring sequence numbers), not by flow time, and flows from different nodes
// arrive with skewed clocks, so a marker placed by time would land between
// the wrong rows. A marker is anchored to a sequence number instead: the
// ring's nextSeq when the stream resumed. Every flow received before the
// break has a lower one, every flow after it this one or higher, so the
// marker sits exactly between them and keeps its place as newer flows arrive
// (they only add rows above it). Traded away: a marker cannot say which of
// the rows after it were in fact replayed from the server's buffer.
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import type { StreamGap } from "../../api/flow-stream.ts";
import type { FlowRows } from "../../domain/aggregation/flow-ring.ts";
import { formatGoTime } from "../../domain/flow/go-format.ts";

export interface GapMarker extends StreamGap {
  /** The ring's nextSeq when the stream resumed (before any flow of the new stream was appended). */
  readonly atSeq: number;
}

/** A marker with its place in the table's newest-first row list (flows and markers). */
export interface PlacedGap {
  readonly gap: GapMarker;
  /** Index among all table rows, markers included (0 = top). */
  readonly index: number;
  /** Flow rows above the marker: those received after the stream resumed. */
  readonly flowsAbove: number;
}

export type TableRow = { readonly kind: "flow"; readonly flowIndex: number } | { readonly kind: "gap"; readonly gap: GapMarker };

/**
 * Places `gaps` among the newest-first rows below `bound` (the table's pause
 * point). A marker shows when the table holds a flow from before the break
 * (`firstSeq`, the ring's oldest, is below it: after clear() or once those
 * flows are evicted there is nothing for it to sit between) and the stream
 * had resumed by `bound` (a table paused before the break shows none).
 * Markers with the same anchor (breaks with no flow between them) are listed
 * newest first, like the rows.
 */
export function placeGaps(rows: FlowRows, bound: number, firstSeq: number, gaps: readonly GapMarker[]): PlacedGap[] {
  const shown = gaps.map((gap, order) => ({ gap, order })).filter(({ gap }) => gap.atSeq > firstSeq && gap.atSeq <= bound);
  shown.sort((a, b) => b.gap.atSeq - a.gap.atSeq || b.order - a.order);
  const newer = rows.countBefore(bound);
  return shown.map(({ gap }, i) => {
    const flowsAbove = newer - rows.countBefore(gap.atSeq);
    return { gap, index: flowsAbove + i, flowsAbove };
  });
}

/** What the `index`-th table row is: a marker, or the flow at `flowIndex` among the flow rows. */
export function tableRowAt(placed: readonly PlacedGap[], index: number): TableRow {
  let markersAbove = 0;
  for (const p of placed) {
    if (p.index === index) return { kind: "gap", gap: p.gap };
    if (p.index < index) markersAbove++;
  }
  return { kind: "flow", flowIndex: index - markersAbove };
}

/** The table row index of the `flowIndex`-th flow row (for keyboard moves between flows). */
export function tableIndexOfFlow(placed: readonly PlacedGap[], flowIndex: number): number {
  return flowIndex + placed.filter((p) => p.flowsAbove <= flowIndex).length;
}

/**
 * The marker's text, times as the Timestamp column prints them (UTC,
 * `Jan _2 15:04:05.000`) so they read against the rows around it.
 */
export function gapText(gap: StreamGap): string {
  const until = formatGoTime(timestampFromMs(gap.resumedAt));
  if (gap.fromMs === undefined) return `⋯ stream interrupted until ${until}: flows before it may be missing`;
  return `⋯ stream interrupted ${formatGoTime(timestampFromMs(gap.fromMs))} – ${until}: flows in between may be missing`;
}
