// The bar above the flow table: follow/pause, counts, the compact view and
// its `hubble observe` print options, the column picker, and room for the
// page's own buttons.
import type { ReactNode } from "react";
import { ColumnPicker } from "./ColumnPicker.tsx";
import type { FlowTableSettings } from "./table-settings.ts";

export interface FlowTableToolbarProps {
  paused: boolean;
  onPausedChange(paused: boolean): void;
  /** Rows in the table (after the predicate, up to the pause point). */
  shown: number;
  /** Flows held up to the pause point (before the predicate). */
  total: number;
  /** Whether a predicate is applied (then the count reads "x of y"). */
  filtered: boolean;
  /** Flows that arrived since the pause (all, and those passing the predicate). */
  arrived: number;
  arrivedMatching: number;
  settings: FlowTableSettings;
  onSettingsChange(change: Partial<FlowTableSettings>): void;
  extra?: ReactNode;
}

const count = (n: number): string => n.toLocaleString("en-US");

export function FlowTableToolbar(props: FlowTableToolbarProps) {
  const { paused, onPausedChange, shown, total, filtered, arrived, arrivedMatching, settings, onSettingsChange } = props;
  const newText = filtered && arrivedMatching !== arrived ? `${count(arrived)} new flows (${count(arrivedMatching)} match)` : `${count(arrived)} new flows`;
  return (
    <div className="flow-table-toolbar">
      <button
        type="button"
        className={paused ? "pause-toggle pause-toggle-paused" : "pause-toggle"}
        data-testid="pause-toggle"
        aria-pressed={paused}
        title={paused ? "Resume following new flows" : "Freeze the table; new flows keep arriving in the background"}
        onClick={() => onPausedChange(!paused)}
      >
        {paused ? "▶ Resume" : "❚❚ Pause"}
      </button>
      <span className="flow-count" data-testid="flow-count" data-shown={shown} data-total={total} aria-live="polite">
        {filtered ? `${count(shown)} of ${count(total)} flows` : `${count(shown)} flows`}
      </span>
      {paused ? (
        <button type="button" className="new-flows" data-testid="new-flows" data-count={arrived} onClick={() => onPausedChange(false)}>
          {arrived === 0 ? "Paused" : `Paused · ${newText} ↑`}
        </button>
      ) : null}
      <span className="flow-table-toolbar-spacer" />
      <label className="toolbar-check">
        <input type="checkbox" data-testid="compact-toggle" checked={settings.compact} onChange={(e) => onSettingsChange({ compact: e.target.checked })} />
        Compact (hubble observe)
      </label>
      {settings.compact ? (
        <>
          <label className="toolbar-check" title="--print-node-name">
            <input type="checkbox" checked={settings.printNodeName} onChange={(e) => onSettingsChange({ printNodeName: e.target.checked })} />
            node names
          </label>
          <label className="toolbar-check" title="--print-policy-names">
            <input type="checkbox" checked={settings.printPolicyNames} onChange={(e) => onSettingsChange({ printPolicyNames: e.target.checked })} />
            policy names
          </label>
          <label className="toolbar-check" title="--numeric">
            <input type="checkbox" checked={settings.numeric} onChange={(e) => onSettingsChange({ numeric: e.target.checked })} />
            numeric
          </label>
        </>
      ) : (
        <ColumnPicker columns={settings.columns} onChange={(columns) => onSettingsChange({ columns })} />
      )}
      {props.extra}
    </div>
  );
}
