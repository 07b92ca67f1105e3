// Page object for the dashboard: what a user looks at and does.
import { expect, type Locator, type Page } from "@playwright/test";

export class DashboardPage {
  readonly page: Page;
  readonly flowCount: Locator;
  /** Flow rows only: gap markers are rows of the table but not flows. */
  readonly rows: Locator;
  /** "Stream interrupted" marker rows. */
  readonly gapMarkers: Locator;
  readonly filterInput: Locator;
  readonly connectionState: Locator;
  readonly details: Locator;

  constructor(page: Page) {
    this.page = page;
    this.flowCount = page.getByTestId("flow-count");
    this.rows = page.getByTestId("flow-row");
    this.gapMarkers = page.getByTestId("flow-gap");
    this.filterInput = page.getByTestId("filter-input");
    this.connectionState = page.getByTestId("connection-state");
    this.details = page.getByTestId("flow-details");
  }

  async open(query = ""): Promise<void> {
    await this.page.goto(`/${query}`);
    await expect(this.connectionState).toHaveAttribute("data-state", "streaming");
  }

  /** Types `hubble observe` flags into the filter bar, as a user would. */
  async filter(flags: string): Promise<void> {
    await this.page.keyboard.press("/");
    await expect(this.filterInput).toBeFocused();
    await this.filterInput.fill(flags);
    await this.filterInput.press("Enter");
  }

  /** The table row at `position` (0 = top), flow or gap marker; rendered only near the viewport. */
  tableRow(position: number): Locator {
    return this.page.getByTestId("flow-table").locator(`[role="row"][aria-rowindex="${position + 2}"]`);
  }

  /** Position (0 = top) of a rendered table row, from its aria-rowindex. */
  async positionOf(row: Locator): Promise<number> {
    return Number(await row.getAttribute("aria-rowindex")) - 2;
  }

  /**
   * The only gap marker's place, read from one DOM snapshot (rows move between
   * two separate reads): its position, the keys of the flow rows just above and
   * below it, and the flow counter's total then.
   */
  async gapPlace(): Promise<{ position: number; above: number | undefined; below: number | undefined; total: number }> {
    return this.page.evaluate(() => {
      const table = document.querySelector('[data-testid="flow-table"]');
      const marker = table?.querySelector('[data-testid="flow-gap"]');
      const rowIndex = Number(marker?.getAttribute("aria-rowindex"));
      const keyAt = (index: number) => {
        const key = table?.querySelector(`[data-testid="flow-row"][aria-rowindex="${index}"]`)?.getAttribute("data-key");
        return key === null || key === undefined ? undefined : Number(key);
      };
      const total = Number(table?.querySelector('[data-testid="flow-count"]')?.getAttribute("data-total"));
      return { position: rowIndex - 2, above: keyAt(rowIndex - 1), below: keyAt(rowIndex + 1), total };
    });
  }

  async expectCount(count: number): Promise<void> {
    await expect(this.flowCount).toHaveAttribute("data-total", String(count));
  }

  /** Verdicts of the rows rendered now (the table is virtualised: visible rows only). */
  async visibleVerdicts(): Promise<string[]> {
    return this.rows.evaluateAll((rows) => rows.map((row) => row.getAttribute("data-verdict") ?? ""));
  }
}
