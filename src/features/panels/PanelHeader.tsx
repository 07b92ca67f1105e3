// A panel's header bar, as in Grafana: the title, an (i) that opens what the panel shows and the
// exact PromQL of the dashboard it mirrors (copyable, so it can be pasted into a real
// Prometheus), a pin, and the CSV / PNG exports.
import { useState } from "react";
import type { PanelDefinition } from "../../domain/panels/panel-definition.ts";

export interface PanelHeaderProps {
  readonly panel: PanelDefinition;
  readonly pinned: boolean;
  readonly onTogglePin: (() => void) | undefined;
  readonly onCsv: (() => void) | undefined;
  readonly onPng: (() => void) | undefined;
}

/** The queries as Grafana lists them: one, or one per refId (A/B/C of Flows processed Per Node). */
export function panelQueriesText(panel: PanelDefinition): string {
  if (panel.targets === undefined || panel.targets.length === 0) return panel.promql;
  return panel.targets.map((t) => `${t.refId} (${t.legend}): ${t.expr}`).join("\n");
}

function InfoPopover({ panel }: { panel: PanelDefinition }) {
  const [copied, setCopied] = useState(false);
  const queries = panelQueriesText(panel);
  const copy = () => {
    const text = panel.targets?.map((t) => t.expr).join("\n") ?? panel.promql;
    void navigator.clipboard?.writeText(text).then(
      () => setCopied(true),
      () => setCopied(false),
    );
  };
  return (
    <details className="panel-info" onToggle={() => setCopied(false)}>
      <summary title="What this panel shows and its PromQL" aria-label={`About ${panel.title}`}>
        i
      </summary>
      <div className="panel-info-body" role="dialog" aria-label={`About ${panel.title}`}>
        <p>{panel.description}</p>
        <p className="panel-info-meta">
          Legend <code>{panel.legend}</code> · unit <code>{panel.unit}</code>
          {panel.stacking === "none" ? "" : panel.stacking === "percent" ? " · 100 % stacked" : " · stacked"}
          {panel.threshold === undefined ? "" : ` · threshold ${panel.threshold}`}
        </p>
        <pre className="panel-promql" data-testid="panel-promql">
          <code>{queries}</code>
        </pre>
        <button type="button" onClick={copy}>
          {copied ? "Copied" : "Copy PromQL"}
        </button>
      </div>
    </details>
  );
}

export function PanelHeader({ panel, pinned, onTogglePin, onCsv, onPng }: PanelHeaderProps) {
  return (
    <header className="panel-header">
      <h3 className="panel-title" title={panel.title}>
        {panel.title}
      </h3>
      <InfoPopover panel={panel} />
      <span className="panel-header-spacer" />
      <div className="panel-actions">
        {onTogglePin ? (
          <button type="button" aria-pressed={pinned} data-testid="panel-pin" title={pinned ? "Unpin" : "Pin to the top"} onClick={onTogglePin}>
            {pinned ? "Unpin" : "Pin"}
          </button>
        ) : null}
        <button type="button" data-testid="panel-csv" disabled={!onCsv} title="Download the series as CSV" onClick={onCsv}>
          CSV
        </button>
        <button type="button" data-testid="panel-png" disabled={!onPng} title="Download the chart as PNG" onClick={onPng}>
          PNG
        </button>
      </div>
    </header>
  );
}
