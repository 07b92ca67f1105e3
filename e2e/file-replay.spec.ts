import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { DashboardPage } from "./pages/dashboard-page.ts";

const SAMPLES = "src/testing/samples";
const samples = readdirSync(SAMPLES).filter((name) => name.endsWith(".jsonl")).toSorted();
const lineCount = (text: string) => text.trim().split("\n").length;

async function openFile(page: Page, name: string, text: string) {
  await page.getByTestId("file-input").setInputFiles({ name, mimeType: "application/json", buffer: Buffer.from(text) });
  await expect(page.getByTestId("file-replay")).toHaveAttribute("data-status", "done");
}

test.describe("opening flow files in the page", () => {
  for (const name of samples) {
    test(`${name} shows exactly its flows`, async ({ page }) => {
      const text = readFileSync(join(SAMPLES, name), "utf8");
      const dashboard = new DashboardPage(page);
      await dashboard.open();
      await openFile(page, name, text);
      await expect(page.getByTestId("file-flow-count")).toHaveAttribute("data-count", String(lineCount(text)));
      await dashboard.expectCount(lineCount(text));
    });
  }

  test("a dropped file with bad lines shows the bad-line report and keeps every good flow", async ({ page }) => {
    const good = readFileSync(join(SAMPLES, "basic-sample-10-flows.jsonl"), "utf8").trim().split("\n");
    const text = [good[0], (good[1] ?? "").slice(0, 90), "not json at all", ...good.slice(2)].join("\n");
    const dashboard = new DashboardPage(page);
    await dashboard.open();
    // A real drop: a DataTransfer carrying the file, dispatched on the page.
    const transfer = await page.evaluateHandle((content) => {
      const data = new DataTransfer();
      data.items.add(new File([content], "broken.jsonl", { type: "application/json" }));
      return data;
    }, text);
    await page.dispatchEvent(".app", "drop", { dataTransfer: transfer });
    await expect(page.getByTestId("file-replay")).toHaveAttribute("data-status", "done");
    await expect(page.getByTestId("file-flow-count")).toHaveAttribute("data-count", "9");
    await dashboard.expectCount(9);
    const report = page.getByTestId("bad-line-report").locator("li");
    await expect(report).toHaveCount(2);
    await expect(report.nth(0)).toContainText("broken.jsonl:2:");
    await expect(report.nth(1)).toContainText("broken.jsonl:3: not JSON");

    await page.getByTestId("back-to-live").click();
    await expect(dashboard.connectionState).toHaveAttribute("data-state", "streaming");
  });

  test("script payloads in flow strings are shown as text and never run", async ({ page }) => {
    const payload = `<img src=x onerror="window.xssCanary=1"><script>window.xssCanary=2</script>`;
    const base = JSON.parse(readFileSync(join(SAMPLES, "basic-sample-348-http-flows.jsonl"), "utf8").split("\n")[0] ?? "{}");
    const flow = base.flow;
    flow.l7.http.url = `http://shop/${payload}`;
    flow.l7.http.headers = [{ key: payload, value: payload }];
    flow.source.labels = [`k8s:app=${payload}`];
    flow.source.pod_name = `pod-${payload}`;
    flow.destination_names = [`${payload}.example.com`];
    flow.Summary = payload;
    flow.ingress_allowed_by = [{ name: payload, namespace: "shop", kind: "CiliumNetworkPolicy" }];
    const dashboard = new DashboardPage(page);
    await dashboard.open();
    await openFile(page, "payload.jsonl", JSON.stringify(base) + "\n");
    await dashboard.expectCount(1);
    await dashboard.rows.first().click();
    await expect(page.getByTestId("flow-details")).toContainText(`pod-${payload}`);
    await expect(page.getByTestId("flow-details-raw")).toContainText("window.xssCanary");
    await expect(page.locator("img[src=x]")).toHaveCount(0);
    expect(await page.evaluate(() => (window as unknown as { xssCanary?: number }).xssCanary)).toBeUndefined();
  });
});
