// Policy: the four rate panels of Cilium's "Cilium Policy Verdicts" dashboard (facts §1.2), one
// module as they differ only in direction and `by` label. Written as shipped except: the
// `destination=~"$namespace/.*"` / `source=~…` matcher is dropped (the page's namespace filter does
// that job), and `$__rate_interval` is 1m. Needs the `policy` metric, which the lab did not enable;
// we compute it from the same flows (hubble_policy_verdicts_total, facts §2.8).
import type { PanelDefinition } from "./panel-definition.ts";
import { eq, rate, single } from "./query-builders.ts";

function policyVerdictPanel(direction: "ingress" | "egress", by: "match" | "action"): PanelDefinition {
  const Direction = direction === "ingress" ? "Ingress" : "Egress";
  return {
    id: `${direction}-policy-verdicts-by-${by}`,
    title: `${Direction} Policy Verdict Rate per Minute by ${by === "match" ? "Match Type" : "Action"}`,
    row: "Policy",
    promql: `sum by (${by}) (rate(hubble_policy_verdicts_total{direction="${direction}"}[1m])) * 60`,
    query: single(rate("hubble_policy_verdicts_total", [by], { matchers: [eq("direction", direction)], scale: 60 })),
    legend: `{{${by}}}`,
    // The ingress panels set no unit (Grafana then formats like "short"); the egress ones say "none".
    unit: direction === "ingress" ? "short" : "none",
    stacking: "normal",
    description:
      by === "match"
        ? `${Direction} policy verdicts per minute by match type (none, l3-only, l3-l4, l4-only, all, l7/http, l7/dns).`
        : `${Direction} policy verdicts per minute by action (forwarded, redirected, dropped, audit).`,
  };
}

/** Ingress policy verdicts per minute by match type, stacked. */
export const ingressPolicyVerdictsByMatchPanel: PanelDefinition = policyVerdictPanel("ingress", "match");
/** Egress policy verdicts per minute by match type, stacked. */
export const egressPolicyVerdictsByMatchPanel: PanelDefinition = policyVerdictPanel("egress", "match");
/** Ingress policy verdicts per minute by action, stacked. */
export const ingressPolicyVerdictsByActionPanel: PanelDefinition = policyVerdictPanel("ingress", "action");
/** Egress policy verdicts per minute by action, stacked. */
export const egressPolicyVerdictsByActionPanel: PanelDefinition = policyVerdictPanel("egress", "action");
