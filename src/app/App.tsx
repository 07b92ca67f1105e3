// The application shell: providers, the API endpoint, the live store and the
// page layout. Views are URL state; flows come from one store.
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from "react";
import type { Flow } from "../gen/flow/flow_pb.ts";
import { QueryClient, QueryClientProvider, useQuery } from "@tanstack/react-query";
import { apiBaseUrl, createObserverClient, type ObserverClient } from "../api/observer-client.ts";
import { namespacesQuery } from "../api/query-keys.ts";
import { formatObserveCommandLine, type ObserveFlagChip } from "../domain/filters/format-observe-flags.ts";
import { compileFilters } from "../domain/filters/compile-flow-filter.ts";
import { FiltersBar } from "../features/filters-bar/FiltersBar.tsx";
import { FileReplayPanel, OpenFileButton } from "../features/file-replay/FileReplayPanel.tsx";
import { useFileReplay } from "../features/file-replay/use-file-replay.ts";
import { addToFilter } from "../features/filters-bar/filter-chips.ts";
import { FlowDetails } from "../features/flows-table/FlowDetails.tsx";
import { FlowTable } from "../features/flows-table/FlowTable.tsx";
import { storeTableSettings } from "../features/flows-table/stored-table-settings.ts";
import { StageBar } from "../features/stages/StageBar.tsx";
import { PresenterLayout } from "../features/stages/PresenterLayout.tsx";
import { ConnectionIndicator } from "./ConnectionIndicator.tsx";
import { LiveStore } from "./live-store.ts";
import { MapPane } from "./MapPane.tsx";
import { StagesPane } from "./StagesPane.tsx";
import { PanelsPane } from "./PanelsPane.tsx";
import { useGlobalKeys } from "./use-global-keys.ts";
import { useViewState } from "./use-view-state.ts";
import { ViewTabs } from "./ViewTabs.tsx";
import { parseViewState, requestFilters } from "./view-state.ts";

const queryClient = new QueryClient({
  defaultOptions: { queries: { retry: 2, refetchOnWindowFocus: false } },
});

export function App() {
  const baseUrl = useMemo(() => apiBaseUrl(window.location), []);
  const client = useMemo(() => createObserverClient(baseUrl), [baseUrl]);
  return (
    <QueryClientProvider client={queryClient}>
      <Dashboard client={client} baseUrl={baseUrl} />
    </QueryClientProvider>
  );
}

