import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { LAB_PORT } from "../playwright.config.ts";
import { PanelsPage } from "./pages/panels-page.ts";

// Against the lab simulator at shop stage 5 (default-deny, allow-dns, the L7 rule allowing only
// GET /status/200): what facts/lab-scenarios.md says the Grafana panels show at that stage.
const LAB = `http://127.0.0.1:${LAB_PORT}`;
const SLOW = { timeout: 30_000 };

test("shop stage 5: the panels show the lab's drops, verdicts, L7 and flow types", async ({ page }) => {
  const panels = new PanelsPage(page);
  await panels.open(LAB);
  // L7 denials (GET /get → 403 by the proxy) have no drop reason; world egress is POLICY_DENIED.
  await expect.poll(() => panels.legends("drop-reason"), SLOW).toEqual(expect.arrayContaining(["DROP_REASON_UNKNOWN", "POLICY_DENIED"]));
  await expect.poll(() => panels.legends("forwarded-vs-dropped"), SLOW).toEqual(expect.arrayContaining(["FORWARDED", "DROPPED", "REDIRECTED"]));
  await expect.poll(() => panels.legends("l7-flow-distribution"), SLOW).toEqual(expect.arrayContaining(["DNS", "HTTP"]));
  await expect.poll(() => panels.legends("flows-types"), SLOW).toEqual(expect.arrayContaining(["PolicyVerdict", "Drop", "L7"]));
  // Every panel names its Grafana query.
  await panels.panel("drop-reason").locator("summary").click();
  await expect(panels.panel("drop-reason").getByTestId("panel-promql")).toHaveText("sum(rate(hubble_drop_total[1m])) by (pod, reason)");
});

test("shop stage 5: per node splits the series, and range and grouping survive a reload", async ({ page }) => {
  const panels = new PanelsPage(page);
  await panels.open(LAB);
  await expect.poll(() => panels.legends("forwarded-vs-dropped"), SLOW).toEqual(expect.arrayContaining(["FORWARDED", "DROPPED"]));
  await expect(panels.groupingButton("sum")).toHaveAttribute("aria-pressed", "true");
  const summed = await panels.seriesCount("forwarded-vs-dropped");
  expect(summed).toBeGreaterThan(0);

  await panels.group("node");
  // The lab runs several nodes in two clusters: each verdict now has a line per node.
  await expect.poll(() => panels.seriesCount("forwarded-vs-dropped"), SLOW).toBeGreaterThan(summed);
  await panels.range.selectOption("30m");
  await expect(page).toHaveURL(/[?&]range=30m/);
  await expect(page).toHaveURL(/[?&]by=node/);

  await page.reload();
  await expect(panels.range).toHaveValue("30m");
  await expect(panels.groupingButton("node")).toHaveAttribute("aria-pressed", "true");
  await expect.poll(() => panels.seriesCount("forwarded-vs-dropped"), SLOW).toBeGreaterThan(summed);
});

test("shop stage 5: a panel's CSV names its series in the header", async ({ page }) => {
  const panels = new PanelsPage(page);
  await panels.open(LAB);
  await expect.poll(() => panels.legends("forwarded-vs-dropped"), SLOW).toEqual(expect.arrayContaining(["FORWARDED", "DROPPED", "REDIRECTED"]));
  const download = await panels.exportCsv("forwarded-vs-dropped");
  expect(download.suggestedFilename()).toMatch(/^observatory-forwarded-vs-dropped-.+\.csv$/);
  const text = await readFile(await download.path(), "utf8");
  const [header = "", ...rows] = text.trimEnd().split("\r\n");
  const columns = header.split(",");
  expect(columns[0]).toBe("time");
  expect(columns).toEqual(expect.arrayContaining(["FORWARDED", "DROPPED", "REDIRECTED"]));
  // 15 minutes at 5 s steps, and every row as wide as the header.
  expect(rows.length).toBe(181);
  expect(rows.every((row) => row.split(",").length === columns.length)).toBe(true);
});
