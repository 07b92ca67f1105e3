// Page object for the dashboard: what a user looks at and does.
import { expect, type Locator, type Page } from "@playwright/test";

export class DashboardPage {
  readonly page: Page;
  readonly flowCount: Locator;
  readonly rows: Locator;
  readonly filterInput: Locator;
  readonly connectionState: Locator;
  readonly details: Locator;

  constructor(page: Page) {
    this.page = page;
    this.flowCount = page.getByTestId("flow-count");
    this.rows = page.getByTestId("flow-row");
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

  async expectCount(count: number): Promise<void> {
    await expect(this.flowCount).toHaveAttribute("data-total", String(count));
  }

  /** Verdicts of the rows rendered now (the table is virtualised: visible rows only). */
  async visibleVerdicts(): Promise<string[]> {
    return this.rows.evaluateAll((rows) => rows.map((row) => row.getAttribute("data-verdict") ?? ""));
  }
}
