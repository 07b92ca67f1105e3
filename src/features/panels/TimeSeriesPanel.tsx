// One dashboard panel: header, chart (drawn only near the viewport), legend, exports. The root
// carries the e2e contract other specs rely on:
//   <section data-testid="panel-{id}" data-series-legends='["…"]' data-series-count="n">
// data-series-legends: legends of series with a non-null, non-zero value in the displayed range,
// distinct and sorted; data-series-count: the series drawn (per node, each node's own).
import { useMemo, useRef, useState } from "react";
import type { EvaluationRange, NodeGrouping, PanelDefinition, PanelSeries } from "../../domain/panels/panel-definition.ts";
import type { StageMarker } from "../../domain/stages/stage-timeline.ts";
import { downloadFile, fileStamp } from "../export/download.ts";
import { buildChartModel } from "./chart-model.ts";
import { PanelChart } from "./PanelChart.tsx";
import { panelCsv, panelFileName } from "./panel-csv.ts";
import { PanelHeader } from "./PanelHeader.tsx";
import { PanelLegend } from "./PanelLegend.tsx";
import { panelPng } from "./panel-png.ts";
import { type ChartTheme, readChartTheme } from "./theme-colours.ts";
import { useInView } from "./use-in-view.ts";

export interface TimeSeriesPanelProps {
  readonly panel: PanelDefinition;
  /** The evaluated series; undefined (with range) while nothing has been counted yet. */
  readonly series: readonly PanelSeries[] | undefined;
  readonly range: EvaluationRange | undefined;
  readonly grouping: NodeGrouping;
  readonly markers: readonly StageMarker[];
  readonly pinned?: boolean;
  /** Absent: no pin button (presenter mode). */
  readonly onTogglePin?: (id: string) => void;
  readonly theme?: ChartTheme;
  /** Chart height in px. */
  readonly height?: number;
}

const NO_SERIES: readonly PanelSeries[] = [];
const EMPTY_RANGE: EvaluationRange = { startMs: 0, endMs: 0, stepMs: 1_000 };

export function TimeSeriesPanel(props: TimeSeriesPanelProps) {
  const { panel, series = NO_SERIES, range, grouping, markers, pinned = false, onTogglePin, height = 210 } = props;
  const theme = useMemo(() => props.theme ?? readChartTheme(), [props.theme]);
  const model = useMemo(
    () => buildChartModel(panel, series, range ?? EMPTY_RANGE, grouping, theme.verdicts),
    [panel, series, range, grouping, theme],
  );
  const [isolated, setIsolated] = useState<string | undefined>();
  const hidden = useMemo(
    () => new Set(isolated === undefined || !model.lines.some((l) => l.name === isolated) ? [] : model.lines.filter((l) => l.name !== isolated).map((l) => l.key)),
    [isolated, model],
  );
  const root = useRef<HTMLElement | null>(null);
  const chartBox = useRef<HTMLDivElement | null>(null);
  const inView = useInView(root);
  const empty = range === undefined || model.lines.length === 0;

  const exportCsv = () => downloadFile(panelFileName(panel.id, fileStamp(), "csv"), panelCsv(model), "text/csv;charset=utf-8");
  const exportPng = () => {
    const svg = chartBox.current?.querySelector<SVGSVGElement>("svg.recharts-surface");
    if (!svg) return;
    const legend = model.lines.filter((l) => !hidden.has(l.key)).map((l) => ({ name: l.name, colour: l.colour }));
    void panelPng(svg, panel.title, legend, theme).then((png) => downloadFile(panelFileName(panel.id, fileStamp(), "png"), png, "image/png"));
  };

  return (
    <section
      ref={root}
      className={pinned ? "panel pinned" : "panel"}
      data-testid={`panel-${panel.id}`}
      data-series-legends={JSON.stringify(empty ? [] : model.activeLegends)}
      data-series-count={empty ? 0 : model.lines.length}
      aria-label={panel.title}
    >
      <PanelHeader
        panel={panel}
        pinned={pinned}
        onTogglePin={onTogglePin ? () => onTogglePin(panel.id) : undefined}
        onCsv={empty ? undefined : exportCsv}
        onPng={empty || !inView ? undefined : exportPng}
      />
      <div className="panel-chart" ref={chartBox} style={{ height }}>
        {empty ? (
          <p className="panel-empty">no matching flows in range</p>
        ) : inView && range ? (
          <PanelChart panel={panel} model={model} range={range} markers={markers} theme={theme} hidden={hidden} height={height} />
        ) : null}
      </div>
      {empty ? null : <PanelLegend panel={panel} model={model} isolated={hidden.size > 0 ? isolated : undefined} onIsolate={setIsolated} />}
    </section>
  );
}
