// Network: "Forwarded vs Dropped" — despite its title, one line per verdict value, REDIRECTED
// included (facts §1.1: most likely the lab's "Forwarded vs Redirected").
import type { PanelDefinition } from "./panel-definition.ts";
import { rate, single } from "./query-builders.ts";

/** Flows/s by verdict (FORWARDED, DROPPED, REDIRECTED, AUDIT, ERROR, TRACED, TRANSLATED, …). */
export const forwardedVsDroppedPanel: PanelDefinition = {
  id: "forwarded-vs-dropped",
  title: "Forwarded vs Dropped",
  row: "Network",
  promql: "sum(rate(hubble_flows_processed_total[1m])) by (pod, verdict)",
  query: single(rate("hubble_flows_processed_total", ["verdict"])),
  legend: "{{verdict}}",
  unit: "ops",
  stacking: "none",
  description: "Flows per second by verdict; every verdict value gets a line, not only the two in the title.",
};
