// A panel as a PNG: the chart's SVG with the panel title above and the legend below, drawn as
// SVG text (never markup: titles and legends come from the network) so the picture says what
// it shows when pasted into a report. svgToPng measures the element it is given, so the
// composed SVG is attached off-screen for the time of the conversion.
import { svgToPng } from "../export/download.ts";
import type { ChartTheme } from "./theme-colours.ts";

const SVG_NS = "http://www.w3.org/2000/svg";
const TITLE_HEIGHT = 30;
const LEGEND_ROW = 18;
const FONT = "system-ui, -apple-system, Segoe UI, Roboto, sans-serif";

function element(name: string, attributes: Record<string, string | number>, text?: string): SVGElement {
  const node = document.createElementNS(SVG_NS, name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Renders `chart` with `title` and `legend` (name and colour per series) to a PNG. */
export async function panelPng(
  chart: SVGSVGElement,
  title: string,
  legend: readonly { readonly name: string; readonly colour: string }[],
  theme: ChartTheme,
): Promise<Blob> {
  const { width, height } = chart.getBoundingClientRect();
  // Legend entries flow left to right like the HTML legend, wrapping at the chart's width.
  const placed: { name: string; colour: string; x: number; y: number }[] = [];
  let x = 12;
  let y = 0;
  for (const item of legend) {
    const w = 22 + Math.min(item.name.length, 60) * 6.6 + 14;
    if (x + w > width && x > 12) {
      x = 12;
      y += LEGEND_ROW;
    }
    placed.push({ name: item.name.length > 60 ? `${item.name.slice(0, 59)}…` : item.name, colour: item.colour, x, y });
    x += w;
  }
  const legendHeight = legend.length === 0 ? 0 : y + LEGEND_ROW + 8;
  const total = TITLE_HEIGHT + height + legendHeight;
  const root = element("svg", { xmlns: SVG_NS, width, height: total, "font-family": FONT }) as SVGSVGElement;
  root.style.cssText = "position:fixed;left:-100000px;top:0;";
  root.append(element("rect", { x: 0, y: 0, width, height: total, fill: theme.panel }));
  root.append(element("text", { x: 12, y: 20, fill: theme.text, "font-size": 14, "font-weight": 600 }, title));
  const body = chart.cloneNode(true) as SVGSVGElement;
  body.setAttribute("x", "0");
  body.setAttribute("y", String(TITLE_HEIGHT));
  body.setAttribute("width", String(width));
  body.setAttribute("height", String(height));
  root.append(body);
  for (const item of placed) {
    const top = TITLE_HEIGHT + height + 4 + item.y;
    root.append(element("rect", { x: item.x, y: top + 5, width: 14, height: 4, fill: item.colour }));
    root.append(element("text", { x: item.x + 20, y: top + 11, fill: theme.muted, "font-size": 11 }, item.name));
  }
  document.body.append(root);
  try {
    return await svgToPng(root, theme.panel);
  } finally {
    root.remove();
  }
}
