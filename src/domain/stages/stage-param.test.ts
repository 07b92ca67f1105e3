import { describe, expect, it } from "vitest";
import { formatStageParam, parseStageParam } from "./stage-param.ts";
import { MAX_MARKERS, type StageMarker } from "./stage-timeline.ts";

const LAB_START = Date.UTC(2025, 9, 2, 14, 0, 0);
const shop: StageMarker[] = [
  { timeMs: LAB_START, label: "1 Allow-All", source: "simulator" },
  { timeMs: LAB_START + 45_000, label: "2 DNS", source: "simulator" },
  { timeMs: LAB_START + 45_000 + 12_345, label: "my mark", source: "user" },
];

describe("formatStageParam", () => {
  it.each<[string, StageMarker[], string]>([
    ["no markers", [], ""],
    ["the shop ladder's first stages and a user mark", shop, "smg9hfi80-1_20Allow_2DAll.syq0-2_20DNS.u9ix-my_20mark"],
    ["non-ASCII labels as UTF-8 bytes", [{ timeMs: 0, label: "단계 é", source: "user" }], "u0-_EB_8B_A8_EA_B3_84_20_C3_A9"],
    ["unsorted input is sorted", [shop[1]!, shop[0]!], "smg9hfi80-1_20Allow_2DAll.syq0-2_20DNS"],
  ])("%s", (_, markers, expected) => {
    expect(formatStageParam(markers)).toBe(expected);
  });

  it("only uses characters a URL query keeps as they are", () => {
    const text = formatStageParam([...shop, { timeMs: LAB_START + 99_999, label: "a.b-c_d ~!*'()%&=+#?/", source: "user" }]);
    expect(text).toMatch(/^[A-Za-z0-9._-]*$/);
    expect(new URLSearchParams({ stages: text }).toString()).toBe(`stages=${text}`);
  });
});

describe("parseStageParam", () => {
  it.each<[string, StageMarker[]]>([
    ["no markers", []],
    ["the shop ladder", shop],
    ["odd labels", [{ timeMs: 5, label: "a.b-c_d ~!*'()%&=+#?/ 단계", source: "user" }]],
    ["two markers at one time", [{ timeMs: 5, label: "x", source: "simulator" }, { timeMs: 5, label: "y", source: "user" }]],
  ])("reads back what was written: %s", (_, markers) => {
    expect(parseStageParam(formatStageParam(markers))).toEqual({ ok: true, markers });
  });

  it.each<[string, string, string]>([
    ["an unknown source", "x1-a", 'stage marker 1 "x1-a": starts with "x", not s (simulator) or u (user)'],
    ["no dash", "s1a", 'stage marker 1 "s1a": has no "-" between time and label'],
    ["a bad time", "s1-a.sx!-b", 'stage marker 2 "sx!-b": time "x!" is not a base-36 number'],
    ["no time", "s-a", 'stage marker 1 "s-a": time "" is not a base-36 number'],
    ["an upper-case time", "sZZ-a", 'stage marker 1 "sZZ-a": time "ZZ" is not a base-36 number'],
    ["a time past Date's range", "szzzzzzzzzzz-a", 'stage marker 1 "szzzzzzzzzzz-a": time zzzzzzzzzzz is past the year 275760'],
    ["a bad escape", "s1-a_G1", 'stage marker 1 "s1-a_G1": label escape "_G1" is not "_" and two hex digits'],
    ["a cut escape", "s1-a_4", 'stage marker 1 "s1-a_4": label escape "_4" is not "_" and two hex digits'],
    ["invalid UTF-8", "s1-_C3", 'stage marker 1 "s1-_C3": label escapes are not valid UTF-8'],
    ["a raw character", "s1-a~b", 'stage marker 1 "s1-a~b": label has "~", which is neither a letter, a digit nor an _XX escape'],
    ["an empty label", "s1-", 'stage marker 1 "s1-": label is empty'],
    ["a blank label", "s1-_20_20", 'stage marker 1 "s1-_20_20": label is empty'],
    ["an empty marker", "s1-a..s2-b", 'stage marker 2 "": starts with "", not s (simulator) or u (user)'],
    ["a long label", `s1-${"a".repeat(81)}`, `stage marker 1 "s1-${"a".repeat(37)}…": label is longer than 80 characters`],
    ["too many markers", Array.from({ length: MAX_MARKERS + 1 }, () => "s0-a").join("."), `${MAX_MARKERS + 1} stage markers, more than ${MAX_MARKERS}`],
  ])("rejects %s", (_, text, error) => {
    const result = parseStageParam(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toBe(error);
  });

  it("names the bad part", () => {
    expect(parseStageParam("s1-a.sx!-b")).toMatchObject({ ok: false, part: "sx!-b" });
  });

  it("never throws, whatever it is given", () => {
    const alphabet = "su0123456789az-_.%ZG~ 단\u0000";
    let seed = 1;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    for (let n = 0; n < 1000; n++) {
      const text = Array.from({ length: next() % 24 }, () => alphabet[next() % alphabet.length]).join("");
      expect(() => parseStageParam(text)).not.toThrow();
    }
  });
});
