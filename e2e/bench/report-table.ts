// The bench's output: figures next to their targets and the ratio to each, never a pass/fail
// (timings on a shared machine are evidence, not assertions). Same layout as `npm run bench`.

export interface Row {
  readonly measure: string;
  /** NaN when the figure could not be taken (the measure says why). */
  readonly figure: number;
  readonly unit: string;
  readonly target?: number;
  /** "min": the figure should be ≥ the target; "max": ≤ it. */
  readonly sense?: "min" | "max";
}

export function format(n: number): string {
  if (!Number.isFinite(n)) return "n/a";
  return Math.abs(n) >= 100 ? Math.round(n).toLocaleString("en-US") : n.toFixed(1);
}

/** figure / target for "min", target / figure for "max": ≥ 1 meets the target either way. */
export function ratio(row: Row): string {
  if (row.target === undefined || !Number.isFinite(row.figure)) return "";
  if (row.sense === "max") return (row.target / Math.max(row.figure, 1e-9)).toFixed(2);
  return (row.figure / row.target).toFixed(2);
}

/** A Markdown-style table, columns padded to their widest cell. */
export function renderTable(header: readonly string[], lines: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? "").length)));
  const render = (cells: readonly string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(" | ")} |`;
  return [render(header), render(widths.map((w) => "-".repeat(w))), ...lines.map(render)].join("\n");
}

export function renderFigures(rows: readonly Row[]): string {
  const lines = rows.map((row) => {
    const target = row.target === undefined ? "" : `${row.sense === "max" ? "≤" : "≥"} ${format(row.target)} ${row.unit}`;
    return [row.measure, `${format(row.figure)} ${row.unit}`, target, ratio(row)];
  });
  return renderTable(["measure", "figure", "target", "ratio (≥ 1 meets)"], lines);
}
