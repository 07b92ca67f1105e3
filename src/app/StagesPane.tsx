// The "Policies & stages" tab: policy attribution (reported and inferred apart) for all flows or
// one stage, a summary card per stage, and the diff between two stages. Everything comes from
// the page's StageBook (fed from the store since the stage bar mounted), recomputed at most once
// a second; the markers come from the URL like everywhere else.
import { useMemo, useState } from "react";
import { parseStageParam } from "../domain/stages/stage-param.ts";
import { AttributionTables } from "../features/stages/AttributionTables.tsx";
import { StageCards } from "../features/stages/StageCards.tsx";
import { StageDiffView } from "../features/stages/StageDiffView.tsx";
import { stageBookFeed } from "../features/stages/stage-book-feed.ts";
import { stagesView } from "../features/stages/stages-view.ts";
import { useThrottled } from "../features/stages/use-throttled.ts";
import type { LiveStore } from "./live-store.ts";
import type { ViewState } from "./view-state.ts";

export interface StagesPaneProps {
  store: LiveStore;
  /** The store's snapshot version: the pane recomputes (throttled) when it changes. */
  version: number;
  view: ViewState;
}

const RECOMPUTE_MS = 1_000;

export function StagesPane({ store, version, view }: StagesPaneProps) {
  const feed = stageBookFeed(store);
  const parsed = useMemo(() => parseStageParam(view.stages), [view.stages]);
  const tick = useThrottled(version, RECOMPUTE_MS);
  // Range and diff pair are local: they are how one reads the page, not what a link shares.
  const [rangeKey, setRangeKey] = useState("all");
  const [chosen, setChosen] = useState<{ before: number; after: number } | undefined>(undefined);
  const data = useMemo(() => {
    // Idempotent: the stage bar sets the same markers; this only makes sure they are in before we read.
    if (parsed.ok) feed.setMarkers(parsed.markers);
    // Stamped with the store version it was computed at: new flows, new numbers.
    return { ...stagesView(feed.book, feed.newestFlowMs, rangeKey, chosen), version: tick };
  }, [feed, parsed, rangeKey, chosen, tick]);

  const rangeLabel = data.intervals.find((i) => String(i.fromMs) === rangeKey)?.marker.label;
  return (
    <div className="stages-pane" data-testid="stages-pane" data-flows={data.flows} data-version={data.version}>
      <section className="stages-section" aria-labelledby="stages-cards-title">
        <header className="stages-section-header">
          <h2 id="stages-cards-title">Stages</h2>
          <span className="stages-hint">
            {data.intervals.length === 0 ? "no stage marked yet: every flow in one card" : `${data.intervals.length} stage(s) · ${data.flows.toLocaleString("en-US")} flow events`}
          </span>
        </header>
        <StageCards cards={data.cards} />
      </section>

      {/* Attribution beside the diff on wide screens: both answer "what did the policies do". */}
      <div className="stages-columns">
        <section className="stages-section" aria-labelledby="stages-attribution-title">
          <header className="stages-section-header">
            <h2 id="stages-attribution-title">Policy attribution</h2>
            <label className="stages-picker">
              Range
              <select data-testid="attribution-range" value={rangeLabel === undefined ? "all" : rangeKey} onChange={(event) => setRangeKey(event.target.value)}>
                <option value="all">All flows</option>
                {data.intervals.map((interval) => (
                  <option key={interval.fromMs} value={String(interval.fromMs)}>
                    Stage {interval.marker.label}
                  </option>
                ))}
              </select>
            </label>
          </header>
          <AttributionTables view={data.attribution} />
        </section>
        <section className="stages-section" aria-labelledby="stages-diff-title">
          <header className="stages-section-header">
            <h2 id="stages-diff-title">What changed between stages</h2>
            <span className="stages-hint">edges of the service map, client → server</span>
          </header>
          <StageDiffView intervals={data.intervals} pair={data.pair} diff={data.diff} onChoose={setChosen} />
        </section>
      </div>
    </div>
  );
}
