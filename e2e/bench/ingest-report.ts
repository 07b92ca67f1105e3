// The ingest part of the UI bench's output: one row per step, with what ran inside the long
// frames (Long Animation Frame attribution), and plain-language notes on what limited the run.
import { keepsUp, type StepResult } from "./ingest-steps.ts";
import { format, renderTable } from "./report-table.ts";

/** Long-frame script invokers in words (the names are Chromium's). */
const INVOKERS: Readonly<Record<string, string>> = {
  "ReadableStreamDefaultReader.read.then": "stream read+decode",
  "TimerHandler:setTimeout": "timers (batch flush, map model, React)",
  "TimerHandler:setInterval": "intervals (rate ticker, React)",
  "FrameRequestCallback": "animation frames (cytoscape)",
};

/** Script time inside long frames by invoker, largest first, as shares: "stream read+decode 70%, …". */
function blame(s: StepResult, top = Number.POSITIVE_INFINITY): string {
  const entries = Object.entries(s.meter.longFrameScriptMs).toSorted((a, b) => b[1] - a[1]);
  const total = entries.reduce((n, [, ms]) => n + ms, 0);
  if (total === 0) return "";
  const shares = entries.slice(0, top).map(([invoker, ms]) => `${INVOKERS[invoker] ?? invoker} ${Math.round((100 * ms) / total)}%`);
  return `${shares.join(", ")} of ${format(total)} ms`;
}

export function stepTable(steps: readonly StepResult[]): string {
  return renderTable(
    ["ingest step", "offered/s", "received/s", "fps", "worst frame gap", "tasks > 50 ms", "longest task", "lost", "≥ 30 fps, no task > 50 ms", "long frames' script time, top"],
    steps.map((s) => [
      s.step.label, format(s.offeredPerSecond), format(s.receivedPerSecond), s.meter.fps.toFixed(1), `${format(s.meter.worstFrameGapMs)} ms`,
      String(s.meter.longTasks), `${format(s.meter.longestTaskMs)} ms`, s.lost.toLocaleString("en-US"), keepsUp(s) ? "yes" : "no", blame(s, 1),
    ]),
  );
}

/** What limited the ingest figures, read off the steps: the server's offer, the page's criterion, falling behind. */
export function ingestNotes(steps: readonly StepResult[], targetPerSecond: number): string[] {
  const notes: string[] = [];
  const fastest = steps.reduce((a, b) => (b.offeredPerSecond > a.offeredPerSecond ? b : a));
  if (fastest.offeredPerSecond < 0.9 * targetPerSecond) {
    notes.push(`Server: it offered at most ${format(fastest.offeredPerSecond)} flows/s (${fastest.step.label}) on CPUs shared with the browser, so ${format(targetPerSecond)} flows/s was never offered; above that rate this bench measures the server, not the page.`);
  }
  const missed = steps.find((s) => !keepsUp(s));
  if (missed !== undefined) {
    notes.push(`Page: it first missed ≥ 30 fps with no task > 50 ms at ${format(missed.receivedPerSecond)} flows/s received (${missed.step.label}): ${missed.meter.fps.toFixed(1)} fps, ${missed.meter.longTasks} task(s) > 50 ms, longest ${format(missed.meter.longestTaskMs)} ms. Long frames' script time: ${blame(missed) || "not attributed"}.`);
  }
  const behind = steps.find((s) => s.lost > 0 || s.receivedPerSecond < 0.9 * s.offeredPerSecond);
  if (behind !== undefined) {
    notes.push(`Page: it fell behind the stream at ${behind.step.label}: ${format(behind.receivedPerSecond)} of ${format(behind.offeredPerSecond)} flows/s received, ${behind.lost.toLocaleString("en-US")} flows dropped for it by the server. Long frames' script time: ${blame(behind) || "not attributed"}.`);
  }
  return notes;
}
