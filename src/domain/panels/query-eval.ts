// A panel's query as a whole: one rate query, the difference of two (Missing SYN-ACKs, Missing DNS
// Responses), or a statistic across the per-node sums (Flows processed Per Node), followed by the
// grouping the user picked (sum across nodes, per node, per cluster).
import type { HubbleMetricName } from "../hubble-metrics/metric-increments.ts";
import type { NodeGrouping, NodeStatistic, PanelQuery, RateQuery } from "./panel-definition.ts";
import { type ExtraLabel, type GroupSeries, type StepPlan, type StoredSeries, evaluateRate } from "./rate-eval.ts";
import { CLUSTER_LABEL, NODE_LABEL, labelKey } from "./series-labels.ts";

/** Label the across-nodes statistics carry ("avg", "min", "max"). */
export const STAT_LABEL = "stat";

/** The extra `by` labels of a grouping. */
export function extraLabels(grouping: NodeGrouping): ExtraLabel[] {
  if (grouping === "node") return [NODE_LABEL];
  if (grouping === "cluster") return [CLUSTER_LABEL];
  return [];
}

/** The stored series of one metric. */
export type SeriesSource = (metric: HubbleMetricName) => Iterable<StoredSeries>;

/** Evaluates a panel query into groups (labels and values; legends come later). */
export function evaluatePanelQuery(
  source: SeriesSource,
  query: PanelQuery,
  plan: StepPlan,
  grouping: NodeGrouping,
): GroupSeries[] {
  const extra = extraLabels(grouping);
  if (query.kind === "difference") {
    const { minuend, subtrahend } = query;
    return subtract(evaluateRate(source(minuend.metric), minuend, plan, extra), evaluateRate(source(subtrahend.metric), subtrahend, plan, extra));
  }
  const rate = query.query;
  if (rate.acrossNodes !== undefined) return acrossNodes(source(rate.metric), rate, rate.acrossNodes, plan, grouping);
  return evaluateRate(source(rate.metric), rate, plan, extra);
}

/**
 * PromQL `a - b` between two `sum … by (…)` vectors: one-to-one matching on the full label set, so a
 * key present on one side only yields nothing — per step, too: a step where either side has no value
 * has no result. E.g. a node that saw SYNs but never a SYN-ACK has no "Missing SYN-ACK" line at all,
 * exactly as in Grafana. Series without any value are dropped.
 */
export function subtract(minuend: readonly GroupSeries[], subtrahend: readonly GroupSeries[]): GroupSeries[] {
  const right = new Map(subtrahend.map((g) => [g.key, g]));
  const out: GroupSeries[] = [];
  for (const left of minuend) {
    const other = right.get(left.key);
    if (other === undefined) continue;
    const values = left.values.map((a, i) => {
      const b = other.values[i];
      return a === null || b === null || b === undefined ? null : a - b;
    });
    if (values.some((v) => v !== null)) out.push({ key: left.key, labels: left.labels, values });
  }
  return out;
}

/**
 * Grafana's Flows processed Per Node: `avg|min|max(sum(rate(…)) by (pod))`. The per-node sums are
 * evaluated first; each statistic is then taken over the nodes that have a value at that step.
 * Per-cluster grouping takes the statistics over the nodes of each cluster; per-node grouping
 * returns the per-node sums themselves (labelled by node, no `stat`), as a statistic over one node
 * would only repeat it.
 */
function acrossNodes(
  series: Iterable<StoredSeries>,
  query: RateQuery,
  stats: readonly NodeStatistic[],
  plan: StepPlan,
  grouping: NodeGrouping,
): GroupSeries[] {
  const perNode = evaluateRate(series, query, plan, grouping === "cluster" ? [NODE_LABEL, CLUSTER_LABEL] : [NODE_LABEL]);
  if (grouping === "node") return perNode;
  const outer = grouping === "cluster" ? [...query.groupBy, CLUSTER_LABEL] : [...query.groupBy];
  const sets = new Map<string, { labels: Record<string, string>; members: GroupSeries[] }>();
  for (const node of perNode) {
    const labels: Record<string, string> = {};
    for (const name of outer) labels[name] = node.labels[name] ?? "";
    const key = labelKey(outer, labels);
    const set = sets.get(key) ?? { labels, members: [] };
    set.members.push(node);
    sets.set(key, set);
  }
  const steps = plan.stepBuckets.length;
  const out: GroupSeries[] = [];
  for (const [key, { labels, members }] of sets) {
    for (const stat of stats) {
      const values: (number | null)[] = [];
      for (let i = 0; i < steps; i++) {
        const present = members.flatMap((m) => (m.values[i] === null ? [] : [m.values[i]!]));
        values.push(present.length === 0 ? null : statistic(stat, present));
      }
      out.push({ key: `${key}${stat}`, labels: { ...labels, [STAT_LABEL]: stat }, values });
    }
  }
  return out;
}

function statistic(stat: NodeStatistic, values: readonly number[]): number {
  if (stat === "min") return Math.min(...values);
  if (stat === "max") return Math.max(...values);
  return values.reduce((a, b) => a + b, 0) / values.length;
}
