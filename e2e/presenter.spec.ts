import { expect, test } from "@playwright/test";
import { LAB_PORT } from "../playwright.config.ts";

// Presenter mode against the lab simulator (shop stage 5): the map and the pinned panels only,
// in a link that reproduces it, toggled with "p".
const LAB = `http://127.0.0.1:${LAB_PORT}`;

test("presenter mode shows the map and the chosen panels only, and p leaves it", async ({ page }) => {
  await page.goto(`${LAB}/?debug=1&presenter=1&panels=drop-reason,forwarded-vs-dropped`);
  await expect(page.getByTestId("presenter-main")).toBeVisible();
  await expect(page.locator(".app.presenter")).toHaveCount(1);
  const mapNodes = () => page.evaluate(() => (window as unknown as Record<string, { nodes(): unknown[] } | undefined>)["__cy"]?.nodes().length ?? 0);
  await expect.poll(mapNodes, { timeout: 30_000 }).toBeGreaterThan(0);
  await expect(page.locator("section[data-testid^='panel-']")).toHaveCount(2);
  await expect
    .poll(async () => JSON.parse((await page.getByTestId("panel-drop-reason").getAttribute("data-series-legends")) ?? "[]") as string[], { timeout: 30_000 })
    .toEqual(expect.arrayContaining(["DROP_REASON_UNKNOWN", "POLICY_DENIED"]));
  await expect(page.getByTestId("filters-bar")).toBeHidden();
  await expect(page.getByTestId("flow-count")).toHaveCount(0);

  await page.keyboard.press("p");
  await expect(page.getByTestId("presenter-main")).toHaveCount(0);
  await expect(page.getByTestId("filters-bar")).toBeVisible();
  expect(new URL(page.url()).searchParams.get("presenter")).toBeNull();
});
