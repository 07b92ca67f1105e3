// Page object for the panels tab: panels by id, the series each publishes (the data-series-*
// contract of TimeSeriesPanel), the range and grouping controls, the exports.
import { type Download, expect, type Locator, type Page } from "@playwright/test";

export type Grouping = "sum" | "node" | "cluster";

export class PanelsPage {
  readonly page: Page;
  readonly pane: Locator;
  readonly range: Locator;
  readonly status: Locator;

  constructor(page: Page) {
    this.page = page;
    this.pane = page.getByTestId("panels-pane");
    this.range = page.getByTestId("panel-range");
    this.status = page.getByTestId("panels-status");
  }

  /** Opens the panels tab at `base` (e.g. the lab server) with extra query parameters. */
  async open(base: string, query = ""): Promise<void> {
    await this.page.goto(`${base}/?tab=panels${query ? `&${query}` : ""}`);
    await expect(this.pane).toBeVisible();
  }

  panel(id: string): Locator {
    return this.page.getByTestId(`panel-${id}`);
  }

  /** Legends with a non-zero value in range, as the panel publishes them. */
  async legends(id: string): Promise<string[]> {
    const text = await this.panel(id).getAttribute("data-series-legends");
    return text === null ? [] : (JSON.parse(text) as string[]);
  }

  async seriesCount(id: string): Promise<number> {
    return Number(await this.panel(id).getAttribute("data-series-count"));
  }

  groupingButton(grouping: Grouping): Locator {
    return this.page.getByTestId("panel-grouping").locator(`[data-grouping="${grouping}"]`);
  }

  async group(grouping: Grouping): Promise<void> {
    await this.groupingButton(grouping).click();
    await expect(this.groupingButton(grouping)).toHaveAttribute("aria-pressed", "true");
  }

  /** Clicks a panel's CSV button and returns the download. */
  async exportCsv(id: string): Promise<Download> {
    const download = this.page.waitForEvent("download");
    await this.panel(id).getByTestId("panel-csv").click();
    return download;
  }
}
