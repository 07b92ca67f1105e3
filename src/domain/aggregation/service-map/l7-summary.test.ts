import { describe, expect, it } from "vitest";
import { OVERFLOW_KEY } from "./keyed-counters.ts";
import { cleanText, summarizeL7, summarizePolicies } from "./l7-summary.ts";

describe("summarizeL7", () => {
  it.each<[string, [string, number][], number, string[]]>([
    ["requests without responses", [["H\tGET /a", 4]], 6, ["GET /a ×4"]],
    ["status mix, codes in order", [["H\tGET /a", 4], ["H\tGET /a\t503", 1], ["H\tGET /a\t200", 3]], 6, ["GET /a 200×3 503×1"]],
    ["busiest first, then by name", [["H\tGET /b", 2], ["H\tGET /a", 2], ["H\tPUT /c", 9]], 6, ["PUT /c ×9", "GET /a ×2", "GET /b ×2"]],
    ["DNS answers without questions", [["A\texample.com\t", 2]], 6, ["DNS example.com ×2"]],
    ["Kafka", [["K\tproduce orders", 3]], 6, ["Kafka produce orders ×3"]],
    ["too many lines", [["H\tGET /a", 3], ["H\tGET /b", 2], ["H\tGET /c", 1]], 2, ["GET /a ×3", "GET /b ×2", "+1 more"]],
    ["keys beyond the per-edge cap", [["H\tGET /a", 3], [OVERFLOW_KEY, 7]], 6, ["GET /a ×3", "+7 more records"]],
  ])("%s", (_, entries, limit, lines) => {
    expect(summarizeL7(new Map(entries), limit)).toEqual(lines);
  });
});

describe("summarizePolicies", () => {
  it("splits allowed and denied, most frequent first", () => {
    const counts = new Map([["A\tshop/a (CiliumNetworkPolicy)", 1], ["D\tdeny (CiliumClusterwideNetworkPolicy)", 4], ["A\tshop/b (CiliumNetworkPolicy)", 3]]);
    expect(summarizePolicies(counts)).toEqual({ allowedBy: ["shop/b (CiliumNetworkPolicy)", "shop/a (CiliumNetworkPolicy)"], deniedBy: ["deny (CiliumClusterwideNetworkPolicy)"] });
  });
});

describe("cleanText", () => {
  it.each([
    ["plain", "plain"],
    ["tab\there", "tab?here"],
    ["new\nline\u0000", "new?line?"],
    ["x".repeat(100), `${"x".repeat(79)}…`],
  ])("%j", (text, clean) => {
    expect(cleanText(text)).toBe(clean);
  });
});
