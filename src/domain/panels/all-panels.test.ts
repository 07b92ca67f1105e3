// The registry, and a guard that each panel's structured query says what its PromQL text says:
// the metric, window, matchers and `by` labels must all appear in `promql`, and the legend may only
// use labels the query keeps.
import { describe, expect, it } from "vitest";
import { ALL_PANELS, PANEL_ROWS, panelById } from "./all-panels.ts";
import type { RateQuery } from "./panel-definition.ts";

const rateQueries = (q: (typeof ALL_PANELS)[number]["query"]): RateQuery[] => (q.kind === "rate" ? [q.query] : [q.minuend, q.subtrahend]);

describe("ALL_PANELS", () => {
  it("lists the rows in dashboard order, each panel once", () => {
    expect(PANEL_ROWS.map((r) => [r.row, r.panels.length])).toEqual([
      ["General Processing", 4],
      ["Network", 11],
      ["Network Policy", 2],
      ["HTTP", 5],
      ["DNS", 5],
      ["Policy", 4],
    ]);
    expect(new Set(ALL_PANELS.map((p) => p.id)).size).toBe(31);
    // Each panel sits in the row it names, and rows do not interleave.
    expect(PANEL_ROWS.every((r) => r.panels.every((p) => p.row === r.row))).toBe(true);
    expect(ALL_PANELS.map((p) => p.row).filter((row, i, all) => i === 0 || all[i - 1] !== row)).toEqual(PANEL_ROWS.map((r) => r.row));
    expect(panelById("tcpv4")?.title).toBe("TCPv4");
  });

  it.each(ALL_PANELS.map((p) => [p.title, p] as const))("%s: the query matches its PromQL", (_, panel) => {
    const promql = panel.targets?.map((t) => t.expr).join(" ") ?? panel.promql;
    for (const q of rateQueries(panel.query)) {
      expect(promql).toContain(q.quantile === undefined ? q.metric : `${q.metric}_bucket`);
      expect(promql).toContain(`[${q.windowSeconds / 60}m]`);
      for (const m of q.matchers) expect(promql).toContain(`${m.label}${m.op}"${m.value}"`);
      // The latency panels keep every label (no `by`); the others name theirs in `by (…)`.
      if (q.quantile === undefined) {
        const by = [...promql.matchAll(/by \(([^)]*)\)/g)].flatMap((m) => m[1]!.split(",").map((l) => l.trim()));
        for (const label of q.groupBy) expect(by).toContain(label);
      }
      if (q.topk !== undefined) expect(promql).toContain(`topk(${q.topk},`);
      if (q.scale !== undefined) expect(promql).toContain(`* ${q.scale}`);
      if (q.quantile !== undefined) expect(promql).toContain(`histogram_quantile(${q.quantile},`);
    }
    const kept = new Set([...rateQueries(panel.query).flatMap((q) => q.groupBy), "stat"]);
    for (const [, label] of panel.legend.matchAll(/\{\{\s*(\w+)\s*\}\}/g)) expect(kept).toContain(label);
  });
});
