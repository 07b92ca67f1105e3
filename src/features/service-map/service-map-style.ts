// The map's cytoscape stylesheet. Cytoscape draws on canvas and does not read CSS, so the theme's
// colours (src/app/theme.css, Okabe-Ito verdicts) are repeated here. Every verdict differs in
// colour AND line style AND label text, so the map survives colour blindness and projectors.
// Styles key on element data (`edge[verdict = "DROPPED"]`), so counters update without layout.
import type { StylesheetJson } from "cytoscape";
import type { EdgeVerdict } from "../../domain/aggregation/service-map/graph-model.ts";

/** Theme colours (keep in step with src/app/theme.css). */
export const MAP_COLORS = {
  bg: "#0b1220",
  raised: "#111a2e",
  fg: "#e2e8f0",
  muted: "#94a3b8",
  border: "#1e293b",
  accent: "#38bdf8",
  forwarded: "#009e73",
  dropped: "#d55e00",
  redirected: "#56b4e9",
  audit: "#e69f00",
  error: "#cc79a7",
  other: "#94a3b8",
} as const;

/** How each edge verdict is drawn; the legend renders the same table. */
export interface VerdictLook {
  readonly color: string;
  readonly width: number;
  readonly lineStyle: "solid" | "dotted" | "dashed";
  /** Dash pattern for dashed lines (canvas units). */
  readonly dash?: readonly number[];
  /** Arrowhead: a bar (tee) says "stopped here" without colour. Default triangle. */
  readonly arrow?: "tee" | "triangle-tee" | "square";
  /** Second colour: MIXED is a gradient from passed to blocked. */
  readonly color2?: string;
  readonly meaning: string;
}

export const VERDICT_LOOKS: Readonly<Record<EdgeVerdict, VerdictLook>> = {
  FORWARDED: { color: MAP_COLORS.forwarded, width: 2, lineStyle: "solid", meaning: "allowed and delivered" },
  DROPPED: { color: MAP_COLORS.dropped, width: 4, lineStyle: "dashed", dash: [8, 4], arrow: "tee", meaning: "dropped (policy or error in the datapath)" },
  REDIRECTED: { color: MAP_COLORS.redirected, width: 3, lineStyle: "dotted", meaning: "through the L7 proxy" },
  AUDIT: { color: MAP_COLORS.audit, width: 3, lineStyle: "dashed", dash: [12, 3, 3, 3], meaning: "would be dropped (policy audit mode)" },
  ERROR: { color: MAP_COLORS.error, width: 4, lineStyle: "dashed", dash: [16, 3, 3, 3, 3, 3], arrow: "square", meaning: "processing error" },
  MIXED: { color: MAP_COLORS.forwarded, color2: MAP_COLORS.dropped, width: 3, lineStyle: "dashed", dash: [14, 4, 2, 4], arrow: "triangle-tee", meaning: "some passed, some dropped or failed" },
  OTHER: { color: MAP_COLORS.other, width: 1.5, lineStyle: "solid", meaning: "traced or translated only" },
};

function verdictRules(): StylesheetJson {
  return (Object.entries(VERDICT_LOOKS) as [EdgeVerdict, VerdictLook][]).map(([verdict, look]) => ({
    selector: `edge[verdict = "${verdict}"]`,
    style: {
      "line-color": look.color,
      "target-arrow-color": look.color2 ?? look.color,
      "target-arrow-shape": look.arrow ?? "triangle",
      width: look.width,
      "line-style": look.lineStyle,
      ...(look.dash === undefined ? {} : { "line-dash-pattern": [...look.dash] }),
      ...(look.color2 === undefined ? {} : { "line-fill": "linear-gradient", "line-gradient-stop-colors": [look.color, look.color2], "line-gradient-stop-positions": [30, 70] }),
    },
  })) as StylesheetJson;
}

/** Above this many elements the map switches to the cheaper large-map style. */
export const LARGE_MAP_ELEMENTS = 3000;

/**
 * The stylesheet. `large` trades bezier edges (which bundle parallel edges: a per-edge search
 * that dominates drawing beyond a few thousand edges) for straight ones, and drops edge labels
 * until zoomed in closer.
 */
export function serviceMapStyle(large = false): StylesheetJson {
  const c = MAP_COLORS;
  return [
    {
      selector: "node",
      style: {
        shape: "round-rectangle",
        width: 30,
        height: 30,
        "background-color": c.raised,
        "border-width": 2,
        "border-color": c.muted,
        label: "data(label)",
        color: c.fg,
        "font-size": 14,
        "text-wrap": "wrap",
        "text-max-width": "160px",
        "text-valign": "bottom",
        "text-margin-y": 4,
        "text-outline-color": c.bg,
        "text-outline-width": 2,
        // Labels vanish when zoomed far out: unreadable anyway, and drawing them is the cost.
        "min-zoomed-font-size": 5,
      },
    },
    { selector: 'node[kind = "workload"]', style: { "background-color": "#16324a", "border-color": c.accent } },
    { selector: 'node[kind = "entity"]', style: { shape: "diamond", width: 34, height: 34, "background-color": "#2b2540", "border-color": c.muted } },
    { selector: 'node[kind = "world"]', style: { shape: "ellipse", width: 34, height: 34, "background-color": "#1f2937", "border-color": c.fg, "border-style": "double", "border-width": 4 } },
    { selector: 'node[kind = "fqdn"]', style: { shape: "hexagon", width: 34, height: 30, "background-color": "#1f2937", "border-color": c.fg } },
    { selector: "node[dropped > 0]", style: { "border-color": c.dropped, "border-style": "dashed", "border-width": 3 } },
    {
      selector: 'node[kind = "namespace"], node[kind = "cluster"]',
      style: {
        shape: "round-rectangle",
        "background-color": c.raised,
        "background-opacity": 0.35,
        "border-width": 1,
        "border-style": "dashed",
        "border-color": "#334155",
        "text-valign": "top",
        "text-halign": "center",
        "text-margin-y": -4,
        color: c.muted,
        "font-size": 12,
        padding: "18px",
      },
    },
    { selector: 'node[kind = "cluster"]', style: { "border-style": "solid", "border-width": 2, "border-color": c.accent, "background-opacity": 0.15, "font-size": 14, color: c.accent } },
    {
      selector: "edge",
      style: {
        "curve-style": "bezier",
        "target-arrow-shape": "triangle",
        "arrow-scale": 1.1,
        "line-color": c.other,
        "target-arrow-color": c.other,
        width: 2,
        label: "data(label)",
        "font-size": 9,
        color: c.fg,
        "text-wrap": "wrap",
        "text-background-color": c.bg,
        "text-background-opacity": 0.85,
        "text-background-padding": "2px",
        "min-zoomed-font-size": 7,
      },
    },
    ...verdictRules(),
    ...((large ? [{ selector: "edge", style: { "curve-style": "straight", "min-zoomed-font-size": 12 } }] : []) as StylesheetJson),
    { selector: "node[?stale], edge[?stale]", style: { opacity: 0.35 } },
    { selector: "node:selected", style: { "border-color": c.accent, "border-width": 4, "border-style": "solid" } },
    { selector: "edge:selected", style: { "overlay-color": c.accent, "overlay-opacity": 0.25, "overlay-padding": 4 } },
  ] as StylesheetJson;
}
