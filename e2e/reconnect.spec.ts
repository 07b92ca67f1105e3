import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { E2E_PORT } from "../playwright.config.ts";
import { DashboardPage } from "./pages/dashboard-page.ts";

// Servers these tests own, so they can kill and restart them; the page
// (served by the e2e server) streams from them with ?server= and CORS.
const REPLAY_PORT = E2E_PORT + 50;
const SIMULATOR_PORT = E2E_PORT + 51;
const FILE = "src/testing/samples/basic-sample-400-tcp-flows.jsonl";
const times = readFileSync(FILE, "utf8").trim().split("\n").map((line) => String(JSON.parse(line).flow.time));
const flows = times.length;

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
/** An RFC 3339 UTC time that sorts as text: whole seconds, then the fraction as nine digits. */
const sortable = (iso: string) => `${iso.slice(0, 19)}.${(/\.(\d+)Z$/.exec(iso)?.[1] ?? "").padEnd(9, "0")}`;
/** The Timestamp column's text (Go's StampMilli, UTC) of the newest RFC 3339 time: where the marker's gap starts. */
function newestStampMilli(isoTimes: readonly string[]): string {
  const newest = isoTimes.map(sortable).toSorted().at(-1) ?? "";
  const [month, day] = [Number(newest.slice(5, 7)), Number(newest.slice(8, 10))];
  return `${MONTHS[month - 1]} ${String(day).padStart(2, " ")} ${newest.slice(11, 19)}.${newest.slice(20, 23)}`;
}
const STAMP = String.raw`[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d\.\d{3}`;
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

function startServer(port: number, source: string[]): ChildProcess {
  return spawn(
    process.execPath,
    ["--import", "tsx", "mock-server/main.ts", "--port", String(port), ...source, "--cors-origin", `http://127.0.0.1:${E2E_PORT}`],
    { stdio: "ignore" },
  );
}

async function healthy(port: number): Promise<void> {
  await expect
    .poll(async () => (await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined))?.ok ?? false, { timeout: 30_000 })
    .toBe(true);
}

test("killing and restarting the server: a countdown, a resumed stream, no row twice, a gap marked in the table", async ({ page }) => {
  const replay = ["--replay", FILE];
  let server = startServer(REPLAY_PORT, replay);
  try {
    await healthy(REPLAY_PORT);
    const dashboard = new DashboardPage(page);
    await dashboard.open(`?server=${encodeURIComponent(`http://127.0.0.1:${REPLAY_PORT}`)}`);
    await dashboard.expectCount(flows);
    await expect(dashboard.gapMarkers).toHaveCount(0);

    server.kill("SIGKILL");
    await expect(dashboard.connectionState).toHaveAttribute("data-state", "retrying", { timeout: 20_000 });
    await expect(dashboard.connectionState).toContainText(/retrying in \d+ s/);

    // The same recording again: the resumed stream (since = last flow's time)
    // repeats the flows at that boundary, which must not become new rows.
    server = startServer(REPLAY_PORT, replay);
    await healthy(REPLAY_PORT);
    await expect(dashboard.connectionState).toHaveAttribute("data-state", "streaming", { timeout: 45_000 });
    await expect(page.getByTestId("connection-gaps")).toHaveText("1 gap(s)");
    await page.waitForTimeout(1_000); // let any repeated batch land before counting
    await dashboard.expectCount(flows);
    await expect(dashboard.rows.first()).toBeVisible();

    // The marker: from the newest recorded flow to the wall-clock resume, on
    // top (nothing new arrived after it), and not counted as a flow.
    await expect(dashboard.gapMarkers).toHaveCount(1);
    await expect(dashboard.gapMarkers).toHaveText(
      new RegExp(`^⋯ stream interrupted ${escape(newestStampMilli(times))} – ${STAMP}: flows in between may be missing$`),
    );
    expect(await dashboard.positionOf(dashboard.gapMarkers)).toBe(0);
    await expect(dashboard.tableRow(1)).toHaveAttribute("data-key", String(flows - 1));
    await expect(dashboard.flowCount).toHaveAttribute("data-shown", String(flows));

    // A filter change restarts the stream on an empty ring: the marker goes with the old rows.
    await dashboard.filter("--verdict FORWARDED");
    await expect(page.getByTestId("connection-gaps")).toHaveCount(0);
    await expect(dashboard.rows.first()).toBeVisible();
    await expect(dashboard.gapMarkers).toHaveCount(0);
  } finally {
    server.kill("SIGKILL");
  }
});

test("a gap marker stays between the last flow before the break and the first after it as flows keep arriving", async ({ page }) => {
  test.setTimeout(120_000);
  // A slow live simulator (~1.5 flows/s, wall-clock times) and a tall page, so
  // the marker stays among the rendered rows while new flows push it down
  // (the restarted server's backlog alone puts a few dozen rows above it).
  const simulator = ["--scenario", "shop", "--stage", "1", "--seed", "3", "--rate", "0.05"];
  await page.setViewportSize({ width: 1280, height: 2000 });
  let server = startServer(SIMULATOR_PORT, simulator);
  try {
    await healthy(SIMULATOR_PORT);
    const dashboard = new DashboardPage(page);
    await dashboard.open(`?server=${encodeURIComponent(`http://127.0.0.1:${SIMULATOR_PORT}`)}`);
    await expect.poll(async () => Number(await dashboard.flowCount.getAttribute("data-total")), { timeout: 30_000 }).toBeGreaterThanOrEqual(3);

    server.kill("SIGKILL");
    await expect(dashboard.connectionState).toHaveAttribute("data-state", "retrying", { timeout: 20_000 });
    // Every flow received before the break is in the table now: the newest is on top.
    const lastKey = Number(await dashboard.tableRow(0).getAttribute("data-key"));
    expect(lastKey).toBeGreaterThanOrEqual(2);

    server = startServer(SIMULATOR_PORT, simulator);
    await healthy(SIMULATOR_PORT);
    await expect(dashboard.connectionState).toHaveAttribute("data-state", "streaming", { timeout: 45_000 });
    await expect(dashboard.gapMarkers).toHaveCount(1);
    await expect(dashboard.gapMarkers).toHaveText(new RegExp(`^⋯ stream interrupted ${STAMP} – ${STAMP}: flows in between may be missing$`));

    // Flows after the resume arrive above the marker; below it stays the last
    // flow before the break. Keys count flows from 0, so the total is the
    // number of flow rows: the marker is not one of them.
    await expect.poll(async () => (await dashboard.gapPlace()).position, { timeout: 30_000 }).toBeGreaterThanOrEqual(2);
    const first = await dashboard.gapPlace();
    expect(first).toMatchObject({ above: lastKey + 1, below: lastKey, total: lastKey + 1 + first.position });
    await expect.poll(async () => (await dashboard.gapPlace()).position, { timeout: 30_000 }).toBeGreaterThan(first.position + 2);
    const later = await dashboard.gapPlace();
    expect(later).toMatchObject({ above: lastKey + 1, below: lastKey, total: lastKey + 1 + later.position });
  } finally {
    server.kill("SIGKILL");
  }
});
