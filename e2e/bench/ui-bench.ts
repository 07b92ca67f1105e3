// `npm run bench:ui -- [--ui-dir DIR] [--port P] [--quick]`: the UI benchmark of issue #6.
// Chromium (Debian's, as the e2e tests use) drives the built page against the real server:
//   - ingest: the simulator offers rising rates; at each, frames per second and main-thread
//     tasks over 50 ms while the page receives; then the samples replayed at --speed 0;
//   - heap: that replay fills the page's ring to 250,000 flows, then the JS heap is weighed
//     after garbage collection;
//   - map: a synthetic 2,000-node / 10,000-edge graph, then batches of 100 new edges, through
//     the app's own map update path (?debug=1 hook), timed by the measures that path records.
// It builds nothing: build the UI first (`npx vite build --outDir DIR`). Figures are printed with
// their targets and ratios, never asserted; the exit code says only whether the bench ran.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import type { Browser } from "@playwright/test";
import { portAllocator, startBenchServer } from "./bench-server.ts";
import { ingestNotes, stepTable } from "./ingest-report.ts";
import { FILL_STEP, fillAndWeigh, type HeapFigures, keepsUp, measureStep, simulatorStep, type StepResult, type StepTiming } from "./ingest-steps.ts";
import { type MapFigures, measureMap, median } from "./map-timings.ts";
import { heapAfterGcMb, launchChromium, openMeteredPage, VIEWPORT, waitForStreaming } from "./page-meter.ts";
import { format, renderFigures, type Row } from "./report-table.ts";

const USAGE = `Usage: npm run bench:ui -- [--ui-dir DIR] [--port P] [--quick]
       (or node --import tsx e2e/bench/ui-bench.ts …)
  --ui-dir DIR  the built UI (npx vite build --outDir DIR); default dist
  --port P      first port; each server takes the next free one up to P+99;
                default 12310 (\`npm run bench\` uses 12300 and 12301)
  --quick       fewer ingest steps and map batches (about 3 minutes instead of 4-5)
`;

const HELD_TARGET = 250_000;
const INGEST_TARGET = 100_000;
/** Ports the bench may use from --port on (one server per step, busy ones skipped). */
const PORTS = 100;

interface Plan {
  readonly rates: readonly number[];
  readonly timing: StepTiming;
  readonly fillTimeoutMs: number;
  readonly mapBatches: number;
}

const FULL: Plan = { rates: [500, 1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000], timing: { warmupMs: 3_000, windowMs: 10_500 }, fillTimeoutMs: 150_000, mapBatches: 5 };
const QUICK: Plan = { rates: [1_000, 5_000, 20_000, 100_000], timing: { warmupMs: 2_000, windowMs: 10_500 }, fillTimeoutMs: 90_000, mapBatches: 3 };

const log = (line: string) => process.stderr.write(`ui-bench: ${line}\n`);

function describeStep(r: StepResult): string {
  return `offered ${format(r.offeredPerSecond)}/s, received ${format(r.receivedPerSecond)}/s, ${r.meter.fps.toFixed(1)} fps, ${r.meter.longTasks} task(s) > 50 ms (longest ${format(r.meter.longestTaskMs)} ms), ${r.lost} lost`;
}

interface Ingest {
  readonly steps: StepResult[];
  readonly heap: HeapFigures | undefined;
  /** Why the rising rates stopped early, if they did. */
  readonly stopped: string | undefined;
}

async function ingest(browser: Browser, plan: Plan, nextPort: () => Promise<number>, uiDir: string): Promise<Ingest> {
  const steps: StepResult[] = [];
  let stopped: string | undefined;
  for (const perSecond of plan.rates) {
    const step = simulatorStep(perSecond);
    let result: StepResult;
    try {
      result = (await measureStep(browser, step, nextPort, uiDir, plan.timing)).result;
    } catch (error) {
      // A server flooding its own event loop may not even serve the page: that is its limit.
      stopped = `${step.label}: no figures (${error instanceof Error ? error.message.split("\n")[0] : String(error)}); higher rates skipped`;
      log(stopped);
      break;
    }
    steps.push(result);
    log(`${step.label}: ${describeStep(result)}`);
    // Past either side's limit a higher rate shows nothing new; the fastest step below still runs.
    if (result.offeredPerSecond < 0.6 * perSecond) {
      stopped = `${step.label}: the server offered ${format(result.offeredPerSecond)} of ${format(perSecond)} flows/s; higher rates skipped`;
      log(stopped);
      break;
    }
    if (result.receivedPerSecond < 0.5 * result.offeredPerSecond) {
      stopped = `${step.label}: the page received under half of what was offered; higher rates skipped`;
      log(stopped);
      break;
    }
  }
  const fill = await measureStep(browser, FILL_STEP, nextPort, uiDir, plan.timing, (page, server) => {
    log(`${FILL_STEP.label}: filling the page's ring to ${format(HELD_TARGET)} flows…`);
    return fillAndWeigh(page, server, HELD_TARGET, plan.fillTimeoutMs);
  });
  steps.push(fill.result);
  log(`${FILL_STEP.label}: ${describeStep(fill.result)}`);
  return { steps, heap: fill.extra, stopped };
}

