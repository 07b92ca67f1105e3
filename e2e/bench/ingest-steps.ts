// Ingest under load: for each step a fresh server offers flows at one rate to a fresh page, which
// is watched for a 10 s window after a short warm-up. The window is the connection indicator's
// own (flows received over the last 10 s), so "received" is the page's figure, not ours, and the
// backlog burst at connect falls before it. The server's ServerStatus counter over the same window
// says what was offered: a step whose offer falls short of its target was limited by the server.
import type { Browser, Page } from "@playwright/test";
import { type BenchServer, startBenchServer } from "./bench-server.ts";
import { heapAfterGcMb, type MeterReading, openMeteredPage, readLiveFigures, readMeter, resetMeter, waitForStreaming } from "./page-meter.ts";

export interface IngestStep {
  readonly label: string;
  /** The rate the step means to offer; undefined: as fast as the server goes. */
  readonly targetPerSecond?: number;
  readonly serverArgs: readonly string[];
}

export interface StepResult {
  readonly step: IngestStep;
  /** Flows the server ingested per second over the window (what it could offer the page). */
  readonly offeredPerSecond: number;
  /** The page's connection indicator at the end of the window. */
  readonly receivedPerSecond: number;
  readonly meter: MeterReading;
  /** Flows the server dropped for this page because it fell behind (lost-event notices). */
  readonly lost: number;
}

/** The criterion of issue #6: at least 30 frames per second and no main-thread task over 50 ms. */
export function keepsUp(result: StepResult): boolean {
  return result.meter.fps >= 30 && result.meter.longTasks === 0;
}

export interface StepTiming {
  readonly warmupMs: number;
  /** At least the indicator's 10 s window, so its rate covers the window only. */
  readonly windowMs: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The lab simulator at stage 5 (every kind of flow) offers about 100 flows/s per unit of --rate. */
export function simulatorStep(perSecond: number): IngestStep {
  const rate = perSecond / 100;
  return { label: `simulator shop stage 5 --rate ${rate}`, targetPerSecond: perSecond, serverArgs: ["--scenario", "shop", "--stage", "5", "--seed", "1", "--rate", String(rate)] };
}

/**
 * The recorded samples replayed with --speed 0 --loop: as fast as the replay goes, and it yields
 * to the event loop every 2,000 flows, so the server still serves the page (a simulator far past
 * its speed may not). It then fills the page's ring for the heap figure.
 */
export const FILL_STEP: IngestStep = {
  label: "replay samples --speed 0 --loop",
  serverArgs: ["--replay", "src/testing/samples", "--speed", "0", "--loop"],
};

/**
 * Runs one step. `then`, if given, runs with the page and server before both are closed (the heap
 * measure continues from the fastest step).
 */
export async function measureStep<T>(
  browser: Browser,
  step: IngestStep,
  nextPort: () => Promise<number>,
  uiDir: string,
  timing: StepTiming,
  then?: (page: Page, server: BenchServer) => Promise<T>,
): Promise<{ result: StepResult; extra: T | undefined }> {
  const server = await startBenchServer(step.serverArgs, await nextPort(), uiDir);
  let page: Page | undefined;
  try {
    page = await openMeteredPage(browser, `${server.url}/`);
    await waitForStreaming(page);
    await sleep(timing.warmupMs);
    const seenBefore = await server.seenFlows();
    const started = performance.now();
    await resetMeter(page);
    await sleep(timing.windowMs);
    const meter = await readMeter(page);
    const live = await readLiveFigures(page);
    const offeredPerSecond = ((await server.seenFlows()) - seenBefore) / ((performance.now() - started) / 1000);
    const result: StepResult = { step, offeredPerSecond, receivedPerSecond: live.flowsPerSecond, meter, lost: live.lost };
    const extra = then === undefined ? undefined : await then(page, server);
    return { result, extra };
  } finally {
    await page?.close();
    await server.stop();
  }
}

/** What the page holds after filling its ring, weighed with the stream stopped. */
export interface HeapFigures {
  readonly held: number;
  readonly heapMb: number;
  readonly fillSeconds: number;
}

/**
 * Waits until the page holds `flows` flows (or `timeoutMs` passes), stops the server so nothing
 * arrives while weighing, and weighs the JS heap after garbage collection.
 */
export async function fillAndWeigh(page: Page, server: BenchServer, flows: number, timeoutMs: number): Promise<HeapFigures> {
  const started = performance.now();
  while ((await readLiveFigures(page)).held < flows && performance.now() - started < timeoutMs) await sleep(1000);
  const fillSeconds = (performance.now() - started) / 1000;
  await server.stop();
  await sleep(1000);
  const { held } = await readLiveFigures(page);
  return { held, heapMb: await heapAfterGcMb(page), fillSeconds };
}
