import { describe, expect, it } from "vitest";
import { addToFilter, chipText, filterChips, removeChip } from "./filter-chips.ts";

describe("filter chips", () => {
  it("shows each flag of a typed filter as a chip", () => {
    const result = filterChips("--verdict DROPPED --to-port 80 --not --from-label app=frontend");
    expect(result.ok && result.chips.map(chipText)).toEqual(["verdict DROPPED", "to-port 80", "not from-label app=frontend"]);
  });

  it("adds typed flags to the filter and removes a chip", () => {
    const added = addToFilter("--verdict DROPPED", "--http-status 403");
    expect(added).toEqual({ ok: true, filter: "--verdict DROPPED --http-status 403" });
    const chips = filterChips(added.ok ? added.filter : "");
    expect(chips.ok && removeChip(chips.chips, 0)).toBe("--http-status 403");
  });

  it.each([
    ["an unknown flag", "--colour red"],
    ["a missing value", "--verdict"],
    ["a trailing --not", "--not"],
  ])("refuses %s with a message", (_name, typed) => {
    const result = addToFilter("", typed);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.length).toBeGreaterThan(5);
  });
});
