// A panel's data as CSV, the shape Grafana's "Inspect → Data → Download CSV" gives for a time
// series panel: a time column, then one column per series named as its legend shows it. Names
// come from the network, so they go through the same injection-safe cell writer as the flow
// export; numbers are written in full precision (a spreadsheet rounds for display, not us).
import { csvCell } from "../export/flows-export.ts";
import type { ChartModel } from "./chart-model.ts";

/** RFC 4180 CSV: `time` (ISO 8601, UTC) plus one column per series; an empty cell is no value. */
export function panelCsv(model: Pick<ChartModel, "rows" | "lines">): string {
  const header = ["time", ...model.lines.map((line) => csvCell(line.name))].join(",");
  const body = model.rows.map((row) => {
    const cells = [new Date(row.t).toISOString()];
    for (const line of model.lines) {
      const value = row[line.key];
      cells.push(typeof value === "number" ? String(value) : "");
    }
    return cells.join(",");
  });
  return `${[header, ...body].join("\r\n")}\r\n`;
}

/** A file name for a panel export: `observatory-<panel id>-<stamp>.<ext>`. */
export function panelFileName(panelId: string, stamp: string, extension: "csv" | "png"): string {
  return `observatory-${panelId}-${stamp}.${extension}`;
}
