// Label handling shared by the panel engine: PromQL matchers, group keys, Grafana legends, and the
// node / cluster a flow's increments belong to (Grafana's `pod`, i.e. the agent that saw the flow).
import type { Flow } from "../../gen/flow/flow_pb.ts";
import type { MetricLabels } from "../hubble-metrics/metric-increments.ts";
import type { LabelMatcher } from "./panel-definition.ts";

/** Output label names the engine adds for per-node and per-cluster grouping. */
export const NODE_LABEL = "node_name";
export const CLUSTER_LABEL = "cluster";

/**
 * The cluster of a flow: the part of `node_name` before "/" (Relay names nodes `<cluster>/<node>` in
 * a mesh), else the source endpoint's cluster, else "".
 */
export function clusterOf(flow: Flow): string {
  const slash = flow.nodeName.indexOf("/");
  if (slash >= 0) return flow.nodeName.slice(0, slash);
  return flow.source?.clusterName ?? "";
}

/** A compiled matcher list: true when every matcher accepts the labels. */
export type LabelPredicate = (labels: MetricLabels) => boolean;

/**
 * Compiles PromQL matchers. Regexes are fully anchored as in PromQL (`=~"a|b"` is `^(?:a|b)$`), and
 * a label the series lacks reads as "" (so `port!="0"` keeps a series without `port`).
 * @throws SyntaxError on an invalid regex.
 */
export function compileMatchers(matchers: readonly LabelMatcher[]): LabelPredicate {
  const tests = matchers.map(({ label, op, value }): ((labels: MetricLabels) => boolean) => {
    switch (op) {
      case "=":
        return (labels) => (labels[label] ?? "") === value;
      case "!=":
        return (labels) => (labels[label] ?? "") !== value;
      case "=~": {
        const re = new RegExp(`^(?:${value})$`, "su");
        return (labels) => re.test(labels[label] ?? "");
      }
      case "!~": {
        const re = new RegExp(`^(?:${value})$`, "su");
        return (labels) => !re.test(labels[label] ?? "");
      }
    }
  });
  return (labels) => tests.every((test) => test(labels));
}

const TEMPLATE = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/** Grafana's legend: `{{label}}` replaced by the series' value, "" for a label it lacks. */
export function renderLegend(template: string, labels: MetricLabels): string {
  return template.replace(TEMPLATE, (_, name: string) => labels[name] ?? "");
}

/** A map key for a label set (values in a fixed name order, separated by a control character). */
export function labelKey(names: readonly string[], labels: MetricLabels): string {
  let key = "";
  for (const name of names) key += `${labels[name] ?? ""}\u001f`;
  return key;
}

/** Orders series as the panels list them: by legend, then by label values, code-unit order. */
export function compareSeries(a: { legend: string; key: string }, b: { legend: string; key: string }): number {
  if (a.legend !== b.legend) return a.legend < b.legend ? -1 : 1;
  if (a.key !== b.key) return a.key < b.key ? -1 : 1;
  return 0;
}
