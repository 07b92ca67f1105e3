// Everything that defines a view lives in the URL, so a link reproduces it:
// the filter (as `hubble observe` flags), namespaces, verdict toggles, noise
// presets, time window, the table's columns and compact mode, the selected flow,
// the tab and its settings. Defaults are left out of the URL to keep links short.
import { create, type MessageInitShape } from "@bufbuild/protobuf";
import { type FlowFilter, FlowFilterSchema } from "../gen/flow/flow_pb.ts";
import { parseObserveFlags } from "../domain/filters/parse-observe-flags.ts";
import { splitShellWords } from "../domain/filters/shell-words.ts";
import { DEFAULT_TABLE_SETTINGS, type FlowTableSettings, readTableParams, tableParams } from "../features/flows-table/table-settings.ts";

export const WINDOWS = ["1m", "5m", "15m", "all"] as const;
export type TimeWindow = (typeof WINDOWS)[number];
export const WINDOW_MS: Record<TimeWindow, number | "all"> = { "1m": 60_000, "5m": 300_000, "15m": 900_000, all: "all" };

export const VERDICTS = ["FORWARDED", "DROPPED", "REDIRECTED", "AUDIT", "ERROR", "TRACED", "TRANSLATED"] as const;
export type VerdictName = (typeof VERDICTS)[number];

/** Traffic people often hide; all off by default (hiding it hid drops in Hubble UI, #1125). */
export const NOISE_PRESETS: Record<"kube-dns" | "host" | "health", MessageInitShape<typeof FlowFilterSchema>[]> = {
  "kube-dns": [{ sourceLabel: ["k8s:k8s-app=kube-dns"] }, { destinationLabel: ["k8s:k8s-app=kube-dns"] }],
  host: [{ sourceIdentity: [1] }, { destinationIdentity: [1] }],
  health: [{ sourceIdentity: [4] }, { destinationIdentity: [4] }],
};
export type NoisePreset = keyof typeof NOISE_PRESETS;

export const TABS = ["flows", "panels", "policies"] as const;
export type ViewTab = (typeof TABS)[number];
export const PANEL_RANGES = ["5m", "15m", "30m", "1h"] as const;
export type PanelRange = (typeof PANEL_RANGES)[number];
export const PANEL_RANGE_MS: Record<PanelRange, number> = { "5m": 300_000, "15m": 900_000, "30m": 1_800_000, "1h": 3_600_000 };
export const GROUPINGS = ["sum", "node", "cluster"] as const;
export type PanelGrouping = (typeof GROUPINGS)[number];

export interface ViewState {
  /** `hubble observe` filter flags as typed, e.g. `--verdict DROPPED --to-port 80`. */
  filter: string;
  /** Empty = all namespaces. */
  namespaces: string[];
  /** Empty = all verdicts. */
  verdicts: VerdictName[];
  hide: NoisePreset[];
  window: TimeWindow;
  /** The flow table's columns, compact view and its options. */
  table: FlowTableSettings;
  /** Row key of the flow shown in the details drawer. */
  selected?: string;
  /** Id of the service-map node or edge whose flows the table shows. */
  mapSelection?: string;
  /** Which view fills the page below the filters: map and flows, panels, or policies and stages. */
  tab: ViewTab;
  /** Time range the panels show, ending at the newest flow. */
  panelRange: PanelRange;
  /** Panels summed across nodes (Grafana's default), or one series per node or cluster. */
  grouping: PanelGrouping;
  /** Panel ids shown in presenter mode (and pinned first on the panels tab). */
  panels: string[];
  /** Presenter mode: high contrast, large type, only the map and the chosen panels. */
  presenter: boolean;
  /** Stage markers in their compact URL form (src/domain/stages/stage-param.ts); "" = none. */
  stages: string;
}

export const DEFAULT_VIEW: ViewState = {
  filter: "",
  namespaces: [],
  verdicts: [],
  hide: [],
  window: "5m",
  table: DEFAULT_TABLE_SETTINGS,
  tab: "flows",
  panelRange: "15m",
  grouping: "sum",
  panels: [],
  presenter: false,
  stages: "",
};

const oneOf = <T extends string>(values: readonly T[], value: string | null, fallback: T): T =>
  values.includes(value as T) ? (value as T) : fallback;

const list = (params: URLSearchParams, key: string) =>
  (params.get(key) ?? "").split(",").map((s) => s.trim()).filter(Boolean);

