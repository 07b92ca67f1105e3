import { describe, expect, it } from "vitest";
import { formatStageParam, parseStageParam } from "../../domain/stages/stage-param.ts";
import { type StageMarker, addMarker } from "../../domain/stages/stage-timeline.ts";
import { adjacentStage, formatClock, formatDuration, parseMarkInput, stageTooltip, updateStageParam, userMarkerTime } from "./stage-bar-model.ts";

describe("parseMarkInput", () => {
  it.each([
    ["mark stage: L7 on", { ok: true, label: "L7 on" }],
    ["Mark Stage:default-deny", { ok: true, label: "default-deny" }],
    ["  L4   rules  ", { ok: true, label: "L4 rules" }],
    ["mark stage:   ", { ok: false, error: "type a name after “mark stage:”" }],
    ["   ", { ok: false, error: "type a stage name" }],
    ["", { ok: false, error: "type a stage name" }],
    ["mark stage without colon", { ok: true, label: "mark stage without colon" }],
  ])("%j → %j", (text, expected) => {
    expect(parseMarkInput(text)).toEqual(expected);
  });
});

describe("userMarkerTime", () => {
  it.each([
    [undefined, 1_700_000_000_123.7, 1_700_000_000_123],
    [1_600_000_000_000, 1_700_000_000_000, 1_600_000_000_001],
    [1_600_000_000_000.9, 1_700_000_000_000, 1_600_000_000_001],
  ])("newest %s, now %s → %s", (newest, now, expected) => {
    expect(userMarkerTime(newest, now)).toBe(expected);
  });
});

describe("adjacentStage", () => {
  it.each([
    [[1, 2, 3, 4, 5], 3, 1, 4],
    [[1, 2, 3, 4, 5], 3, -1, 2],
    [[1, 2, 3, 4, 5], 5, 1, undefined],
    [[1, 2, 3, 4, 5], 1, -1, undefined],
    [[1, 2, 3], undefined, 1, 1],
    [[1, 2, 3], undefined, -1, 3],
    [[1, 3, 5], 2, 1, 3],
    [[1, 3, 5], 2, -1, 1],
    [[], 1, 1, undefined],
  ] as const)("stages %j at %s, step %i → %s", (stages, current, step, expected) => {
    expect(adjacentStage(stages, current, step)).toBe(expected);
  });
});

const marker = (timeMs: number, label: string, source: StageMarker["source"] = "user"): StageMarker => ({ timeMs, label, source });
const T = 1_700_000_000_000;

describe("updateStageParam", () => {
  const valid = formatStageParam([marker(T, "1 Allow-All", "simulator")]);
  it.each([
    ["adds to a valid parameter", valid, false, true, 2],
    ["adds to an empty parameter", "", false, true, 1],
    ["refuses a background change to a bad parameter", "x!", false, false, 0],
    ["replaces a bad parameter when the user asks", "x!", true, true, 1],
  ])("%s", (_name, param, replaceInvalid, ok, count) => {
    const result = updateStageParam(param, (markers) => addMarker(markers, marker(T + 5000, "mine")), replaceInvalid);
    expect(result.ok).toBe(ok);
    if (result.ok) {
      expect(result.markers).toHaveLength(count);
      const reparsed = parseStageParam(result.param);
      expect(reparsed.ok && reparsed.markers).toEqual(result.markers);
    } else {
      expect(result.error).toMatch(/stage marker 1/);
    }
  });
});

describe("formatting", () => {
  it.each([
    [Date.UTC(2024, 0, 1, 9, 5, 7, 999), "09:05:07"],
    [Number.POSITIVE_INFINITY, "—"],
  ])("formatClock(%s) = %s", (ms, text) => {
    expect(formatClock(ms)).toBe(text);
  });

  it.each([
    [0, "0 s"],
    [38_900, "38 s"],
    [245_000, "4 min 05 s"],
    [3_720_000, "1 h 02 min"],
    [Number.POSITIVE_INFINITY, "—"],
    [-1, "—"],
  ])("formatDuration(%s) = %s", (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

const ref = (name: string, namespace = "shop", clusters: string[] = []) => ({ name, namespace, kind: "CiliumNetworkPolicy", clusters });

describe("stageTooltip", () => {
  it.each([
    [{ number: 2, name: "DNS", description: "allow-dns via the proxy", policies: [ref("allow-all"), ref("allow-dns")] }, "Stage 2: DNS\nallow-dns via the proxy\nPolicies in force: shop/allow-all, shop/allow-dns"],
    [{ number: 1, name: "None", description: "", policies: [] }, "Stage 1: None\nNo policies in force."],
    [{ number: 3, name: "Mixed", description: "d", policies: [ref("ccnp", "", ["c1"])] }, "Stage 3: Mixed\nd\nPolicies in force: ccnp (c1)"],
  ])("%#", (stage, text) => {
    expect(stageTooltip(stage as unknown as Parameters<typeof stageTooltip>[0])).toBe(text);
  });
});