async function map(browser: Browser, plan: Plan, nextPort: () => Promise<number>, uiDir: string, dir: string): Promise<{ figures: MapFigures; idleHeapMb: number }> {
  // No flows: the map draws only the synthetic graph, and nothing else competes for the thread.
  const empty = join(dir, "empty.jsonl");
  writeFileSync(empty, "");
  const server = await startBenchServer(["--replay", empty], await nextPort(), uiDir);
  try {
    const page = await openMeteredPage(browser, `${server.url}/?debug=1`);
    await waitForStreaming(page);
    const idleHeapMb = await heapAfterGcMb(page);
    const figures = await measureMap(page, plan.mapBatches);
    await page.close();
    return { figures, idleHeapMb };
  } finally {
    await server.stop();
  }
}

function figureRows(steps: readonly StepResult[], heap: HeapFigures | undefined, idleHeapMb: number, m: MapFigures): Row[] {
  const passing = steps.filter(keepsUp);
  const best = passing.reduce<StepResult | undefined>((a, b) => (a === undefined || b.receivedPerSecond > a.receivedPerSecond ? b : a), undefined);
  const most = steps.reduce((a, b) => (b.receivedPerSecond > a.receivedPerSecond ? b : a));
  const offered = Math.max(...steps.map((s) => s.offeredPerSecond));
  const layouts = Object.entries(m.first.layouts).map(([name, ms]) => `${name.replace("service-map:", "")} ${format(ms)} ms`).join(", ") || "no layout";
  const update = m.batches.map((b) => b.updateMs);
  const drawn = m.batches.map((b) => b.drawnMs);
  return [
    { measure: `ingest: highest rate received with ≥ 30 fps and no task > 50 ms${best ? ` (${best.step.label})` : " (no step met both)"}`, figure: best?.receivedPerSecond ?? 0, unit: "flows/s", target: INGEST_TARGET, sense: "min" },
    { measure: `ingest: most received in any step (${most.step.label}: ${most.meter.fps.toFixed(0)} fps, longest task ${format(most.meter.longestTaskMs)} ms)`, figure: most.receivedPerSecond, unit: "flows/s" },
    { measure: "ingest: most the server offered in any step", figure: offered, unit: "flows/s" },
    { measure: "JS heap after GC, idle page, no flows", figure: idleHeapMb, unit: "MB" },
    {
      measure: heap === undefined ? "JS heap after GC with 250k flows (not measured)" : `JS heap after GC, ${format(heap.held)} flows held${heap.held < HELD_TARGET ? ` (ring not full after ${format(heap.fillSeconds)} s)` : ""}`,
      figure: heap?.heapMb ?? Number.NaN, unit: "MB", target: 600, sense: "max",
    },
    { measure: `map first model, ${format(m.nodes)} nodes / ${format(m.edges)} edges drawn: update (diff, add, layout, fit; ${layouts})`, figure: m.first.updateMs, unit: "ms", target: 2000, sense: "max" },
    { measure: "map first model: until drawn (cytoscape's first redraw after the update ends)", figure: m.first.drawnMs, unit: "ms", target: 2000, sense: "max" },
    { measure: `map batch of ${m.batchSize} new edges: update, median of ${update.length} (worst ${format(Math.max(...update))} ms)`, figure: median(update), unit: "ms", target: 16, sense: "max" },
    { measure: `map batch of ${m.batchSize} new edges: until drawn, median of ${drawn.length} (worst ${format(Math.max(...drawn))} ms)`, figure: median(drawn), unit: "ms", target: 16, sense: "max" },
  ];
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { "ui-dir": { type: "string", default: "dist" }, port: { type: "string", default: "12310" }, quick: { type: "boolean", default: false }, help: { type: "boolean", short: "h", default: false } },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const uiDir = resolve(values["ui-dir"]);
  const port = Number(values.port);
  if (!existsSync(join(uiDir, "index.html"))) {
    process.stderr.write(`ui-bench: no built UI in ${uiDir}: run \`npx vite build --outDir ${values["ui-dir"]}\` first\n${USAGE}`);
    return 2;
  }
  if (!Number.isInteger(port) || port < 1 || port + PORTS - 1 > 65_535) {
    process.stderr.write(`ui-bench: bad --port ${values.port}\n${USAGE}`);
    return 2;
  }
  const plan = values.quick ? QUICK : FULL;
  const started = performance.now();
  const loadBefore = loadavg()[0] ?? 0;
  const dir = mkdtempSync(join(tmpdir(), "observatory-ui-bench-"));
  const browser = await launchChromium();
  try {
    log(`Chromium ${browser.version()}, ${VIEWPORT.width}×${VIEWPORT.height}, ${availableParallelism()} CPUs, load average ${loadBefore.toFixed(1)}`);
    const nextPort = portAllocator(port, port + PORTS - 1);
    const { steps, heap, stopped } = await ingest(browser, plan, nextPort, uiDir);
    const { figures, idleHeapMb } = await map(browser, plan, nextPort, uiDir, dir);
    const loadAfter = loadavg()[0] ?? 0;
    console.log(stepTable(steps));
    console.log("");
    for (const note of ingestNotes(steps, INGEST_TARGET)) console.log(`- ${note}`);
    if (stopped !== undefined) console.log(`- Steps: ${stopped}.`);
    console.log("");
    console.log(renderFigures(figureRows(steps, heap, idleHeapMb, figures)));
    console.log("");
    console.log(`Chromium ${browser.version()} headless, software rendering, ${VIEWPORT.width}×${VIEWPORT.height}; ${availableParallelism()} CPUs shared by the server, the browser and this script; 1-minute load average ${loadBefore.toFixed(1)} before, ${loadAfter.toFixed(1)} after; ${format((performance.now() - started) / 1000)} s.`);
    return 0;
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`ui-bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
