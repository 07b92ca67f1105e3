import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { E2E_PORT } from "../playwright.config.ts";
import { DashboardPage } from "./pages/dashboard-page.ts";

// A server this test owns, so it can kill and restart it; the page (served by
// the e2e server) streams from it with ?server= and CORS.
const PORT = E2E_PORT + 50;
const FILE = "src/testing/samples/basic-sample-400-tcp-flows.jsonl";
const flows = readFileSync(FILE, "utf8").trim().split("\n").length;

function startServer(): ChildProcess {
  return spawn(
    process.execPath,
    ["--import", "tsx", "mock-server/main.ts", "--port", String(PORT), "--replay", FILE, "--cors-origin", `http://127.0.0.1:${E2E_PORT}`],
    { stdio: "ignore" },
  );
}

async function healthy(): Promise<void> {
  await expect
    .poll(async () => (await fetch(`http://127.0.0.1:${PORT}/healthz`).catch(() => undefined))?.ok ?? false, { timeout: 30_000 })
    .toBe(true);
}

test("killing and restarting the server: a countdown, a resumed stream, no row twice, a gap noted", async ({ page }) => {
  let server = startServer();
  try {
    await healthy();
    const dashboard = new DashboardPage(page);
    await dashboard.open(`?server=${encodeURIComponent(`http://127.0.0.1:${PORT}`)}`);
    await dashboard.expectCount(flows);

    server.kill("SIGKILL");
    await expect(dashboard.connectionState).toHaveAttribute("data-state", "retrying", { timeout: 20_000 });
    await expect(dashboard.connectionState).toContainText(/retrying in \d+ s/);

    // The same recording again: the resumed stream (since = last flow's time)
    // repeats the flows at that boundary, which must not become new rows.
    server = startServer();
    await healthy();
    await expect(dashboard.connectionState).toHaveAttribute("data-state", "streaming", { timeout: 45_000 });
    await expect(page.getByTestId("connection-gaps")).toHaveText("1 gap(s)");
    await page.waitForTimeout(1_000); // let any repeated batch land before counting
    await dashboard.expectCount(flows);
  } finally {
    server.kill("SIGKILL");
  }
});
