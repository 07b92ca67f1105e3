import { describe, expect, it } from "vitest";
import { FilteredFlowView, FlowRing, NO_BOUND, type FlowRows } from "../../domain/aggregation/flow-ring.ts";
import { buildFlow } from "../../testing/flow-builders.ts";
import { type GapMarker, gapText, placeGaps, tableIndexOfFlow, tableRowAt } from "./gap-rows.ts";

/**
 * Plays a script on a ring: a letter appends a flow with that uuid, "|" is a
 * break and resume (a marker anchored at the ring's nextSeq, as the live store
 * records it), "C" clears the ring.
 */
function play(capacity: number, script: string): { ring: FlowRing; gaps: GapMarker[] } {
  const ring = new FlowRing(capacity);
  const gaps: GapMarker[] = [];
  for (const step of script) {
    if (step === "|") gaps.push({ atSeq: ring.nextSeq, fromMs: undefined, resumedAt: gaps.length });
    else if (step === "C") ring.clear();
    else ring.append([buildFlow({ uuid: step })]);
  }
  return { ring, gaps };
}

/** The table's rows top to bottom: flow uuids, "|" for a marker. */
function table(ring: FlowRing, rows: FlowRows, bound: number, gaps: readonly GapMarker[]): string {
  const placed = placeGaps(rows, bound, ring.firstSeq, gaps);
  let out = "";
  for (let index = 0; index < rows.countBefore(bound) + placed.length; index++) {
    const row = tableRowAt(placed, index);
    out += row.kind === "gap" ? "|" : ring.get(rows.seqBefore(bound, row.flowIndex)!)!.uuid;
  }
  return out;
}

describe("placeGaps", () => {
  it.each([
    // capacity, script, shown newest first
    [10, "abc|de", "ed|cba"],
    [10, "abc|", "|cba"],
    [10, "a|b|c", "c|b|a"],
    [10, "ab||cd", "dc||ba"],
    // A break before any flow: nothing for a marker to sit between.
    [10, "|abc", "cba"],
    [10, "", ""],
    // The flows before the break evicted: the marker goes with them.
    [3, "ab|cde", "edc"],
    [4, "ab|cde", "edc|b"],
    // Cleared: markers anchored before the clear are gone.
    [10, "ab|cC", ""],
    [10, "ab|cCde", "ed"],
    [10, "abC|cd", "dc"],
  ])("capacity %i, %j → %j", (capacity, script, expected) => {
    const { ring, gaps } = play(capacity, script);
    expect(table(ring, ring, NO_BOUND, gaps)).toBe(expected);
  });

  it("keeps a marker between the same two flows as newer flows arrive", () => {
    const { ring, gaps } = play(10, "abc|d");
    expect(table(ring, ring, ring.nextSeq, gaps)).toBe("d|cba");
    ring.append([buildFlow({ uuid: "e" }), buildFlow({ uuid: "f" })]);
    expect(table(ring, ring, ring.nextSeq, gaps)).toBe("fed|cba");
  });

  it.each([
    // pause bound, shown
    [2, "ba"],
    [3, "|cba"],
    [4, "d|cba"],
  ])("paused at sequence %i: %j", (bound, expected) => {
    const { ring, gaps } = play(10, "abc|de");
    expect(table(ring, ring, bound, gaps)).toBe(expected);
  });

  it.each([
    // kept by the filter, shown
    ["ad", "d|a"],
    ["ab", "|ba"],
    // The ring holds older flows, none match: flows that would have matched may still be missing.
    ["de", "ed|"],
    ["", "|"],
  ])("filtered to %j: %j", (kept, expected) => {
    const { ring, gaps } = play(10, "abc|de");
    const view = new FilteredFlowView(ring, (flow) => kept.includes(flow.uuid));
    expect(table(ring, view, NO_BOUND, gaps)).toBe(expected);
  });

  it.each(["abc|de", "a|b|c", "ab||cd", "abc|", "|abc"])("maps every flow row to its table row and back: %j", (script) => {
    const { ring, gaps } = play(10, script);
    const placed = placeGaps(ring, NO_BOUND, ring.firstSeq, gaps);
    for (let flowIndex = 0; flowIndex < ring.size; flowIndex++) {
      expect(tableRowAt(placed, tableIndexOfFlow(placed, flowIndex))).toEqual({ kind: "flow", flowIndex });
    }
  });
});

describe("gapText", () => {
  it.each([
    [{ fromMs: Date.UTC(2024, 2, 9, 21, 3, 4, 125), resumedAt: Date.UTC(2024, 2, 9, 21, 3, 19, 7) }, "⋯ stream interrupted Mar  9 21:03:04.125 – Mar  9 21:03:19.007: flows in between may be missing"],
    [{ fromMs: Date.UTC(2021, 10, 10, 10, 41, 0, 353), resumedAt: Date.UTC(2024, 0, 15, 8, 0, 0, 0) }, "⋯ stream interrupted Nov 10 10:41:00.353 – Jan 15 08:00:00.000: flows in between may be missing"],
    [{ fromMs: undefined, resumedAt: Date.UTC(2024, 2, 9, 21, 3, 19, 0) }, "⋯ stream interrupted until Mar  9 21:03:19.000: flows before it may be missing"],
  ])("%j → %s", (gap, expected) => {
    expect(gapText(gap)).toBe(expected);
  });
});
