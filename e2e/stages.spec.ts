import { type ChildProcess, spawn } from "node:child_process";
import { expect, test } from "@playwright/test";
import { E2E_PORT } from "../playwright.config.ts";
import { StagesPage } from "./pages/stages-page.ts";

// Issue #7 items 2–3: the shop Zero-Trust ladder stepped 1 → 5 from the page's stage bar, on a
// simulator each test owns (the shared stage-5 server must keep its stage, and each test needs a
// lab that starts at stage 1 with no later stage in its history). Flows carry the wall clock and
// the panels show a time range ending now, so every stage's signal is checked right after that
// stage is reached, by polling until it appears.
const SHOP = ["--scenario", "shop", "--stage", "1", "--seed", "7", "--rate", "2"];
const STAGE_LABELS = ["1 Allow-All", "2 DNS", "3 L4", "4 L7", "5 Default-Deny"];
const SIGNAL = { timeout: 40_000 };

function startLab(port: number): ChildProcess {
  return spawn(
    process.execPath,
    ["--import", "tsx", "mock-server/main.ts", "--port", String(port), ...SHOP, "--cors-origin", `http://127.0.0.1:${E2E_PORT}`],
    { stdio: "ignore" },
  );
}

async function healthy(port: number): Promise<void> {
  await expect.poll(async () => (await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined))?.ok ?? false, { timeout: 30_000 }).toBe(true);
}

test("policies tab: attribution, stage markers in the URL, a card per stage and the 4 → 5 diff as the shop lab steps 1 → 5", async ({ page }) => {
  test.setTimeout(180_000);
  const port = E2E_PORT + 70;
  const server = startLab(port);
  try {
    await healthy(port);
    const lab = new StagesPage(page);
    await lab.open(`http://127.0.0.1:${port}`, "policies");
    await lab.expectStage(1);

    // Stage 1 Allow-All: Hubble names allow-all; nothing is denied, nothing inferred.
    await expect.poll(() => lab.policies("reported"), SIGNAL).toContain("allow-all");
    expect(await lab.policies("inferred")).toEqual([]);
    await expect.poll(() => lab.urlMarkers()).toEqual(["1 Allow-All (simulator)"]);
    await expect(lab.cards).toHaveCount(1);

    // Stage 2 with its button, stage 3 with the → key, stages 4 and 5 with buttons; each one's
    // policy shows up in the table before the next stage is applied.
    await lab.applyStage(2);
    await expect.poll(() => lab.policies("reported"), SIGNAL).toContain("allow-dns");
    await page.keyboard.press("ArrowRight");
    await lab.expectStage(3);
    await expect.poll(() => lab.policies("reported"), SIGNAL).toContain("allow-frontend-to-backend");
    await lab.applyStage(4);
    await expect.poll(() => lab.policies("reported"), SIGNAL).toContain("allow-frontend-l7");
    await lab.applyStage(5);

    // Every stage change is a simulator marker in the URL and a summary card.
    await expect.poll(() => lab.urlMarkers()).toEqual(STAGE_LABELS.map((label) => `${label} (simulator)`));
    await expect.poll(() => lab.cardLabels()).toEqual(STAGE_LABELS);
    await expect(page.locator('[data-testid="stage-card"][data-current="true"]')).toHaveAttribute("data-stage-label", "5 Default-Deny");

    // Stage 5 alone: allow-frontend-egress and allow-frontend-l7 reported, allow-all gone, and a
    // default deny inferred (the world egress drops name no policy).
    await lab.rangeSelect.selectOption({ label: "Stage 5 Default-Deny" });
    await expect.poll(() => lab.policies("reported"), SIGNAL).toEqual(expect.arrayContaining(["allow-frontend-egress", "allow-frontend-l7"]));
    await expect.poll(async () => (await lab.policies("inferred")).some((p) => p.startsWith("default deny")), SIGNAL).toBe(true);
    expect(await lab.policies("reported")).not.toContain("allow-all");
    // The whole range still has stage 1's allow-all.
    await lab.rangeSelect.selectOption({ label: "All flows" });
    await expect.poll(() => lab.policies("reported")).toContain("allow-all");

    // The diff defaults to the previous stage against the current one: 4 L7 → 5 Default-Deny,
    // where frontend's egress to the outside becomes dropped.
    await expect(lab.diff).toHaveAttribute("data-before", "4 L7");
    await expect(lab.diff).toHaveAttribute("data-after", "5 Default-Deny");
    await expect.poll(async () => (await lab.diffEdges("newlyDropped")).some((e) => /^frontend → (world|example\.com)/.test(e)), SIGNAL).toBe(true);
    expect(await lab.diffEdges("newlyAllowed")).toEqual([]);

    // A user marker with the m key lands in the URL next to the simulator's.
    await page.keyboard.press("m");
    await page.getByTestId("mark-stage-input").fill("mark stage: after default-deny");
    await page.getByTestId("mark-stage-input").press("Enter");
    await expect.poll(() => lab.urlMarkers()).toEqual([...STAGE_LABELS.map((label) => `${label} (simulator)`), "after default-deny (user)"]);
  } finally {
    server.kill("SIGKILL");
  }
});

