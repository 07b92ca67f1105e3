// Page object for the stage bar, the "Policies & stages" tab and the panels' legends: what a
// lab presenter looks at and clicks while stepping through a scenario.
import { expect, type Locator, type Page } from "@playwright/test";
import { parseStageParam } from "../../src/domain/stages/stage-param.ts";

export class StagesPage {
  readonly page: Page;
  readonly stageBar: Locator;
  /** The simulator's stage buttons; `data-current` holds the stage in force. */
  readonly stageButtons: Locator;
  readonly cards: Locator;
  readonly rangeSelect: Locator;
  readonly diff: Locator;
  readonly connectionState: Locator;

  constructor(page: Page) {
    this.page = page;
    this.stageBar = page.getByTestId("stage-bar");
    this.stageButtons = page.getByTestId("stage-buttons");
    this.cards = page.getByTestId("stage-card");
    this.rangeSelect = page.getByTestId("attribution-range");
    this.diff = page.getByTestId("stage-diff");
    this.connectionState = page.getByTestId("connection-state");
  }

  /** Opens the page on `server` and `tab`, streaming, with the lab's stage buttons shown. */
  async open(server: string, tab: "policies" | "panels"): Promise<void> {
    await this.page.goto(`/?server=${encodeURIComponent(server)}&tab=${tab}`);
    await expect(this.connectionState).toHaveAttribute("data-state", "streaming");
    await expect(this.stageBar).toHaveAttribute("data-lab", "simulator");
  }

  async openTab(tab: "policies" | "panels"): Promise<void> {
    await this.page.getByTestId(`tab-${tab}`).click();
    await expect(this.page).toHaveURL(new RegExp(`[?&]tab=${tab}(&|$)`));
  }

  stageButton(stage: number): Locator {
    return this.page.getByTestId(`stage-button-${stage}`);
  }

  /** Waits until the simulator confirms `stage` (the button is pressed, the stream heard it). */
  async expectStage(stage: number): Promise<void> {
    await expect(this.stageButtons).toHaveAttribute("data-current", String(stage));
    await expect(this.stageButton(stage)).toHaveAttribute("aria-pressed", "true");
  }

  /** Clicks the stage's button and waits for it to be in force. */
  async applyStage(stage: number): Promise<void> {
    await this.stageButton(stage).click();
    await this.expectStage(stage);
  }

  /** Policy words of the reported or inferred attribution rows shown now. */
  policies(section: "reported" | "inferred"): Promise<string[]> {
    return this.page.getByTestId(`attribution-${section}`).getByTestId("attribution-row").evaluateAll((rows) => rows.map((row) => row.getAttribute("data-policy") ?? ""));
  }

  /** Labels and sources of the stage markers in the URL, as the page wrote them. */
  async urlMarkers(): Promise<string[]> {
    const param = new URL(this.page.url()).searchParams.get("stages") ?? "";
    const parsed = parseStageParam(param);
    return parsed.ok ? parsed.markers.map((m) => `${m.label} (${m.source})`) : [`unreadable: ${parsed.error}`];
  }

  cardLabels(): Promise<string[]> {
    return this.cards.evaluateAll((cards) => cards.map((card) => card.getAttribute("data-stage-label") ?? ""));
  }

  /** Edges (`source → target`) in one list of the stage diff. */
  diffEdges(list: "newlyDropped" | "newlyAllowed" | "newlyRedirected" | "gone"): Promise<string[]> {
    return this.page.getByTestId(`diff-${list}`).getByTestId("diff-edge").evaluateAll((items) => items.map((item) => item.getAttribute("data-edge") ?? ""));
  }

  /** Legends with a non-zero value in the panel's range (the panels' data-series-legends contract). */
  async panelLegends(id: string): Promise<string[]> {
    const text = await this.page.getByTestId(`panel-${id}`).getAttribute("data-series-legends", { timeout: 5_000 }).catch(() => null);
    if (text === null) return [];
    try {
      const legends: unknown = JSON.parse(text);
      return Array.isArray(legends) ? legends.map(String) : [];
    } catch {
      return [];
    }
  }
}
