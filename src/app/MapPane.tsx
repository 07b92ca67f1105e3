// The service map above the table: fed by the live store, windowed by the
// view, and a click selects a node or edge whose flows the table then shows.
import { useEffect, useMemo, useRef } from "react";
import type { Flow } from "../gen/flow/flow_pb.ts";
import { compileFilters } from "../domain/filters/compile-flow-filter.ts";
import { describeSelection } from "../domain/aggregation/service-map/selection.ts";
import { ServiceMapAggregator } from "../domain/aggregation/service-map/service-map-aggregator.ts";
import { ServiceMap } from "../features/service-map/ServiceMap.tsx";
import type { MapWindow } from "../features/service-map/MapToolbar.tsx";
import { useServiceMapModel } from "../features/service-map/use-service-map-model.ts";
import type { LiveStore } from "./live-store.ts";
import { type TimeWindow, type ViewState, WINDOW_MS, WINDOWS } from "./view-state.ts";

/** Recordings older than this are windowed on their own clock, not the wall clock. */
const OLD_DATA_MS = 60 * 60 * 1000;

export interface MapPaneProps {
  store: LiveStore;
  version: number;
  view: ViewState;
  onViewChange(view: ViewState): void;
  knownNamespaces: readonly string[];
  /** The table's filter for the selected node or edge (undefined: none). */
  onSelectionFilter(predicate: ((flow: Flow) => boolean) | undefined, title: string | undefined): void;
}

export function MapPane({ store, version, view, onViewChange, knownNamespaces, onSelectionFilter }: MapPaneProps) {
  const aggregator = useMemo(() => new ServiceMapAggregator(), []);
  useEffect(() => store.addConsumer(aggregator), [store, aggregator]);
  const clock = useMemo(
    () => () => {
      const latest = aggregator.latestFlowMs;
      const now = Date.now();
      return latest !== undefined && latest < now - OLD_DATA_MS ? latest : now;
    },
    [aggregator],
  );
  const namespaces = useMemo(() => (view.namespaces.length > 0 ? new Set(view.namespaces) : "all" as const), [view.namespaces]);
  const windowMs = WINDOW_MS[view.window];
  const model = useServiceMapModel(aggregator, version, { windowMs, namespaces }, { clock });

  // The selection lives in the URL; its filters follow the model it came from.
  const selection = view.mapSelection === undefined ? undefined : describeSelection(model, view.mapSelection);
  // The selection object is rebuilt with every model; the table's filter only
  // changes when what is selected changes (its key).
  const selectionKey = selection ? `${selection.id} ${selection.observeArgs}` : "";
  const latest = useRef(selection);
  useEffect(() => {
    latest.current = selection;
  });
  useEffect(() => {
    const current = latest.current;
    if (selectionKey === "" || !current) onSelectionFilter(undefined, undefined);
    else onSelectionFilter(compileFilters({ whitelist: current.filters, blacklist: [] }), current.title);
  }, [selectionKey, onSelectionFilter]);

  return (
    <ServiceMap
      model={model}
      onSelect={(next) => onViewChange({ ...view, ...(next ? { mapSelection: next.id } : { mapSelection: undefined }) })}
      windowMs={windowMs as MapWindow}
      onWindowChange={(w) => onViewChange({ ...view, window: windowFor(w) })}
      namespaceOptions={[...new Set([...knownNamespaces, ...aggregator.namespaces()])].toSorted()}
      namespaces={namespaces}
      onNamespacesChange={(ns) => onViewChange({ ...view, namespaces: ns === "all" ? [] : [...ns].toSorted() })}
      onClear={() => aggregator.clear()}
    />
  );
}

function windowFor(ms: MapWindow): TimeWindow {
  return WINDOWS.find((w) => WINDOW_MS[w] === ms) ?? "5m";
}
