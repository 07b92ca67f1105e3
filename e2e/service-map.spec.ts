import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { DashboardPage } from "./pages/dashboard-page.ts";

// The e2e server replays the bookinfo recording (playwright.config.ts).
const lines = readFileSync("src/testing/samples/basic-sample-400-tcp-flows.jsonl", "utf8").trim().split("\n").map((l) => JSON.parse(l));
const apps = new Set(
  lines.flatMap((l) => [l.flow.source, l.flow.destination])
    .flatMap((e) => (e?.labels ?? []).filter((s: string) => s.startsWith("k8s:app=")).map((s: string) => s.slice("k8s:app=".length))),
);

interface CyNode { data(key: string): unknown; id(): string }
interface Cy { nodes(): CyNode[]; edges(): CyNode[] }
// `window.__cy` is the page's test hook with ?debug=1 (issue #6); read by key.
const cyNames = () => (window as unknown as Record<string, Cy>)["__cy"]?.nodes().map((n) => String(n.data("name"))) ?? [];

test("the service map shows the recording's workloads and filters the table on a click", async ({ page }) => {
  const dashboard = new DashboardPage(page);
  await dashboard.open("?debug=1&window=all");
  await dashboard.expectCount(lines.length);
  await expect(page.getByTestId("map-legend")).toBeVisible();

  // Workloads are grouped like Hubble UI groups them (app label), one node each.
  await expect.poll(async () => (await page.evaluate(cyNames)).filter((n) => apps.has(n)).toSorted()).toEqual([...apps].toSorted());

  // Selecting an edge (as a click does) narrows the table to that edge's flows.
  const edgeId = await page.evaluate(() => {
    const cy = (window as unknown as Record<string, Cy & { getElementById(id: string): { emit(e: string): void } }>)["__cy"];
    const edge = cy?.edges()[0];
    if (!edge) return "";
    cy?.getElementById(edge.id()).emit("tap");
    return edge.id();
  });
  expect(edgeId).not.toBe("");
  await expect(page.getByTestId("map-filter")).toBeVisible();
  await expect(page).toHaveURL(/sel=/);
  const shown = Number(await dashboard.flowCount.getAttribute("data-shown"));
  expect(shown).toBeGreaterThan(0);
  expect(shown).toBeLessThan(lines.length);
});

test("the map downloads as a PNG of the whole graph", async ({ page }) => {
  const dashboard = new DashboardPage(page);
  await dashboard.open("?debug=1&window=all");
  await dashboard.expectCount(lines.length);
  await expect.poll(async () => (await page.evaluate(cyNames)).length).toBeGreaterThan(0);
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("map-export-png").click()]);
  expect(download.suggestedFilename()).toMatch(/^observatory-map-.*\.png$/);
  const image = readFileSync((await download.path()) ?? "");
  // The PNG signature, and an image of some size (the IHDR width and height at bytes 16–23).
  expect([...image.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect(image.readUInt32BE(16)).toBeGreaterThan(100);
  expect(image.readUInt32BE(20)).toBeGreaterThan(100);
});
