// Network Policy: "Denies by Reason" — policy-denied drops (L3/L4 denies: verdict + drop, ×2).
// L7 denies carry DROP_REASON_UNKNOWN, so they do not show here (see Drop Reason).
import type { PanelDefinition } from "./panel-definition.ts";
import { eq, rate, single } from "./query-builders.ts";

/** POLICY_DENIED drops/s. */
export const deniesByReasonPanel: PanelDefinition = {
  id: "denies-by-reason",
  title: "Denies by Reason",
  row: "Network Policy",
  promql: 'sum(rate(hubble_drop_total{reason="POLICY_DENIED"}[1m])) by (pod, reason)',
  query: single(rate("hubble_drop_total", ["reason"], { matchers: [eq("reason", "POLICY_DENIED")] })),
  legend: "{{reason}}",
  unit: "pps",
  stacking: "none",
  description: "Policy-denied drops per second; each denied packet counts twice (policy verdict and drop).",
};
