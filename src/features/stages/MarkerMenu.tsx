// The stage markers in a drop-down of the stage bar: each with its time, label and source, and a
// remove button. A list rather than chips, because a lab collects a dozen markers and the header
// has room for none of them.
import type { StageMarker } from "../../domain/stages/stage-timeline.ts";
import { formatClock } from "./stage-bar-model.ts";

export interface MarkerMenuProps {
  markers: readonly StageMarker[];
  onRemove(marker: StageMarker): void;
  onClear(): void;
}

const SOURCE_TEXT: Readonly<Record<StageMarker["source"], string>> = { simulator: "lab", user: "you" };

export function MarkerMenu({ markers, onRemove, onClear }: MarkerMenuProps) {
  return (
    <details className="stage-markers" data-testid="stage-markers">
      <summary data-testid="stage-marker-count" data-count={markers.length}>
        {markers.length === 1 ? "1 marker" : `${markers.length} markers`}
      </summary>
      <div className="stage-markers-popover">
        {markers.length === 0 ? (
          <p className="stage-markers-empty">No stage markers yet. Press “Mark stage” (or m) when you apply a change.</p>
        ) : (
          <ol>
            {markers.map((marker) => (
              <li key={`${marker.timeMs}|${marker.source}|${marker.label}`} data-testid="stage-marker" data-source={marker.source}>
                <time dateTime={new Date(marker.timeMs).toISOString()} title="flow time, UTC">{formatClock(marker.timeMs)}</time>
                <span className="stage-marker-label">{marker.label}</span>
                <span className={`stage-marker-source source-${marker.source}`} title={marker.source === "simulator" ? "from the lab simulator" : "marked by you"}>
                  {SOURCE_TEXT[marker.source]}
                </span>
                <button type="button" className="icon-button" aria-label={`Remove marker ${marker.label}`} title="Remove marker" onClick={() => onRemove(marker)}>
                  ×
                </button>
              </li>
            ))}
          </ol>
        )}
        {markers.length > 0 ? (
          <button type="button" className="stage-link-button" onClick={onClear}>
            Remove all
          </button>
        ) : null}
      </div>
    </details>
  );
}