test("panels tab: DNS at stage 2, REDIRECTED at stage 4, DROP_REASON_UNKNOWN and POLICY_DENIED at stage 5", async ({ page }) => {
  test.setTimeout(180_000);
  const port = E2E_PORT + 71;
  const server = startLab(port);
  try {
    await healthy(port);
    const lab = new StagesPage(page);
    await lab.open(`http://127.0.0.1:${port}`, "panels");
    await lab.expectStage(1);

    // Stage 1: traffic flows, no L7 proxy yet, nothing dropped.
    await expect.poll(() => lab.panelLegends("forwarded-vs-dropped"), SIGNAL).toContain("FORWARDED");
    expect(await lab.panelLegends("l7-flow-distribution")).not.toContain("DNS");
    expect(await lab.panelLegends("drop-reason")).toEqual([]);

    // Stage 2 DNS: DNS goes through the proxy, so L7 Flow Distribution gets a DNS series.
    await lab.applyStage(2);
    await expect.poll(() => lab.panelLegends("l7-flow-distribution"), SIGNAL).toContain("DNS");

    // Stage 3 (→ key) and 4 L7: Envoy takes frontend → backend, a REDIRECTED series appears.
    await page.keyboard.press("ArrowRight");
    await lab.expectStage(3);
    await lab.applyStage(4);
    await expect.poll(() => lab.panelLegends("forwarded-vs-redirected"), SIGNAL).toContain("REDIRECTED");
    expect(await lab.panelLegends("drop-reason")).toEqual([]);

    // Stage 5 Default-Deny: L7 denies (/get → 403) as DROP_REASON_UNKNOWN, world egress as POLICY_DENIED.
    await lab.applyStage(5);
    await expect.poll(() => lab.panelLegends("drop-reason"), SIGNAL).toEqual(expect.arrayContaining(["DROP_REASON_UNKNOWN", "POLICY_DENIED"]));
  } finally {
    server.kill("SIGKILL");
  }
});

test("without a lab (a replay server): no stage buttons, an unreadable marker link is reported, m marks a stage", async ({ page }) => {
  const lab = new StagesPage(page);
  await page.goto("/?tab=policies&stages=s12-ok.x!");
  await expect(lab.connectionState).toHaveAttribute("data-state", "streaming");
  await expect(lab.stageBar).toHaveAttribute("data-lab", "none");
  await expect(lab.stageButtons).toHaveCount(0);
  await expect(page.getByTestId("stage-param-error")).toContainText('stage marker 2 "x!"');

  // Marking replaces the unreadable link; the marker sits just after the newest recorded flow.
  await expect.poll(async () => Number(await page.getByTestId("stages-pane").getAttribute("data-flows"))).toBeGreaterThan(0);
  await page.keyboard.press("m");
  await page.getByTestId("mark-stage-input").fill("L4 applied");
  await page.getByTestId("mark-stage-input").press("Enter");
  await expect.poll(() => lab.urlMarkers()).toEqual(["L4 applied (user)"]);
  await expect(page.getByTestId("stage-param-error")).toHaveCount(0);
  await expect.poll(() => lab.cardLabels()).toEqual(["Before the first marker", "L4 applied"]);

  // Markers are removable.
  await page.getByTestId("stage-marker-count").click();
  await page.getByRole("button", { name: "Remove marker L4 applied" }).click();
  await expect.poll(() => lab.urlMarkers()).toEqual([]);
});
