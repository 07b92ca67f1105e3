import { describe, expect, it } from "vitest";
import { DEFAULT_COLUMN_IDS } from "./flow-columns.ts";
import {
  DEFAULT_TABLE_SETTINGS,
  moveColumn,
  normaliseColumns,
  parseTableSettings,
  serializeTableSettings,
  toggleColumn,
} from "./table-settings.ts";
import { RowTextCache } from "./row-text-cache.ts";

describe("table settings", () => {
  it.each([
    ["nothing stored", null],
    ["not JSON", "{nope"],
    ["an array", "[]"],
    ["null", "null"],
    ["a number", "42"],
    ["an empty object", "{}"],
    ["only unknown columns", '{"columns":["bogus",7]}'],
    ["wrong types", '{"columns":"time","compact":"yes"}'],
  ])("falls back to the defaults for %s", (_, text) => {
    expect(parseTableSettings(text)).toEqual(DEFAULT_TABLE_SETTINGS);
  });

  it("round-trips, dropping unknown and repeated column ids", () => {
    const stored = '{"columns":["verdict","bogus","time","verdict"],"compact":true,"printNodeName":true,"numeric":false}';
    const settings = parseTableSettings(stored);
    expect(settings).toEqual({ columns: ["verdict", "time"], compact: true, printNodeName: true, printPolicyNames: false, numeric: false });
    // The verdict column is put back when stored settings lack it.
    expect(parseTableSettings('{"columns":["time","node"]}').columns).toEqual(["time", "node", "verdict"]);
    expect(parseTableSettings(serializeTableSettings(settings))).toEqual(settings);
  });

  it.each([
    [["time", "verdict"], "time", ["verdict"]],
    [["time", "verdict"], "verdict", ["time", "verdict"]],
    [["time", "verdict"], "node", ["time", "verdict", "node"]],
    [["verdict"], "time", ["verdict", "time"]],
    [["time", "verdict"], "bogus", ["time", "verdict"]],
  ])("toggleColumn(%j, %s) → %j", (columns, id, expected) => {
    expect(toggleColumn(columns, id)).toEqual(expected);
  });

  it.each([
    [["a", "b", "c"], "b", -1, ["b", "a", "c"]],
    [["a", "b", "c"], "b", 1, ["a", "c", "b"]],
    [["a", "b", "c"], "a", -1, ["a", "b", "c"]],
    [["a", "b", "c"], "c", 1, ["a", "b", "c"]],
    [["a", "b", "c"], "x", 1, ["a", "b", "c"]],
  ] as const)("moveColumn(%j, %s, %i) → %j", (columns, id, by, expected) => {
    expect(moveColumn(columns, id, by)).toEqual(expected);
  });

  it("never normalises to no columns", () => {
    expect(normaliseColumns([])).toEqual(DEFAULT_COLUMN_IDS);
  });
});

describe("RowTextCache", () => {
  it("computes once per key and keeps at most two generations", () => {
    const cache = new RowTextCache<string>(2);
    let computed = 0;
    const get = (key: number) =>
      cache.get(key, () => {
        computed++;
        return `row ${key}`;
      });
    expect([get(1), get(1), get(2)]).toEqual(["row 1", "row 1", "row 2"]);
    expect(computed).toBe(2);
    get(3); // rolls 1 and 2 into the previous generation
    expect(get(1)).toBe("row 1"); // promoted, not recomputed
    expect(computed).toBe(3);
    get(4);
    get(5);
    get(6); // 2 has now aged out of both generations
    get(2);
    expect(computed).toBe(7);
    expect(cache.size).toBeLessThanOrEqual(4);
  });
});