/**
 * Reads a view from a query string, ignoring values it does not know. `savedTable` (the
 * user's saved table layout) applies only to a bare page: a link that carries any view
 * state gets exactly that view, with built-in defaults for what it leaves out.
 */
export function parseViewState(search: string, savedTable: FlowTableSettings = DEFAULT_TABLE_SETTINGS): ViewState {
  const params = new URLSearchParams(search);
  // Bare: writing the default view (which removes every view parameter) leaves the query as it was.
  const query = params.toString();
  const bare = writeViewState(DEFAULT_VIEW, search) === (query ? `?${query}` : "");
  const window = params.get("window");
  const selected = params.get("flow");
  const mapSelection = params.get("sel");
  return {
    filter: params.get("filter") ?? "",
    namespaces: [...new Set(list(params, "ns"))].toSorted(),
    verdicts: VERDICTS.filter((v) => list(params, "verdict").includes(v)),
    hide: (Object.keys(NOISE_PRESETS) as NoisePreset[]).filter((p) => list(params, "hide").includes(p)),
    window: WINDOWS.includes(window as TimeWindow) ? (window as TimeWindow) : DEFAULT_VIEW.window,
    table: readTableParams(params, bare ? savedTable : DEFAULT_TABLE_SETTINGS),
    ...(selected ? { selected } : {}),
    ...(mapSelection ? { mapSelection } : {}),
    tab: oneOf(TABS, params.get("tab"), DEFAULT_VIEW.tab),
    panelRange: oneOf(PANEL_RANGES, params.get("range"), DEFAULT_VIEW.panelRange),
    grouping: oneOf(GROUPINGS, params.get("by"), DEFAULT_VIEW.grouping),
    panels: [...new Set(list(params, "panels"))],
    presenter: params.get("presenter") === "1",
    stages: params.get("stages") ?? "",
  };
}

/** Writes a view into `base` (keeping unrelated parameters such as `server` and `debug`). */
export function writeViewState(state: ViewState, base: string): string {
  const params = new URLSearchParams(base);
  const set = (key: string, value: string, isDefault: boolean) => (isDefault ? params.delete(key) : params.set(key, value));
  set("filter", state.filter.trim(), state.filter.trim() === "");
  set("ns", state.namespaces.join(","), state.namespaces.length === 0);
  set("verdict", state.verdicts.join(","), state.verdicts.length === 0);
  set("hide", state.hide.join(","), state.hide.length === 0);
  set("window", state.window, state.window === DEFAULT_VIEW.window);
  for (const [key, value] of Object.entries(tableParams(state.table))) set(key, value ?? "", value === undefined);
  set("flow", state.selected ?? "", !state.selected);
  set("sel", state.mapSelection ?? "", !state.mapSelection);
  set("tab", state.tab, state.tab === DEFAULT_VIEW.tab);
  set("range", state.panelRange, state.panelRange === DEFAULT_VIEW.panelRange);
  set("by", state.grouping, state.grouping === DEFAULT_VIEW.grouping);
  set("panels", state.panels.join(","), state.panels.length === 0);
  set("presenter", "1", !state.presenter);
  set("stages", state.stages, state.stages === "");
  const text = params.toString();
  return text ? `?${text}` : "";
}

export type RequestFilters = { ok: true; whitelist: FlowFilter[]; blacklist: FlowFilter[] } | { ok: false; error: string };

/**
 * The server whitelist/blacklist for a view: the typed flags, namespaces and
 * verdicts combined exactly as the `hubble observe` CLI combines its flags
 * (same parser the server-side semantics are tested against), plus one
 * blacklist filter per hidden noise source.
 */
export function requestFilters(state: ViewState): RequestFilters {
  let typed: string[];
  try {
    typed = splitShellWords(state.filter);
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
  const parsed = parseObserveFlags(
    [...typed, ...state.namespaces.flatMap((ns) => ["--namespace", ns]), ...state.verdicts.flatMap((v) => ["--verdict", v])],
    { defaultLast: 0n },
  );
  if (!parsed.ok) return { ok: false, error: parsed.error.message };
  const noise = state.hide.flatMap((preset) => NOISE_PRESETS[preset].map((init) => create(FlowFilterSchema, init)));
  return { ok: true, whitelist: parsed.request.whitelist, blacklist: [...parsed.request.blacklist, ...noise] };
}
