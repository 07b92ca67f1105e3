// What the UI bench reads in the page: frames (requestAnimationFrame), main-thread tasks over
// 50 ms (the Long Tasks API) and the scripts behind long frames (Long Animation Frames); the
// page's own flow figures (the connection indicator and the table's count, as a viewer reads
// them); the JS heap through the DevTools protocol.
import { type Browser, chromium, type Page } from "@playwright/test";

/** playwright.config.ts's launch arguments, kept in step by hand: the background-networking ones matter on the test machines. */
const LAUNCH_ARGS = [
  "--no-sandbox", "--headless", "--disable-gpu", "--disable-dev-shm-usage",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
  "--no-first-run", "--disable-quic",
];

/** A desktop dashboard's size: the canvas size is part of what a map redraw costs. */
export const VIEWPORT = { width: 1600, height: 1000 } as const;

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", headless: true, args: LAUNCH_ARGS });
}

/** Frames and long tasks since the last reset. */
export interface MeterReading {
  readonly seconds: number;
  readonly fps: number;
  /** Longest time between two animation frames (ms): a stall the viewer sees. */
  readonly worstFrameGapMs: number;
  /** Main-thread tasks over 50 ms (every long task entry is one). */
  readonly longTasks: number;
  readonly longestTaskMs: number;
  /**
   * Script time inside long animation frames (over 50 ms), by what invoked the script
   * (`ReadableStreamDefaultReader.read.then`: the flow stream's decoding; `TimerHandler:setTimeout`:
   * the store's batch flush and React; `FrameRequestCallback`: cytoscape's drawing): who to blame.
   */
  readonly longFrameScriptMs: Readonly<Record<string, number>>;
}

interface MeterHandle {
  reset(): void;
  read(): MeterReading;
}

const METER_KEY = "__uiBenchMeter";

/**
 * Runs in the page before its scripts (addInitScript serialises it, so it closes over nothing).
 * Counts frames from the first one, and long tasks as the browser reports them.
 */
function installMeter(key: string): void {
  let start = performance.now();
  let frames = 0;
  let last = 0;
  let worstGap = 0;
  let tasks: number[] = [];
  let blame: Record<string, number> = {};
  const onFrame = (time: number) => {
    if (last > 0) worstGap = Math.max(worstGap, time - last);
    last = time;
    frames++;
    requestAnimationFrame(onFrame);
  };
  requestAnimationFrame(onFrame);
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) tasks.push(entry.duration);
  }).observe({ type: "longtask", buffered: true });
  // Long Animation Frames name the scripts that made a frame long; older engines lack them.
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as (PerformanceEntry & { scripts?: { invoker: string; duration: number }[] })[]) {
        for (const script of entry.scripts ?? []) blame[script.invoker] = (blame[script.invoker] ?? 0) + script.duration;
      }
    }).observe({ type: "long-animation-frame" });
  } catch {
    // No attribution: the frame and task figures stand on their own.
  }
  const handle: MeterHandle = {
    reset: () => {
      start = performance.now();
      frames = 0;
      worstGap = 0;
      last = 0;
      tasks = [];
      blame = {};
    },
    read: () => {
      const seconds = (performance.now() - start) / 1000;
      return { seconds, fps: frames / seconds, worstFrameGapMs: worstGap, longTasks: tasks.length, longestTaskMs: Math.max(0, ...tasks), longFrameScriptMs: blame };
    },
  };
  (window as unknown as Record<string, unknown>)[key] = handle;
}

/**
 * A page with the meter installed. tsx compiles this script with esbuild's keepNames, which
 * wraps named functions in a `__name(…)` call that does not exist in the page: every function
 * handed to the page would throw. A no-op `__name` defined first makes them run as written.
 */
export async function openMeteredPage(browser: Browser, url: string): Promise<Page> {
  const page = await browser.newPage({ viewport: VIEWPORT });
  await page.addInitScript({ content: "globalThis.__name = (target) => target;" });
  await page.addInitScript(installMeter, METER_KEY);
  // A server that cannot serve the page within this is past its limit: the step has no figures.
  await page.goto(url, { timeout: 30_000 });
  return page;
}

export async function resetMeter(page: Page): Promise<void> {
  await page.evaluate((key) => ((window as unknown as Record<string, MeterHandle>)[key] as MeterHandle).reset(), METER_KEY);
}

export function readMeter(page: Page): Promise<MeterReading> {
  return page.evaluate((key) => ((window as unknown as Record<string, MeterHandle>)[key] as MeterHandle).read(), METER_KEY);
}

/** The page's own figures, read from what it shows. */
export interface LiveFigures {
  /** The connection indicator's rate: flows received per second over the last 10 s. */
  readonly flowsPerSecond: number;
  /** Flows held in the ring (the table's count without filters). */
  readonly held: number;
  /** Lost-event notices the indicator counted (flows the server dropped for this page). */
  readonly lost: number;
}

export function readLiveFigures(page: Page): Promise<LiveFigures> {
  return page.evaluate(() => {
    const rate = document.querySelector('[data-testid="connection-rate"]')?.textContent ?? "";
    const lost = document.querySelector('[data-testid="connection-lost"]')?.textContent ?? "";
    const total = document.querySelector('[data-testid="flow-count"]')?.getAttribute("data-total");
    return { flowsPerSecond: Number.parseFloat(rate) || 0, held: Number(total ?? 0), lost: Number.parseInt(lost, 10) || 0 };
  });
}

/** Waits until the connection indicator says the stream is live. */
export async function waitForStreaming(page: Page): Promise<void> {
  await page.locator('[data-testid="connection-state"][data-state="streaming"]').waitFor({ timeout: 30_000 });
}

/** JS heap in use (MB) after two full garbage collections, through the DevTools protocol. */
export async function heapAfterGcMb(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send("HeapProfiler.collectGarbage");
    await cdp.send("HeapProfiler.collectGarbage");
    const { usedSize } = await cdp.send("Runtime.getHeapUsage");
    return usedSize / 1024 / 1024;
  } finally {
    await cdp.detach();
  }
}
