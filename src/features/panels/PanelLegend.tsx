// A panel's legend under the chart: each series' colour (and dash, for its node), its name and
// its current value. Clicking a name shows only that series and clicking it again shows all, as
// in Grafana. Top-k panels list by current value, largest first (the shipped legend table sort).
import type { PanelDefinition } from "../../domain/panels/panel-definition.ts";
import type { ChartLine, ChartModel } from "./chart-model.ts";
import { formatValue } from "./panel-units.ts";

export interface PanelLegendProps {
  readonly panel: PanelDefinition;
  readonly model: ChartModel;
  /** The series shown alone, by name; undefined = all shown. */
  readonly isolated: string | undefined;
  readonly onIsolate: (name: string | undefined) => void;
}

function ordered(panel: PanelDefinition, lines: readonly ChartLine[]): readonly ChartLine[] {
  const topk = panel.query.kind === "rate" && panel.query.query.topk !== undefined;
  return topk ? lines.toSorted((a, b) => (b.current ?? -Infinity) - (a.current ?? -Infinity)) : lines;
}

export function PanelLegend({ panel, model, isolated, onIsolate }: PanelLegendProps) {
  return (
    <ul className="panel-legend" aria-label={`${panel.title} series`}>
      {ordered(panel, model.lines).map((line) => {
        const dimmed = isolated !== undefined && isolated !== line.name;
        const unit = line.axis === "right" ? "short" : panel.unit;
        return (
          <li key={line.key} className={dimmed ? "panel-legend-item dimmed" : "panel-legend-item"}>
            <button type="button" aria-pressed={isolated === line.name} onClick={() => onIsolate(isolated === line.name ? undefined : line.name)}>
              <svg className="panel-legend-swatch" width="16" height="8" aria-hidden="true">
                {line.bandEdge ? (
                  <rect x="0" y="1" width="16" height="6" fill={line.colour} fillOpacity="0.35" />
                ) : (
                  <line x1="0" y1="4" x2="16" y2="4" stroke={line.colour} strokeWidth="2.5" strokeDasharray={line.dash} />
                )}
              </svg>
              <span className="panel-legend-name">{line.name}</span>
              {line.axis === "right" ? <span className="panel-legend-axis">(right)</span> : null}
              <span className="panel-legend-value">{line.current === null ? "–" : formatValue(line.current, unit, panel.decimals)}</span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}