function Dashboard({ client, baseUrl }: { client: ObserverClient; baseUrl: string }) {
  const [view, setView] = useViewState();
  const store = useMemo(() => new LiveStore(), []);
  const live = useSyncExternalStore(store.subscribe, store.getSnapshot);
  const [paused, setPaused] = useState(false);
  const filterInput = useRef<HTMLInputElement | null>(null);
  const namespaces = useQuery(namespacesQuery(client, baseUrl));

  // The server applies the filters: a change restarts the stream with them.
  // Memoised on text keys, so selecting a row or paging does not reconnect.
  const { filter } = view;
  const namespaceKey = view.namespaces.join(",");
  const verdictKey = view.verdicts.join(",");
  const hideKey = view.hide.join(",");
  const filters = useMemo(
    () => requestFilters(parseViewState(new URLSearchParams({ filter, ns: namespaceKey, verdict: verdictKey, hide: hideKey }).toString())),
    [filter, namespaceKey, verdictKey, hideKey],
  );
  // A file opened in the page replaces the live stream until "Back to live".
  const [fileMode, setFileMode] = useState(false);
  const [dragging, setDragging] = useState(false);
  const replay = useFileReplay((flows) => store.ingest(flows));
  const openFile = (file: File) => {
    setFileMode(true);
    store.disconnect();
    store.clear();
    replay.open(file);
  };
  const backToLive = () => {
    replay.close();
    setFileMode(false);
  };
  useEffect(() => {
    if (fileMode || !filters.ok) return;
    store.connect(client, filters.whitelist, filters.blacklist);
    return () => store.disconnect();
  }, [client, store, filters, fileMode]);
  // Live, the server filters; for a file, the same domain code filters here.
  const viewPredicate = useMemo(() => (fileMode && filters.ok ? compileFilters(filters) : undefined), [fileMode, filters]);
  // A node or edge selected on the map narrows the table to its flows.
  const [mapFilter, setMapFilter] = useState<{ keep: (flow: Flow) => boolean; title: string } | undefined>();
  const onSelectionFilter = useCallback((keep: ((flow: Flow) => boolean) | undefined, title: string | undefined) => {
    setMapFilter(keep && title ? { keep, title } : undefined);
  }, []);
  const predicate = useMemo(() => {
    if (!mapFilter) return viewPredicate;
    if (!viewPredicate) return mapFilter.keep;
    return (flow: Flow) => viewPredicate(flow) && mapFilter.keep(flow);
  }, [viewPredicate, mapFilter]);

  const selectedKey = view.selected === undefined ? undefined : Number(view.selected);
  const selectedFlow = selectedKey === undefined ? undefined : store.ring.get(selectedKey);
  const select = (key: number | undefined) => setView({ ...view, ...(key === undefined ? { selected: undefined } : { selected: String(key) }) });
  const filterBy = (chip: ObserveFlagChip) => {
    const result = addToFilter(view.filter, formatObserveCommandLine([chip]));
    if (result.ok) setView({ ...view, filter: result.filter });
  };
  useGlobalKeys({
    onTogglePause: () => setPaused((p) => !p),
    onFocusFilter: () => filterInput.current?.focus(),
    onEscape: () => select(undefined),
  });

  const mapPane = (
    <MapPane
      store={store}
      version={live.version}
      view={view}
      onViewChange={setView}
      knownNamespaces={namespaces.data ?? []}
      onSelectionFilter={onSelectionFilter}
    />
  );

  return (
    <div
      className={`app${dragging ? " dragging" : ""}${view.presenter ? " presenter" : ""}`}
      onDragOver={(event) => {
        event.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={(event) => {
        event.preventDefault();
        setDragging(false);
        const file = event.dataTransfer.files[0];
        if (file) openFile(file);
      }}
    >
      <header className="app-header">
        <h1>Observatory</h1>
        {fileMode ? <span className="status">file: {replay.state.name}</span> : <ConnectionIndicator live={live} client={client} baseUrl={baseUrl} />}
        <OpenFileButton onOpen={openFile} />
        <StageBar baseUrl={baseUrl} source={store} view={view} onViewChange={setView} />
      </header>
      <FileReplayPanel state={replay.state} onOpen={openFile} onClose={backToLive} />
      <FiltersBar view={view} onChange={setView} knownNamespaces={namespaces.data ?? []} inputRef={filterInput} />
      <ViewTabs tab={view.tab} onChange={(tab) => setView({ ...view, tab })} />
      {view.presenter ? (
        <PresenterLayout
          panelCount={view.panels.length}
          map={mapPane}
          panels={<PanelsPane store={store} version={live.version} predicate={predicate} view={view} onViewChange={setView} pinnedOnly />}
        />
      ) : view.tab === "panels" ? (
        <main className="app-main">
          <PanelsPane store={store} version={live.version} predicate={predicate} view={view} onViewChange={setView} scope={mapFilter?.title} />
        </main>
      ) : view.tab === "policies" ? (
        <main className="app-main">
          <StagesPane store={store} version={live.version} view={view} />
        </main>
      ) : (
      <main className="app-main">
        <section className="map-pane" aria-label="Service map">
          {mapPane}
        </section>
        {mapFilter ? (
          <p className="map-filter" data-testid="map-filter">
            Showing the flows of <strong>{mapFilter.title}</strong>
            <button type="button" onClick={() => setView({ ...view, mapSelection: undefined })}>show all</button>
          </p>
        ) : null}
        <FlowTable
          ring={store.ring}
          version={live.version}
          {...(predicate ? { predicate } : {})}
          paused={paused}
          onPausedChange={setPaused}
          {...(selectedKey === undefined ? {} : { selectedKey })}
          onSelect={(key) => select(key)}
          gaps={live.gaps}
          settings={view.table}
          onSettingsChange={(change) => {
            const table = { ...view.table, ...change };
            storeTableSettings(table);
            setView({ ...view, table });
          }}
        />
        {selectedKey === undefined ? null : (
          <FlowDetails flow={selectedFlow} onClose={() => select(undefined)} onFilterBy={filterBy} />
        )}
      </main>
      )}
    </div>
  );
}
