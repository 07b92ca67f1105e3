// The chart of one panel, drawn with recharts as Grafana's graph panel draws it: lines, or stacked
// areas (100 % stacked for "percentage" panels), a min–max band, FIN/RST on a right axis, a red
// threshold, and a dashed vertical line per stage marker. Only renders: the numbers arrive
// prepared (chart-model.ts). Animation is off, as the rows change every second.
import { memo, type ReactElement, useMemo } from "react";
import { Area, AreaChart, CartesianGrid, ComposedChart, Line, LineChart, ReferenceLine, Tooltip, XAxis, YAxis } from "recharts";
import type { EvaluationRange, PanelDefinition } from "../../domain/panels/panel-definition.ts";
import type { StageMarker } from "../../domain/stages/stage-timeline.ts";
import type { ChartLine, ChartModel, ChartRow } from "./chart-model.ts";
import { SHARE_SCALE, axisExtent, niceScale } from "./axis-ticks.ts";
import { clockLabel, timeTicks } from "./panel-range.ts";
import { formatShare, formatValue } from "./panel-units.ts";
import type { ChartTheme } from "./theme-colours.ts";
import { useStaggered } from "./use-staggered.ts";

export interface PanelChartProps {
  readonly panel: PanelDefinition;
  readonly model: ChartModel;
  readonly range: EvaluationRange;
  readonly markers: readonly StageMarker[];
  readonly theme: ChartTheme;
  /** Keys of series the user hid by isolating another in the legend. */
  readonly hidden: ReadonlySet<string>;
  readonly height: number;
}

const MARGIN = { top: 14, right: 8, bottom: 0, left: 0 };

interface ChartTooltipProps {
  readonly model: ChartModel;
  readonly panel: PanelDefinition;
  readonly hidden: ReadonlySet<string>;
  readonly theme: ChartTheme;
  /** Set by recharts, which clones the tooltip element with the hovered point. */
  readonly active?: boolean;
  readonly label?: string | number;
}

function ChartTooltip({ model, panel, hidden, theme, active, label }: ChartTooltipProps) {
  if (!active || typeof label !== "number") return null;
  const t = label;
  const row: ChartRow | undefined = model.rows.find((r) => r.t === t);
  if (row === undefined) return null;
  const entries = model.lines
    .filter((l) => !hidden.has(l.key))
    .map((l) => ({ line: l, value: row[l.key] }))
    .filter((e): e is { line: ChartLine; value: number } => typeof e.value === "number")
    // Grafana's tooltip sort 2: largest first, which is what a stacked chart reads top-down.
    .toSorted((a, b) => b.value - a.value);
  const total = panel.stacking === "percent" ? entries.reduce((sum, e) => sum + e.value, 0) : 0;
  return (
    <div className="panel-tooltip" style={{ background: theme.panel, borderColor: theme.grid }}>
      <div className="panel-tooltip-time">{new Date(t).toLocaleString()}</div>
      {entries.length === 0 ? <div className="panel-tooltip-empty">no value</div> : null}
      {entries.map(({ line, value }) => (
        <div key={line.key} className="panel-tooltip-row">
          <span className="panel-swatch" style={{ background: line.colour }} />
          <span className="panel-tooltip-name">{line.name}</span>
          <span className="panel-tooltip-value">
            {formatValue(value, line.axis === "right" ? "short" : panel.unit, panel.decimals)}
            {total > 0 ? ` (${formatShare(value / total)})` : ""}
          </span>
        </div>
      ))}
    </div>
  );
}

function seriesElements(panel: PanelDefinition, model: ChartModel, hidden: ReadonlySet<string>): ReactElement[] {
  const out: ReactElement[] = [];
  if (model.band) {
    out.push(
      <Area
        key="band"
        yAxisId="left"
        dataKey="band"
        name={model.band.name}
        stroke="none"
        fill={model.band.colour}
        fillOpacity={0.22}
        isAnimationActive={false}
        activeDot={false}
      />,
    );
  }
  const stacked = panel.stacking !== "none" && !model.band;
  for (const line of model.lines) {
    if (line.bandEdge) continue;
    const common = {
      dataKey: line.key,
      name: line.name,
      yAxisId: line.axis,
      stroke: line.colour,
      strokeDasharray: line.dash,
      hide: hidden.has(line.key),
      isAnimationActive: false,
      type: "linear" as const,
    };
    if (stacked) {
      out.push(<Area key={line.key} {...common} stackId="stack" fill={line.colour} fillOpacity={0.35} strokeWidth={1} activeDot={{ r: 2 }} />);
    } else {
      out.push(<Line key={line.key} {...common} strokeWidth={1.5} dot={false} activeDot={{ r: 3 }} connectNulls={false} />);
    }
  }
  return out;
}

