// Chart colours read from the page's theme (theme.css custom properties) once per mount. Charts
// need literal colours, not var(--…): an exported PNG is the SVG drawn as an image, where the
// page's custom properties do not exist.
import { DEFAULT_VERDICT_COLOURS, type VerdictColours } from "./series-colours.ts";

export interface ChartTheme {
  readonly verdicts: VerdictColours;
  readonly background: string;
  readonly panel: string;
  readonly text: string;
  readonly muted: string;
  readonly grid: string;
  readonly threshold: string;
  readonly marker: string;
}

const FALLBACK: ChartTheme = {
  verdicts: DEFAULT_VERDICT_COLOURS,
  background: "#0b1220",
  panel: "#111a2e",
  text: "#e2e8f0",
  muted: "#94a3b8",
  grid: "#1e293b",
  threshold: "#f2495c",
  marker: "#a78bfa",
};

/** The theme's colours, falling back to theme.css's own values where a property is unset. */
export function readChartTheme(root: Element | undefined = typeof document === "undefined" ? undefined : document.documentElement): ChartTheme {
  if (root === undefined) return FALLBACK;
  const style = getComputedStyle(root);
  const read = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  const verdicts: Record<string, string> = {};
  for (const [verdict, colour] of Object.entries(DEFAULT_VERDICT_COLOURS)) verdicts[verdict] = read(`--verdict-${verdict.toLowerCase()}`, colour);
  return {
    verdicts,
    background: read("--bg", FALLBACK.background),
    panel: read("--bg-raised", FALLBACK.panel),
    text: read("--fg", FALLBACK.text),
    muted: read("--fg-muted", FALLBACK.muted),
    grid: read("--border", FALLBACK.grid),
    threshold: FALLBACK.threshold,
    marker: FALLBACK.marker,
  };
}
