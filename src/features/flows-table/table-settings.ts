// What the user chose for the flow table (columns, compact view and its
// options), and its localStorage text form. Stored text is read defensively:
// it may come from an older version or be edited by hand.
import { DEFAULT_COLUMN_IDS, flowColumn } from "./flow-columns.ts";

export interface FlowTableSettings {
  /** Visible column ids, in display order. Never empty. */
  columns: readonly string[];
  /** Show each flow as the `hubble observe` compact line instead of columns. */
  compact: boolean;
  /** Compact view: `--print-node-name`. */
  printNodeName: boolean;
  /** Compact view: `--print-policy-names`. */
  printPolicyNames: boolean;
  /** Compact view: `--numeric` (IPs instead of pod, service and DNS names). */
  numeric: boolean;
}

/** The localStorage key (versioned, so a future shape can start afresh). */
export const TABLE_SETTINGS_KEY = "observatory.flows-table.v1";

export const DEFAULT_TABLE_SETTINGS: FlowTableSettings = {
  columns: DEFAULT_COLUMN_IDS,
  compact: false,
  printNodeName: false,
  printPolicyNames: false,
  numeric: false,
};

/** Settings from stored text; defaults for anything missing, unknown or malformed. */
export function parseTableSettings(text: string | null): FlowTableSettings {
  if (text === null) return DEFAULT_TABLE_SETTINGS;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return DEFAULT_TABLE_SETTINGS;
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) return DEFAULT_TABLE_SETTINGS;
  const stored = json as Record<string, unknown>;
  const flag = (key: keyof FlowTableSettings): boolean => {
    const value = stored[key];
    return typeof value === "boolean" ? value : (DEFAULT_TABLE_SETTINGS[key] as boolean);
  };
  return {
    columns: normaliseColumns(Array.isArray(stored.columns) ? stored.columns : []),
    compact: flag("compact"),
    printNodeName: flag("printNodeName"),
    printPolicyNames: flag("printPolicyNames"),
    numeric: flag("numeric"),
  };
}

/** The text to store. */
export function serializeTableSettings(settings: FlowTableSettings): string {
  return JSON.stringify({ ...settings, columns: [...settings.columns] });
}

/**
 * The column that cannot be hidden: a row's colour must never be the only
 * place its verdict shows (colour-blind users, projectors).
 */
export const REQUIRED_COLUMN = "verdict";

/** Known ids only, each once, in the given order, the verdict always among them; the defaults when none is left. */
export function normaliseColumns(ids: readonly unknown[]): readonly string[] {
  const seen = new Set<string>();
  for (const id of ids) {
    if (typeof id === "string" && flowColumn(id) !== undefined) seen.add(id);
  }
  if (seen.size === 0) return DEFAULT_COLUMN_IDS;
  seen.add(REQUIRED_COLUMN);
  return [...seen];
}

/** Shows or hides a column; a shown column goes to the end. The verdict column stays. */
export function toggleColumn(columns: readonly string[], id: string): readonly string[] {
  if (id === REQUIRED_COLUMN) return columns;
  if (columns.includes(id)) return normaliseColumns(columns.filter((c) => c !== id));
  return normaliseColumns([...columns, id]);
}

/** Moves a visible column one place left (-1) or right (+1); unchanged at the edges. */
export function moveColumn(columns: readonly string[], id: string, by: -1 | 1): readonly string[] {
  const from = columns.indexOf(id);
  const to = from + by;
  if (from < 0 || to < 0 || to >= columns.length) return columns;
  const moved = [...columns];
  [moved[from], moved[to]] = [moved[to]!, moved[from]!];
  return moved;
}

/** The compact view's options as they appear in the URL's `print` list. */
const PRINT_OPTIONS = { node: "printNodeName", policy: "printPolicyNames", numeric: "numeric" } as const;
type PrintOption = keyof typeof PRINT_OPTIONS;

/** The URL parameters the table's settings live in (part of the view, so a link reproduces it). */
type TableParam = "cols" | "compact" | "print";

/**
 * Settings from URL parameters: each one present overrides `fallback`; unknown column ids and
 * options are ignored (links outlive versions).
 */
export function readTableParams(params: URLSearchParams, fallback: FlowTableSettings): FlowTableSettings {
  const cols = params.get("cols");
  const print = params.get("print");
  const printed = new Set((print ?? "").split(","));
  const option = (name: PrintOption) => (print === null ? fallback[PRINT_OPTIONS[name]] : printed.has(name));
  const compact = params.get("compact");
  return {
    columns: cols === null ? fallback.columns : normaliseColumns(cols.split(",")),
    compact: compact === null ? fallback.compact : compact === "1",
    printNodeName: option("node"),
    printPolicyNames: option("policy"),
    numeric: option("numeric"),
  };
}

/** The URL parameters for these settings; defaults are left out to keep links short. */
export function tableParams(settings: FlowTableSettings): Record<TableParam, string | undefined> {
  const print = (Object.keys(PRINT_OPTIONS) as PrintOption[]).filter((name) => settings[PRINT_OPTIONS[name]]);
  const defaultColumns = settings.columns.join() === DEFAULT_COLUMN_IDS.join();
  return {
    cols: defaultColumns ? undefined : settings.columns.join(","),
    compact: settings.compact ? "1" : undefined,
    print: print.length === 0 ? undefined : print.join(","),
  };
}
