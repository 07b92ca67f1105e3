// Network: "Drop Reason" — every DROPPED flow, whatever its type. An L3/L4 deny counts twice
// (policy verdict + drop, both POLICY_DENIED); an L7 deny counts as DROP_REASON_UNKNOWN (facts §2.2).
import type { PanelDefinition } from "./panel-definition.ts";
import { rate, single } from "./query-builders.ts";

/** Dropped flows/s by drop reason. */
export const dropReasonPanel: PanelDefinition = {
  id: "drop-reason",
  title: "Drop Reason",
  row: "Network",
  promql: "sum(rate(hubble_drop_total[1m])) by (pod, reason)",
  query: single(rate("hubble_drop_total", ["reason"])),
  legend: "{{reason}}",
  unit: "pps",
  stacking: "none",
  description: "Drops per second by reason; L7 (proxy) denies show as DROP_REASON_UNKNOWN.",
};
