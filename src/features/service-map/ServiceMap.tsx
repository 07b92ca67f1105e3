// The service map: controls, the cytoscape canvas, the legend, and details of the selection.
// It renders a GraphModel it is given (ServiceMapAggregator.model, a few times per second at
// most) and reports clicks as MapSelection, which the page turns into flow-table filters.
import { useCallback, useRef, useState } from "react";
import type { GraphModel } from "../../domain/aggregation/service-map/graph-model.ts";
import { type MapSelection, describeSelection } from "../../domain/aggregation/service-map/selection.ts";
import { MapInspector } from "./MapInspector.tsx";
import { MapLegend } from "./MapLegend.tsx";
import { useBenchModel } from "./map-bench-hook.ts";
import { type MapWindow, MapToolbar, type NamespaceSelection } from "./MapToolbar.tsx";
import { useCytoscape } from "./use-cytoscape.ts";
import "./service-map.css";
import { downloadFile, fileStamp } from "../export/download.ts";

export interface ServiceMapProps {
  /** What to draw; a new object whenever something changed (diffed against the previous one). */
  readonly model: GraphModel;
  /** A node or edge was clicked (undefined: the background, or the details were closed). */
  readonly onSelect?: (selection: MapSelection | undefined) => void;
  /** Window selector, shown when both are given. */
  readonly windowMs?: MapWindow;
  readonly onWindowChange?: (windowMs: MapWindow) => void;
  /** Namespace picker (one, several or all), shown when all three are given. */
  readonly namespaceOptions?: readonly string[];
  readonly namespaces?: NamespaceSelection;
  readonly onNamespacesChange?: (namespaces: NamespaceSelection) => void;
  /** Clear button, shown when given: the page clears its aggregator. */
  readonly onClear?: () => void;
  /** Hides the legend (it is shown by default). */
  readonly hideLegend?: boolean;
}

function leafCount(model: GraphModel): number {
  let n = 0;
  for (const node of model.nodes.values()) if (node.kind !== "namespace" && node.kind !== "cluster") n++;
  return n;
}

export function ServiceMap(props: ServiceMapProps) {
  const { onSelect } = props;
  // With ?debug=1 the UI bench may draw a synthetic model instead (map-bench-hook.ts).
  const model = useBenchModel(props.model);
  const container = useRef<HTMLDivElement | null>(null);
  const [selectedId, setSelectedId] = useState<string | undefined>(undefined);
  const select = useCallback(
    (id: string | undefined) => {
      setSelectedId(id);
      onSelect?.(id === undefined ? undefined : describeSelection(model, id));
    },
    [model, onSelect],
  );
  const { fit, relayout, png } = useCytoscape(container, model, select);
  const exportPng = () => {
    // The canvas has no background of its own: paint the page's, so the image reads as on screen.
    const image = png(getComputedStyle(document.documentElement).getPropertyValue("--bg").trim() || "#0b1220");
    if (image !== undefined) downloadFile(`observatory-map-${fileStamp()}.png`, image);
  };
  const nodes = leafCount(model);
  return (
    <section className="service-map" aria-label="Service map">
      <MapToolbar
        nodes={nodes}
        edges={model.edges.size}
        windowMs={props.windowMs}
        onWindowChange={props.onWindowChange}
        namespaceOptions={props.namespaceOptions}
        namespaces={props.namespaces}
        onNamespacesChange={props.onNamespacesChange}
        onFit={fit}
        onRelayout={relayout}
        onClear={props.onClear}
        onExportPng={exportPng}
      />
      <div className="service-map-body">
        <div className="service-map-stage">
          {/* Cytoscape owns everything inside this element; React must not render children here. */}
          <div
            ref={container}
            className="service-map-canvas"
            data-testid="service-map"
            data-nodes={nodes}
            data-edges={model.edges.size}
            role="img"
            aria-label={`Service map: ${nodes} nodes, ${model.edges.size} edges`}
          />
          {model.edges.size === 0 && <p className="service-map-empty">No flows in this window yet.</p>}
        </div>
        <div className="service-map-side">
          {selectedId !== undefined && <MapInspector model={model} id={selectedId} onClose={() => select(undefined)} />}
          {props.hideLegend !== true && <MapLegend />}
        </div>
      </div>
    </section>
  );
}
