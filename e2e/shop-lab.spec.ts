import { expect, test } from "@playwright/test";
import { LAB_PORT } from "../playwright.config.ts";
import { DashboardPage } from "./pages/dashboard-page.ts";

// Against the lab simulator at shop stage 5 (default-deny + L7 rule).
const LAB = `http://127.0.0.1:${LAB_PORT}`;

interface CyElement { data(key: string): unknown }
interface Cy { nodes(): CyElement[]; edges(): CyElement[]; getElementById(id: string): CyElement }

/** Edges as "source → target: VERDICT", by node names. */
function edgeVerdicts(): string[] {
  const cy = (window as unknown as Record<string, Cy | undefined>)["__cy"];
  if (!cy) return [];
  const name = (id: unknown) => String(cy.getElementById(String(id)).data("name"));
  return cy.edges().map((e) => `${name(e.data("source"))} → ${name(e.data("target"))}: ${String(e.data("verdict"))}`);
}

test("shop stage 5: the map shows frontend, backend, kube-dns and the world names, with drops and a mixed edge", async ({ page }) => {
  const dashboard = new DashboardPage(page);
  await page.goto(`${LAB}/?debug=1&window=1m`);
  await expect(dashboard.connectionState).toHaveAttribute("data-state", "streaming");

  const names = () => page.evaluate(() => {
    const cy = (window as unknown as Record<string, { nodes(): { data(k: string): unknown }[] } | undefined>)["__cy"];
    return cy ? cy.nodes().map((n) => String(n.data("name"))) : [];
  });
  await expect.poll(names, { timeout: 30_000 }).toEqual(expect.arrayContaining(["frontend", "backend", "kube-dns", "example.com"]));

  // All four hold at once on the same map (each edge appears on its own schedule, so poll them together).
  const stage5Edges = async () => {
    const edges = await page.evaluate(edgeVerdicts);
    return {
      exampleComDropped: edges.includes("frontend → example.com: DROPPED"),
      backendMixed: edges.includes("frontend → backend: MIXED"),
      // Traffic to 1.1.1.1 has no DNS name: it is the world entity, also dropped.
      worldDropped: edges.some((e) => /^frontend → world.*: DROPPED$/.test(e)),
      // DNS through the proxy is allowed: never drawn as dropped.
      dnsNeverDropped: edges.filter((e) => e.startsWith("frontend → kube-dns")).every((e) => !/DROPPED|MIXED/.test(e)),
      edges,
    };
  };
  await expect.poll(stage5Edges, { timeout: 30_000 }).toMatchObject({
    exampleComDropped: true, backendMixed: true, worldDropped: true, dnsNeverDropped: true,
  });
});

test("shop stage 5: typing --verdict DROPPED shows only dropped flows, in the URL and after a reload", async ({ page }) => {
  const dashboard = new DashboardPage(page);
  await page.goto(`${LAB}/`);
  await expect(dashboard.connectionState).toHaveAttribute("data-state", "streaming");
  await dashboard.filter("--verdict DROPPED");
  await expect(page).toHaveURL(/filter=--verdict\+DROPPED/);
  await expect(dashboard.rows.first()).toBeVisible({ timeout: 20_000 });
  expect(new Set(await dashboard.visibleVerdicts())).toEqual(new Set(["DROPPED"]));
  await page.reload();
  await expect(dashboard.rows.first()).toBeVisible({ timeout: 20_000 });
  expect(new Set(await dashboard.visibleVerdicts())).toEqual(new Set(["DROPPED"]));
});
