// The map's controls: time window, namespaces (one, several or all), fit, re-layout and clear.
// Each control shows only when its callback is given, so the lead decides what the page offers.
import { useId } from "react";

/** Windows offered: 1, 5 and 15 minutes, or everything since the last clear. */
export type MapWindow = 60_000 | 300_000 | 900_000 | "all";
export const MAP_WINDOWS: readonly { readonly value: MapWindow; readonly label: string }[] = [
  { value: 60_000, label: "1 min" },
  { value: 300_000, label: "5 min" },
  { value: 900_000, label: "15 min" },
  { value: "all", label: "All" },
];

export type NamespaceSelection = ReadonlySet<string> | "all";

export interface MapToolbarProps {
  readonly nodes: number;
  readonly edges: number;
  readonly windowMs?: MapWindow;
  readonly onWindowChange?: (windowMs: MapWindow) => void;
  readonly namespaceOptions?: readonly string[];
  readonly namespaces?: NamespaceSelection;
  readonly onNamespacesChange?: (namespaces: NamespaceSelection) => void;
  readonly onFit: () => void;
  readonly onRelayout: () => void;
  readonly onClear?: () => void;
  readonly onExportPng?: () => void;
}

function NamespacePicker({ options, value, onChange }: { options: readonly string[]; value: NamespaceSelection; onChange: (v: NamespaceSelection) => void }) {
  const summary = value === "all" ? "All namespaces" : value.size === 1 ? [...value][0] : `${value.size} namespaces`;
  const toggle = (ns: string) => {
    const next = new Set(value === "all" ? options : value);
    if (next.has(ns)) next.delete(ns);
    else next.add(ns);
    onChange(next.size === options.length ? "all" : next);
  };
  return (
    <details className="map-namespaces">
      <summary data-testid="map-namespaces">{summary}</summary>
      <div role="group" aria-label="Namespaces">
        <label>
          <input type="checkbox" checked={value === "all"} onChange={() => onChange(value === "all" ? new Set() : "all")} /> All
        </label>
        {options.map((ns) => (
          <label key={ns}>
            <input type="checkbox" checked={value === "all" || value.has(ns)} onChange={() => toggle(ns)} /> {ns}
          </label>
        ))}
      </div>
    </details>
  );
}

export function MapToolbar(props: MapToolbarProps) {
  const windowId = useId();
  const { windowMs, onWindowChange, namespaceOptions, namespaces, onNamespacesChange, onClear } = props;
  return (
    <div className="service-map-toolbar" role="toolbar" aria-label="Service map controls">
      {windowMs !== undefined && onWindowChange !== undefined && (
        <label htmlFor={windowId}>
          Window{" "}
          <select id={windowId} data-testid="map-window" value={String(windowMs)} onChange={(e) => onWindowChange(e.target.value === "all" ? "all" : (Number(e.target.value) as MapWindow))}>
            {MAP_WINDOWS.map((w) => (
              <option key={String(w.value)} value={String(w.value)}>
                {w.label}
              </option>
            ))}
          </select>
        </label>
      )}
      {namespaceOptions !== undefined && namespaces !== undefined && onNamespacesChange !== undefined && (
        <NamespacePicker options={namespaceOptions} value={namespaces} onChange={onNamespacesChange} />
      )}
      <button type="button" onClick={props.onFit} title="Fit the map and follow it again">
        Fit
      </button>
      <button type="button" onClick={props.onRelayout} title="Lay out every node again">
        Re-layout
      </button>
      {onClear !== undefined && (
        <button type="button" onClick={onClear} data-testid="map-clear" title="Forget all counted flows">
          Clear
        </button>
      )}
      {props.onExportPng !== undefined && (
        <button type="button" onClick={props.onExportPng} data-testid="map-export-png" title="Download the whole map as a PNG image">
          PNG
        </button>
      )}
      <span className="service-map-counts" data-testid="map-counts">
        {props.nodes} nodes · {props.edges} edges
      </span>
    </div>
  );
}
