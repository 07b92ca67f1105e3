import { describe, expect, it } from "vitest";
import { DEFAULT_VERDICT_COLOURS, PRIMARY_SLOTS, SERIES_PALETTE, assignColours, nameHash } from "./series-colours.ts";

describe("assignColours", () => {
  it.each<[string, string, string]>([
    ["FORWARDED", "FORWARDED", DEFAULT_VERDICT_COLOURS["FORWARDED"]!],
    ["DROPPED", "DROPPED", DEFAULT_VERDICT_COLOURS["DROPPED"]!],
    ["REDIRECTED", "REDIRECTED", DEFAULT_VERDICT_COLOURS["REDIRECTED"]!],
    ["the policy panels' lower-case actions", "dropped", DEFAULT_VERDICT_COLOURS["DROPPED"]!],
    ["AUDIT", "AUDIT", DEFAULT_VERDICT_COLOURS["AUDIT"]!],
    ["ERROR", "ERROR", DEFAULT_VERDICT_COLOURS["ERROR"]!],
  ])("gives %s its verdict colour", (_, name, colour) => {
    expect(assignColours([name, "DNS", "HTTP"]).get(name)).toBe(colour);
  });

  it("gives a name the same colour whatever else the panel holds, when slots do not collide", () => {
    const alone = assignColours(["DNS"]).get("DNS");
    expect(alone).toBe(SERIES_PALETTE[nameHash("DNS") % PRIMARY_SLOTS]);
    expect(assignColours(["HTTP", "DNS"]).get("DNS")).toBe(alone);
  });

  it("gives distinct names distinct colours while the palette lasts", () => {
    const names = Array.from({ length: SERIES_PALETTE.length }, (_, i) => `${8000 + i}/TCP`);
    const colours = assignColours(names);
    expect(new Set(colours.values()).size).toBe(SERIES_PALETTE.length);
  });

  it("does not depend on the order names come in", () => {
    const names = ["80/TCP", "443/TCP", "53/UDP", "8080/TCP", "5432/TCP"];
    expect([...assignColours(names)].toSorted()).toEqual([...assignColours(names.toReversed())].toSorted());
  });

  it("gives up to seven names seven distinct primary hues", () => {
    const names = ["TCP", "UDP", "ICMPv4", "SCTP", "ICMPv6", "80/TCP", "53/UDP"];
    const colours = assignColours(names);
    expect(new Set(names.map((n) => colours.get(n))).size).toBe(7);
    expect(names.every((n) => SERIES_PALETTE.slice(0, PRIMARY_SLOTS).includes(colours.get(n) ?? ""))).toBe(true);
  });

  it("keeps other names off a verdict's colour", () => {
    const colours = assignColours(["FORWARDED", "DROPPED", "REDIRECTED", "AUDIT", "ERROR", "x", "y"]);
    const verdictColours = new Set(["FORWARDED", "DROPPED", "REDIRECTED", "AUDIT", "ERROR"].map((v) => colours.get(v)));
    expect([verdictColours.has(colours.get("x")), verdictColours.has(colours.get("y"))]).toEqual([false, false]);
  });

  it("uses the page's verdict colours when given", () => {
    expect(assignColours(["DROPPED"], { DROPPED: "#ff0000" }).get("DROPPED")).toBe("#ff0000");
  });

  it("still colours every name past the palette's end", () => {
    const names = Array.from({ length: 20 }, (_, i) => `s${i}`);
    const colours = assignColours(names);
    expect(names.every((n) => SERIES_PALETTE.includes(colours.get(n) ?? ""))).toBe(true);
  });
});
