import { describe, expect, it } from "vitest";
import { benchPanels, syntheticPanelFlows } from "./panels.bench.ts";

describe("benchPanels", () => {
  it("runs on a small synthetic set", () => {
    const flows = syntheticPanelFlows(4000, 120);
    const result = benchPanels(flows, 1);
    expect([result.flows, result.panels, result.steps, result.drawnSeries > 0, result.rebuildMs >= 0]).toEqual([4000, 31, 181, true, true]);
  });
});
