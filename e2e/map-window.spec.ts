import { spawn } from "node:child_process";
import { expect, type Page, test } from "@playwright/test";
import { E2E_PORT } from "../playwright.config.ts";
import { DashboardPage } from "./pages/dashboard-page.ts";

// Issue #6: "a window change removes stale edges". A simulator this test owns
// (the shared stage-5 server must keep its stage for the other specs) runs the
// shop lab at stage 5, where frontend's egress to the world is dropped and
// frontend → backend is mixed (L7 403s); then the lab moves back to stage 1
// (allow-all), where the same edges carry only forwarded traffic. Flows are
// stamped with the wall clock, so the 1-minute window forgets stage 5 about a
// minute after the change, while "All" keeps it until the map is cleared.
const PORT = E2E_PORT + 60;
const SERVER = `http://127.0.0.1:${PORT}`;

interface MapEdge {
  from: string;
  to: string;
  port: string;
  verdict: string;
  dropped: number;
}

/** The edges cytoscape holds now (`window.__cy`, exposed with ?debug=1), by node names. */
function mapEdges(page: Page): Promise<MapEdge[]> {
  return page.evaluate(() => {
    interface Element { data(key: string): unknown }
    interface Cy { edges(): Element[]; getElementById(id: string): Element }
    const cy = (window as unknown as Record<string, Cy | undefined>)["__cy"];
    if (!cy) return [];
    const name = (id: unknown) => String(cy.getElementById(String(id)).data("name"));
    return cy.edges().map((e) => ({
      from: name(e.data("source")),
      to: name(e.data("target")),
      port: String(e.data("portLabel")),
      verdict: String(e.data("verdict")),
      dropped: Number((e.data("verdicts") as Record<string, number> | undefined)?.DROPPED ?? 0),
    }));
  });
}

/** Verdicts of the edges from frontend to `to` (one per cluster and port), sorted and deduplicated. */
async function verdictsTo(page: Page, to: string | RegExp): Promise<string[]> {
  const edges = (await mapEdges(page)).filter((e) => e.from === "frontend" && (typeof to === "string" ? e.to === to : to.test(e.to)));
  return [...new Set(edges.map((e) => e.verdict))].toSorted();
}

/** Dropped flows counted on frontend's edges to the world and to backend. */
async function frontendDrops(page: Page): Promise<number> {
  const edges = (await mapEdges(page)).filter((e) => e.from === "frontend" && /^(example\.com|world|backend)/.test(e.to));
  return edges.reduce((sum, e) => sum + e.dropped, 0);
}

async function setStage(stage: number): Promise<void> {
  // Connect's JSON form of observatory.lab.v1.Lab/SetStage: no client code needed.
  const response = await fetch(`${SERVER}/observatory.lab.v1.Lab/SetStage`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ stage }),
  });
  expect(response.ok, await response.clone().text()).toBe(true);
  expect(await response.json()).toMatchObject({ change: { stage, cause: "api" } });
}

test("a window change removes stale edges: stage-5 drops leave the 1-minute window, stay in All until Clear", async ({ page }) => {
  // The 1-minute window has to pass in real time: ~70 s of waiting on purpose.
  test.setTimeout(180_000);
  const server = spawn(
    process.execPath,
    ["--import", "tsx", "mock-server/main.ts", "--port", String(PORT), "--scenario", "shop", "--stage", "5", "--seed", "7", "--rate", "2", "--cors-origin", `http://127.0.0.1:${E2E_PORT}`],
    { stdio: "ignore" },
  );
  try {
    await expect.poll(async () => (await fetch(`${SERVER}/healthz`).catch(() => undefined))?.ok ?? false, { timeout: 30_000 }).toBe(true);
    const dashboard = new DashboardPage(page);
    await dashboard.open(`?server=${encodeURIComponent(SERVER)}&debug=1`);
    const windowSelect = page.getByTestId("map-window");

    // Stage 5, as the acceptance describes it.
    await expect.poll(() => verdictsTo(page, "example.com"), { timeout: 30_000 }).toEqual(["DROPPED"]);
    await expect.poll(() => verdictsTo(page, /^world/), { timeout: 30_000 }).toEqual(["DROPPED"]);
    await expect.poll(() => verdictsTo(page, "backend"), { timeout: 30_000 }).toEqual(["MIXED"]);

    await setStage(1);
    await windowSelect.selectOption({ label: "1 min" });
    await expect(page).toHaveURL(/[?&]window=1m(&|$)/);
    // Within the minute both stages count: the world edges now pass and drop.
    await expect.poll(() => verdictsTo(page, "example.com"), { timeout: 30_000 }).toEqual(["MIXED"]);

    // Once the last stage-5 flow is older than the window, no drop is left on
    // those edges (the edges stay: stage 1 still sends the same traffic).
    await expect.poll(() => frontendDrops(page), { timeout: 100_000, intervals: [2_000] }).toBe(0);
    expect(await verdictsTo(page, "example.com")).toEqual(["FORWARDED"]);
    expect(await verdictsTo(page, /^world/)).toEqual(["FORWARDED"]);
    expect(await verdictsTo(page, "backend")).toEqual(["FORWARDED"]);

    // Changing the window alone brings them back and removes them again, at once.
    await windowSelect.selectOption({ label: "5 min" });
    await expect.poll(() => verdictsTo(page, "example.com"), { timeout: 5_000 }).toEqual(["MIXED"]);
    await windowSelect.selectOption({ label: "1 min" });
    await expect.poll(() => frontendDrops(page), { timeout: 5_000 }).toBe(0);

    // "All" still counts everything since the last clear: stage 5's drops are back
    // (and the forwarded traffic only frontend's node reports is counted there too).
    await windowSelect.selectOption({ label: "All" });
    await expect(page).toHaveURL(/[?&]window=all(&|$)/);
    await expect.poll(() => verdictsTo(page, "example.com"), { timeout: 5_000 }).toEqual(["MIXED"]);
    expect(await frontendDrops(page)).toBeGreaterThan(0);

    // Clear forgets them: what comes back is stage 1 only.
    await page.getByTestId("map-clear").click();
    await expect.poll(() => frontendDrops(page)).toBe(0);
    await expect.poll(() => verdictsTo(page, "example.com"), { timeout: 30_000 }).toEqual(["FORWARDED"]);

    // With the stream stopped, Clear leaves the map empty.
    server.kill("SIGKILL");
    await expect(dashboard.connectionState).toHaveAttribute("data-state", "retrying", { timeout: 20_000 });
    await page.getByTestId("map-clear").click();
    await expect.poll(async () => (await mapEdges(page)).length).toBe(0);
    await expect(page.getByTestId("service-map")).toHaveAttribute("data-nodes", "0");
    await expect(page.getByTestId("map-counts")).toHaveText("0 nodes · 0 edges");
  } finally {
    server.kill("SIGKILL");
  }
});
