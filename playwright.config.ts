import { defineConfig } from "@playwright/test";

// Debian's Chromium, never a downloaded browser (this machine has no CDN).
const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const E2E_PORT = Number(process.env.E2E_PORT ?? 12_100);
/** A second server running the lab simulator (shop, stage 5, fixed seed). */
export const LAB_PORT = E2E_PORT + 1;
/** The built UI the servers serve; parallel runs may build into their own folder. */
export const UI_DIR = process.env.UI_DIR ?? "dist";

export default defineConfig({
  testDir: "e2e",
  testMatch: "**/*.spec.ts",
  fullyParallel: false,
  workers: 1,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  reporter: [["list"]],
  timeout: 60_000,
  expect: { timeout: 15_000 },
  use: {
    baseURL: `http://127.0.0.1:${E2E_PORT}`,
    browserName: "chromium",
    headless: true,
    launchOptions: {
      executablePath: chromium,
      args: [
        "--no-sandbox", "--headless", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--no-first-run", "--disable-quic",
      ],
    },
  },
  // The built UI (test:e2e builds first) served by real servers, one port each.
  webServer: [
    {
      command: `node --import tsx mock-server/main.ts --port ${E2E_PORT} --ui-dir ${UI_DIR} --replay src/testing/samples/basic-sample-400-tcp-flows.jsonl`,
      url: `http://127.0.0.1:${E2E_PORT}/healthz`,
      reuseExistingServer: false,
      stdout: "pipe",
      stderr: "pipe",
      timeout: 60_000,
    },
    {
      command: `node --import tsx mock-server/main.ts --port ${LAB_PORT} --ui-dir ${UI_DIR} --scenario shop --stage 5 --seed 7 --rate 2`,
      url: `http://127.0.0.1:${LAB_PORT}/healthz`,
      reuseExistingServer: false,
      stdout: "ignore",
      stderr: "pipe",
      timeout: 60_000,
    },
  ],
});
