import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";

// The file the e2e server replays (playwright.config.ts); expectations are
// read from it rather than typed in.
const REPLAYED = "src/testing/samples/basic-sample-400-tcp-flows.jsonl";
const lines = readFileSync(REPLAYED, "utf8").trim().split("\n").map((line) => JSON.parse(line));
const redirected = lines.filter((line) => line.flow.verdict === "REDIRECTED").length;
const newest = lines.at(-1).flow;

// The whole chain: a real server replaying a recorded file, the built page in
// Chromium, ServerStatus and GetFlows over gRPC-web.
test("the page lists the flows the server streams over gRPC-web", async ({ page }) => {
  const pageErrors: string[] = [];
  page.on("pageerror", (error) => pageErrors.push(error.message));
  const grpcWebCalls: string[] = [];
  page.on("request", (request) => {
    if (request.headers()["content-type"]?.startsWith("application/grpc-web")) grpcWebCalls.push(request.url());
  });

  await page.goto("/");

  await expect(page.getByTestId("server-status")).toContainText(`buffer ${lines.length}/4095`);
  await expect(page.getByTestId("flow-count")).toHaveText(new RegExp(`^${lines.length} flows received \\(streaming\\)`));
  await expect(page.getByTestId("flow-row")).toHaveCount(lines.length);
  await expect(page.getByTestId("flow-verdict").filter({ hasText: /^REDIRECTED$/ })).toHaveCount(redirected);
  // Newest first: the file's last flow heads the list.
  await expect(page.getByTestId("flow-row").first()).toContainText(`${newest.source.namespace}/${newest.source.pod_name}`);

  expect(redirected).toBeGreaterThan(0);
  expect(grpcWebCalls.some((url) => url.endsWith("/observer.Observer/GetFlows"))).toBe(true);
  expect(grpcWebCalls.some((url) => url.endsWith("/observer.Observer/ServerStatus"))).toBe(true);
  expect(pageErrors).toEqual([]);
});
