import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { DashboardPage } from "./pages/dashboard-page.ts";

// The file the e2e server replays (playwright.config.ts); expectations are
// read from it rather than typed in.
const REPLAYED = "src/testing/samples/basic-sample-400-tcp-flows.jsonl";
const lines = readFileSync(REPLAYED, "utf8").trim().split("\n").map((line) => JSON.parse(line));
/** Orders JSON lines by their event time. */
const byTime = (a: string, b: string) => Date.parse(JSON.parse(a).time) - Date.parse(JSON.parse(b).time);
const redirected = lines.filter((line) => line.flow.verdict === "REDIRECTED").length;

test.describe("dashboard against a replayed recording", () => {
  test("streams every flow over gRPC-web into the table", async ({ page }) => {
    const pageErrors: string[] = [];
    page.on("pageerror", (error) => pageErrors.push(error.message));
    const grpcWeb: string[] = [];
    page.on("request", (request) => {
      if (request.headers()["content-type"]?.startsWith("application/grpc-web")) grpcWeb.push(new URL(request.url()).pathname);
    });
    const dashboard = new DashboardPage(page);

    await dashboard.open();
    await dashboard.expectCount(lines.length);
    await expect(dashboard.rows.first()).toBeVisible();

    expect(grpcWeb).toContain("/observer.Observer/GetFlows");
    expect(grpcWeb).toContain("/observer.Observer/ServerStatus");
    expect(pageErrors).toEqual([]);
  });

  test("exports the flows in view as JSON lines that are the recording itself, and as CSV", async ({ page }) => {
    const dashboard = new DashboardPage(page);
    await dashboard.open();
    await dashboard.expectCount(lines.length);
    const saved = async (item: string) => {
      await page.getByTestId("export-flows").locator("summary").click();
      const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId(item).click()]);
      return { name: download.suggestedFilename(), text: readFileSync((await download.path()) ?? "", "utf8") };
    };
    const jsonl = await saved("export-jsonl");
    expect(jsonl.name).toMatch(/^observatory-flows-.*\.jsonl$/);
    // Oldest first, written as `hubble observe -o jsonpb` writes them: the recorded lines, sorted by time.
    expect(jsonl.text.trim().split("\n").toSorted(byTime)).toEqual(readFileSync(REPLAYED, "utf8").trim().split("\n").toSorted(byTime));
    const csv = await saved("export-csv");
    expect(csv.text.split("\r\n")[0]).toContain("Verdict");
    expect(csv.text.trim().split("\r\n")).toHaveLength(lines.length + 1);
  });

  test("typed hubble flags filter on the server, live in the URL and survive a reload", async ({ page }) => {
    const dashboard = new DashboardPage(page);
    await dashboard.open();
    await dashboard.expectCount(lines.length);

    await dashboard.filter("--verdict REDIRECTED");

    await expect(page).toHaveURL(/filter=--verdict\+REDIRECTED/);
    await expect(page.getByTestId("filter-chip")).toHaveText(["verdict REDIRECTED×"]);
    await dashboard.expectCount(redirected);
    expect(new Set(await dashboard.visibleVerdicts())).toEqual(new Set(["REDIRECTED"]));

    await page.reload();
    await expect(dashboard.connectionState).toHaveAttribute("data-state", "streaming");
    await dashboard.expectCount(redirected);
    await expect(page.getByTestId("filter-chip")).toHaveText(["verdict REDIRECTED×"]);
  });

  test("an invalid flag is reported and the view keeps streaming", async ({ page }) => {
    const dashboard = new DashboardPage(page);
    await dashboard.open();
    await dashboard.filter("--verdict MAYBE");
    await expect(page.getByTestId("filter-error")).toContainText("MAYBE");
    await dashboard.expectCount(lines.length);
  });

  test("the details drawer shows the raw flow and closes with Esc", async ({ page }) => {
    const dashboard = new DashboardPage(page);
    await dashboard.open();
    await dashboard.expectCount(lines.length);
    await dashboard.rows.first().click();
    await expect(dashboard.details).toBeVisible();
    await expect(page.getByTestId("flow-details-raw")).toContainText(/"node_name": ?"kind-control-plane"/);
    await page.keyboard.press("Escape");
    await expect(dashboard.details).toBeHidden();
  });

  test("columns and the compact view live in the URL: the link shows them in a fresh browser; a bare page keeps the saved layout", async ({ page, browser }) => {
    const dashboard = new DashboardPage(page);
    const headers = (on = page) => on.getByTestId("flow-table").getByRole("columnheader");
    await dashboard.open();
    await dashboard.expectCount(lines.length);
    const picker = page.getByTestId("column-picker");
    await picker.getByRole("button", { name: "Columns" }).click();
    await picker.locator('input[data-column="node"]').check();
    await picker.getByRole("button", { name: "Move Node earlier" }).click();
    // Shown at the end, then moved one place earlier: second to last, in the table and the URL.
    await expect(headers().nth(-2)).toHaveText("Node");
    const chosen = await headers().allTextContents();
    const cols = new URL(page.url()).searchParams.get("cols")?.split(",") ?? [];
    expect(cols).toHaveLength(chosen.length);
    expect(cols.at(-2)).toBe("node");
    const link = page.url();

    // Another user, nothing saved: the link alone reproduces the columns.
    const fresh = await browser.newContext({ baseURL: new URL(link).origin });
    const other = await fresh.newPage();
    await other.goto(link);
    await expect(headers(other)).toHaveText(chosen);
    // The same user opening the bare page gets the layout they saved.
    await page.goto("/");
    await expect(headers()).toHaveText(chosen);
    // Compact view: one line per flow, as `hubble observe` prints, and in the URL.
    await page.getByTestId("compact-toggle").check();
    await expect(page).toHaveURL(/[?&]compact=1/);
    await other.goto(page.url());
    await expect(other.getByTestId("flow-table")).toHaveAttribute("data-compact", "true");
    await fresh.close();
  });
});
