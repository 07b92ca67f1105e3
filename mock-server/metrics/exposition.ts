// A reader for Prometheus' text exposition format, enough for tests to check /metrics sample by
// sample instead of matching lines whose label order is prom-client's business.

/** A canonical key for one sample: `name{a="x",b="y"}` with labels sorted, values JSON-quoted. */
export function seriesKey(name: string, labels: Readonly<Record<string, string>>): string {
  const entries = Object.entries(labels).toSorted(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `${name}{${entries.map(([label, value]) => `${label}=${JSON.stringify(value)}`).join(",")}}`;
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+-?\d+)?$/;
const LABEL = /\s*([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"\s*,?/y;

/** Every sample of an exposition by seriesKey; throws on a line that is not valid exposition. */
export function parseExposition(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split("\n")) {
    if (line.trim() === "" || line.startsWith("#")) continue;
    const match = SAMPLE.exec(line);
    if (!match) throw new SyntaxError(`not an exposition sample: ${line}`);
    const [, name = "", labelText = "", valueText = ""] = match;
    out.set(seriesKey(name, parseLabels(labelText, line)), Number(valueText));
  }
  return out;
}

function parseLabels(text: string, line: string): Record<string, string> {
  const labels: Record<string, string> = {};
  LABEL.lastIndex = 0;
  while (LABEL.lastIndex < text.length) {
    const match = LABEL.exec(text);
    if (!match) throw new SyntaxError(`bad labels in: ${line}`);
    const [, label = "", escaped = ""] = match;
    labels[label] = escaped.replace(/\\(.)/g, (_all, char: string) => (char === "n" ? "\n" : char));
  }
  return labels;
}
