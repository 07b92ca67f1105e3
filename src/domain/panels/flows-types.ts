// General Processing: "Flows Types" — every flow counts once, by its Hubble metric type.
import type { PanelDefinition } from "./panel-definition.ts";
import { rate, single } from "./query-builders.ts";

/** Flows/s by type (L7, Trace, Drop, PolicyVerdict, Capture, Unknown), stacked. */
export const flowsTypesPanel: PanelDefinition = {
  id: "flows-types",
  title: "Flows Types",
  row: "General Processing",
  promql: "sum(rate(hubble_flows_processed_total[1m])) by (pod, type)",
  query: single(rate("hubble_flows_processed_total", ["type"])),
  legend: "{{type}}",
  unit: "ops",
  stacking: "normal",
  description: "Flows per second by event type; L7 request and response records count separately.",
};
