import { describe, expect, it } from "vitest";
import { benchmarkEvaluate, benchmarkPolicySet } from "./policy.bench.ts";

describe("benchmark fixtures", () => {
  it("builds 50 valid policies", () => {
    const set = benchmarkPolicySet();
    expect([set.policies.length, set.policies.every((p) => p.valid && p.diagnostics.length === 0)]).toEqual([50, true]);
  });

  it("runs the requested number of evaluations", () => {
    const result = benchmarkEvaluate(60);
    expect([result.policies, result.evaluations, result.evaluationsPerSecond > 0]).toEqual([50, 60, true]);
  });
});