/** One panel's chart; memoised so a panel whose model did not change is not redrawn. */
export const PanelChart = memo(function PanelChart(props: PanelChartProps) {
  // Model and range change together once a second; charts redraw one task at a time.
  const latest = useMemo(() => ({ model: props.model, range: props.range }), [props.model, props.range]);
  const { model, range } = useStaggered(latest);
  const { panel, markers, theme, hidden, height } = props;
  const ticks = timeTicks(range);
  const withSeconds = (ticks[1] ?? 0) - (ticks[0] ?? 0) < 60_000;
  const percent = panel.stacking === "percent";
  const axisTick = { fill: theme.muted, fontSize: 11 };
  const shown = model.lines.filter((l) => !hidden.has(l.key));
  const stacked = panel.stacking === "normal" && !model.band;
  const left = percent
    ? SHARE_SCALE
    : niceScale(...axisExtent(model.rows, shown.filter((l) => l.axis === "left"), stacked, panel.threshold === undefined ? [] : [panel.threshold]));
  const right = niceScale(...axisExtent(model.rows, shown.filter((l) => l.axis === "right"), false));
  const children = [
    <CartesianGrid key="grid" stroke={theme.grid} strokeDasharray="3 3" vertical={false} />,
    <XAxis
      key="x"
      dataKey="t"
      type="number"
      scale="time"
      domain={[range.startMs, range.endMs]}
      ticks={ticks}
      tickFormatter={(t: number) => clockLabel(t, withSeconds)}
      tick={axisTick}
      stroke={theme.grid}
      allowDataOverflow
    />,
    <YAxis
      key="y"
      yAxisId="left"
      width={86}
      tick={axisTick}
      stroke={theme.grid}
      domain={[...left.domain]}
      ticks={[...left.ticks]}
      tickFormatter={(v: number) => (percent ? formatShare(v) : formatValue(v, panel.unit, panel.decimals))}
    />,
    ...(model.hasRightAxis
      ? [
          <YAxis
            key="y2"
            yAxisId="right"
            orientation="right"
            width={52}
            tick={axisTick}
            stroke={theme.grid}
            domain={[...right.domain]}
            ticks={[...right.ticks]}
            tickFormatter={(v: number) => formatValue(v, "short")}
          />,
        ]
      : []),
    <Tooltip
      key="tooltip"
      isAnimationActive={false}
      cursor={{ stroke: theme.muted, strokeDasharray: "2 2" }}
      content={<ChartTooltip model={model} panel={panel} hidden={hidden} theme={theme} />}
    />,
    ...seriesElements(panel, model, hidden),
    ...(panel.threshold === undefined
      ? []
      : [
          <ReferenceLine
            key="threshold"
            yAxisId="left"
            y={panel.threshold}
            stroke={theme.threshold}
            strokeDasharray="4 3"
            label={{ value: `threshold ${formatValue(panel.threshold, panel.unit)}`, position: "insideBottomRight", fill: theme.threshold, fontSize: 10 }}
          />,
        ]),
    ...markers
      .filter((m) => m.timeMs >= range.startMs && m.timeMs <= range.endMs)
      .map((m) => (
        <ReferenceLine
          key={`marker-${m.timeMs}-${m.source}`}
          yAxisId="left"
          x={m.timeMs}
          stroke={theme.marker}
          strokeDasharray="3 3"
          // The label reads away from the nearer edge, so a marker of the running stage (at the right end) stays legible.
          label={{
            value: m.label,
            position: m.timeMs - range.startMs > (range.endMs - range.startMs) * 0.6 ? "insideTopRight" : "insideTopLeft",
            fill: theme.marker,
            fontSize: 10,
          }}
        />
      )),
  ];
  const chartProps = { data: model.rows as ChartRow[], margin: MARGIN, responsive: true, style: { width: "100%", height } };
  if (model.band) return <ComposedChart {...chartProps}>{children}</ComposedChart>;
  if (panel.stacking === "none") return <LineChart {...chartProps}>{children}</LineChart>;
  return (
    <AreaChart {...chartProps} {...(percent ? { stackOffset: "expand" as const } : {})}>
      {children}
    </AreaChart>
  );
});
