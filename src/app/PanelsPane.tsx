// The panels tab: Grafana's Hubble dashboards computed in the page from the same flows the table
// shows (the server applied the filters and namespaces; a file or map selection adds `predicate`),
// row by row, pinned panels first. Range, grouping, pins and stage markers are URL state.
import { memo, useMemo } from "react";
import type { Flow } from "../gen/flow/flow_pb.ts";
import { PANEL_ROWS, panelById } from "../domain/panels/all-panels.ts";
import type { PanelDefinition } from "../domain/panels/panel-definition.ts";
import { parseStageParam } from "../domain/stages/stage-param.ts";
import { panelRange } from "../features/panels/panel-range.ts";
import { PanelRowSection } from "../features/panels/PanelRowSection.tsx";
import { PanelsToolbar } from "../features/panels/PanelsToolbar.tsx";
import { readChartTheme } from "../features/panels/theme-colours.ts";
import { TimeSeriesPanel } from "../features/panels/TimeSeriesPanel.tsx";
import { useCollapsedRows } from "../features/panels/use-collapsed-rows.ts";
import { type PanelFlowSource, type PanelSnapshot, usePanelEngine } from "../features/panels/use-panel-engine.ts";
import { usePanelBenchHook, usePanelSeries } from "../features/panels/use-panel-series.ts";
import "../features/panels/panels.css";
import { PANEL_RANGE_MS, PANEL_RANGES, type ViewState } from "./view-state.ts";

export interface PanelsPaneProps {
  readonly store: PanelFlowSource;
  readonly version: number;
  readonly predicate: ((flow: Flow) => boolean) | undefined;
  readonly view: ViewState;
  readonly onViewChange: (view: ViewState) => void;
  /** What `predicate` narrows to beyond the server's filters (the map selection's title). */
  readonly scope?: string | undefined;
  /** Presenter mode: only the pinned panels (view.panels), without the toolbar and rows. */
  readonly pinnedOnly?: boolean;
}

const PINNED = "Pinned";

export function PanelsPane({ store, version, predicate, ...board }: PanelsPaneProps) {
  const snapshot = usePanelEngine(store, version, predicate);
  return <PanelBoard snapshot={snapshot} {...board} />;
}

type PanelBoardProps = Omit<PanelsPaneProps, "store" | "version" | "predicate"> & { readonly snapshot: PanelSnapshot };

// Memoised: the page re-renders on every stream batch (several a second), the board only when the
// engine's snapshot (at most once a second) or the view changes.
const PanelBoard = memo(function PanelBoard({ snapshot, view, onViewChange, scope, pinnedOnly = false }: PanelBoardProps) {
  const theme = useMemo(() => readChartTheme(), []);
  const [collapsed, toggleRow] = useCollapsedRows();
  const durationMs = PANEL_RANGE_MS[view.panelRange];
  // The range follows the newest flow, so it moves with the refresh clock, not with every batch.
  const range = useMemo(() => panelRange(snapshot.span, durationMs), [snapshot, durationMs]);
  const markers = useMemo(() => {
    const parsed = parseStageParam(view.stages);
    return parsed.ok ? parsed.markers : [];
  }, [view.stages]);

  const pinnedKey = view.panels.join(",");
  const pinned = useMemo(
    () => pinnedKey.split(",").flatMap((id) => panelById(id) ?? []),
    [pinnedKey],
  );
  const rows = useMemo(() => {
    const isPinned = new Set(pinned.map((p) => p.id));
    return PANEL_ROWS.map((r) => ({ row: r.row, panels: r.panels.filter((p) => !isPinned.has(p.id)) })).filter((r) => r.panels.length > 0);
  }, [pinned]);
  // Only panels on unfolded rows are evaluated.
  const shown = useMemo(
    () => (pinnedOnly ? pinned : [...(collapsed.has(PINNED) ? [] : pinned), ...rows.flatMap((r) => (collapsed.has(r.row) ? [] : r.panels))]),
    [pinned, rows, collapsed, pinnedOnly],
  );
  const series = usePanelSeries(snapshot, shown, range, view.grouping);
  usePanelBenchHook(snapshot, shown, range, view.grouping);

  const togglePin = (id: string) =>
    onViewChange({ ...view, panels: view.panels.includes(id) ? view.panels.filter((p) => p !== id) : [...view.panels, id] });
  const panel = (p: PanelDefinition) => (
    <TimeSeriesPanel
      key={p.id}
      panel={p}
      series={series.get(p.id)}
      range={range}
      grouping={view.grouping}
      markers={markers}
      pinned={view.panels.includes(p.id)}
      onTogglePin={togglePin}
      theme={theme}
    />
  );

  if (pinnedOnly) {
    return (
      <div className="panels-pane panels-presenter" data-testid="panels-pane">
        {pinned.map(panel)}
      </div>
    );
  }
  return (
    <div className="panels-pane" data-testid="panels-pane">
      <PanelsToolbar
        ranges={PANEL_RANGES}
        range={view.panelRange}
        onRangeChange={(next) => onViewChange({ ...view, panelRange: next })}
        grouping={view.grouping}
        onGroupingChange={(grouping) => onViewChange({ ...view, grouping })}
        shown={range}
        flows={snapshot.flows}
        rebuilding={snapshot.rebuilding}
        scope={scope}
      />
      {pinned.length > 0 ? (
        <PanelRowSection title={PINNED} count={pinned.length} collapsed={collapsed.has(PINNED)} onToggle={() => toggleRow(PINNED)}>
          {pinned.map(panel)}
        </PanelRowSection>
      ) : null}
      {rows.map((r) => (
        <PanelRowSection key={r.row} title={r.row} count={r.panels.length} collapsed={collapsed.has(r.row)} onToggle={() => toggleRow(r.row)}>
          {r.panels.map(panel)}
        </PanelRowSection>
      ))}
    </div>
  );
});
