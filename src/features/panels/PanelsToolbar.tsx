// The panels' toolbar: the time range (ending at the newest flow), the grouping across nodes
// (Grafana's `by (pod)` lines, summed by default), and what the panels are computed from.
import type { EvaluationRange, NodeGrouping } from "../../domain/panels/panel-definition.ts";
import { clockLabel } from "./panel-range.ts";

export interface PanelsToolbarProps<R extends string> {
  readonly ranges: readonly R[];
  readonly range: R;
  readonly onRangeChange: (range: R) => void;
  readonly grouping: NodeGrouping;
  readonly onGroupingChange: (grouping: NodeGrouping) => void;
  /** The steps shown now; undefined before the first flow. */
  readonly shown: EvaluationRange | undefined;
  readonly flows: number;
  readonly rebuilding: boolean;
  /** What narrows the flows besides the server's filters (a map selection), if anything. */
  readonly scope: string | undefined;
}

const RANGE_TITLES: Readonly<Record<string, string>> = { "5m": "Last 5 minutes", "15m": "Last 15 minutes", "30m": "Last 30 minutes", "1h": "Last 1 hour" };
const GROUPINGS: readonly { id: NodeGrouping; title: string }[] = [
  { id: "sum", title: "Sum" },
  { id: "node", title: "Per node" },
  { id: "cluster", title: "Per cluster" },
];

export function PanelsToolbar<R extends string>(props: PanelsToolbarProps<R>) {
  const { ranges, range, onRangeChange, grouping, onGroupingChange, shown, flows, rebuilding, scope } = props;
  return (
    <div className="panels-toolbar" role="toolbar" aria-label="Panels">
      <label className="panels-range">
        <span>Range</span>
        <select data-testid="panel-range" value={range} onChange={(event) => onRangeChange(event.target.value as R)}>
          {ranges.map((r) => (
            <option key={r} value={r}>
              {RANGE_TITLES[r] ?? r}
            </option>
          ))}
        </select>
      </label>
      <div className="panels-grouping" role="group" aria-label="Series across nodes" data-testid="panel-grouping">
        {GROUPINGS.map((g) => (
          <button key={g.id} type="button" aria-pressed={grouping === g.id} data-grouping={g.id} onClick={() => onGroupingChange(g.id)}>
            {g.title}
          </button>
        ))}
      </div>
      <span className="panels-status" data-testid="panels-status">
        {shown ? `${clockLabel(shown.startMs, false)} – ${clockLabel(shown.endMs, true)} · step ${shown.stepMs / 1000} s · ` : ""}
        {rebuilding ? "counting the held flows…" : `${flows.toLocaleString("en-US")} flows counted`}
        {scope ? ` · only ${scope}` : ""}
      </span>
    </div>
  );
}
