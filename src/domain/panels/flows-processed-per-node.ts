// General Processing: "Flows processed Per Node" — Grafana's three queries avg/min/max of the
// per-node flow rate, drawn as a min–max band around the avg line (its seriesOverrides).
import type { PanelDefinition } from "./panel-definition.ts";
import { rate, single } from "./query-builders.ts";

const perNode = "sum(rate(hubble_flows_processed_total[1m])) by (pod)";

/** avg/min/max across nodes of each node's flows/s (series labelled `stat`). */
export const flowsProcessedPerNodePanel: PanelDefinition = {
  id: "flows-processed-per-node",
  title: "Flows processed Per Node",
  row: "General Processing",
  promql: `avg(${perNode})`,
  targets: [
    { refId: "A", expr: `avg(${perNode})`, legend: "avg" },
    { refId: "B", expr: `min(${perNode})`, legend: "min" },
    { refId: "C", expr: `max(${perNode})`, legend: "max" },
  ],
  query: single(rate("hubble_flows_processed_total", [], { acrossNodes: ["avg", "min", "max"] })),
  // Grafana's legends are the literal "avg", "min" and "max" of each target; `stat` carries them.
  legend: "{{stat}}",
  unit: "ops",
  stacking: "none",
  band: { lower: "min", upper: "max" },
  description: "Flows per second seen by each node: average across nodes, with the min–max range as a band.",
};
