import { describe, expect, it } from "vitest";
import { type Flow, TrafficDirection, Verdict } from "../../gen/flow/flow_pb.ts";
import { parseFlowLines } from "../flow/json-line-decoder.ts";
import { dropEvent, from, onNode, tcp, to, udp } from "../../testing/flow-builders.ts";
import { readSample, sampleFlowFiles } from "../../testing/node/samples.ts";
import { T0_MS, backend, dropped, flowAt, frontend, kubeDns, policies, proxiedRequest, verdictEvent, world } from "./attribution-fixtures.ts";
import { ALL_TIME, type AttributionRow, type TimeRange } from "./attribution-rows.ts";
import { PolicyAttributionAggregator } from "./policy-attribution-aggregator.ts";
import { TimeCuts } from "./range-counters.ts";

const { INGRESS, EGRESS } = TrafficDirection;
const { FORWARDED, DROPPED, REDIRECTED } = Verdict;
const client = onNode("cluster1/node-a");
const server = onNode("cluster1/node-b");
const feBe = [from(frontend), to(backend), tcp(40000, 80, "SYN")];
const feDns = [from(frontend), to(kubeDns), udp(40001, 53)];
const feWorld = [from(frontend), to(world), tcp(40002, 443, "SYN")];

/** A short ladder: allow-all, then DNS/L4/L7 policies, then default deny (seconds after T0). */
const ladder: Flow[] = [
  flowAt(1, ...feBe, client, verdictEvent(FORWARDED, EGRESS, 4), policies("egressAllowedBy", "allow-all")),
  flowAt(1.1, ...feBe, server, verdictEvent(FORWARDED, INGRESS, 4), policies("ingressAllowedBy", "allow-all")),
  flowAt(2, ...feDns, client, verdictEvent(FORWARDED, EGRESS, 4), policies("egressAllowedBy", "allow-all")),
  flowAt(12, ...feDns, client, verdictEvent(REDIRECTED, EGRESS), policies("egressAllowedBy", "allow-dns")),
  flowAt(13, ...feBe, client, verdictEvent(FORWARDED, EGRESS), policies("egressAllowedBy", "allow-frontend-egress")),
  flowAt(13.1, ...feBe, server, verdictEvent(REDIRECTED, INGRESS), policies("ingressAllowedBy", "allow-frontend-l7")),
  flowAt(14, from(frontend), to(backend), tcp(40000, 80), server, proxiedRequest(DROPPED, INGRESS)),
  flowAt(15, ...feWorld, client, verdictEvent(DROPPED, EGRESS, 0), dropped(133)),
  // The same packet's drop event: node-a reports policy verdicts, so this repeats the one above.
  flowAt(15, ...feWorld, client, dropEvent(133), { trafficDirection: EGRESS }),
  // A node that reports no policy verdicts (say, a `--type drop` capture): its drop counts.
  flowAt(16, ...feWorld, onNode("cluster1/node-c"), dropEvent(133), { trafficDirection: EGRESS }),
];

const seconds = (s: number) => T0_MS + s * 1000;
const range = (fromS: number, toS: number): TimeRange => ({ fromMs: seconds(fromS), toMs: seconds(toS) });
type Brief = [policy: string, direction: string, allowed: number, denied: number, redirected: number];
const brief = (rows: readonly AttributionRow[]): Brief[] => rows.map((r) => [r.policy, r.direction, r.allowed, r.denied, r.redirected]);

function aggregate(flows: readonly Flow[], options: ConstructorParameters<typeof PolicyAttributionAggregator>[0] = {}): PolicyAttributionAggregator {
  const aggregator = new PolicyAttributionAggregator({ bucketMs: 1000, ...options });
  aggregator.add(flows);
  return aggregator;
}

describe("PolicyAttributionAggregator table", () => {
  const aggregator = aggregate(ladder);

  it.each<[string, TimeRange, Brief[], Brief[]]>([
    [
      "since clear",
      ALL_TIME,
      [
        ["allow-all", "egress", 2, 0, 0],
        ["allow-all", "ingress", 1, 0, 0],
        ["allow-dns", "egress", 0, 0, 1],
        ["allow-frontend-egress", "egress", 1, 0, 0],
        ["allow-frontend-l7", "ingress", 0, 0, 1],
      ],
      [
        ["default deny: endpoint selected by allow-all, allow-dns, allow-frontend-egress", "egress", 0, 2, 0],
        ["L7 deny: proxy rules of allow-frontend-l7", "ingress", 0, 1, 0],
      ],
    ],
    [
      "the later stage only: X from the same range",
      range(10, 20),
      [
        ["allow-dns", "egress", 0, 0, 1],
        ["allow-frontend-egress", "egress", 1, 0, 0],
        ["allow-frontend-l7", "ingress", 0, 0, 1],
      ],
      [
        ["default deny: endpoint selected by allow-dns, allow-frontend-egress", "egress", 0, 2, 0],
        ["L7 deny: proxy rules of allow-frontend-l7", "ingress", 0, 1, 0],
      ],
    ],
    ["no allow in the range: X from before it", range(15, 20), [], [["default deny: endpoint selected by allow-all, allow-dns, allow-frontend-egress", "egress", 0, 2, 0]]],
    ["the first stage only", range(0, 10), [["allow-all", "egress", 2, 0, 0], ["allow-all", "ingress", 1, 0, 0]], []],
    ["an empty range", range(30, 40), [], []],
  ])("%s", (_, r, reported, inferred) => {
    const table = aggregator.table(r);
    expect(brief(table.reported)).toEqual(reported);
    expect(brief(table.inferred)).toEqual(inferred);
  });

  it("fills the other columns: kind, namespace, first/last seen, the inference", () => {
    const { reported, inferred } = aggregator.table();
    expect(reported[0]).toMatchObject({ source: "reported", kind: "CiliumNetworkPolicy", namespace: "shop", firstSeenMs: seconds(1), lastSeenMs: seconds(2), inference: undefined });
    expect(inferred[0]).toMatchObject({
      source: "inferred",
      kind: "",
      namespace: "shop",
      firstSeenMs: seconds(15),
      lastSeenMs: seconds(16),
      inference: { reason: "default-deny", endpoint: { id: "wl|cluster1|shop|frontend", name: "frontend", namespace: "shop", cluster: "cluster1" } },
    });
    expect(inferred[0]?.inference?.selectedBy.map((p) => p.name)).toEqual(["allow-all", "allow-dns", "allow-frontend-egress"]);
  });

  it("counts each evidence flow once and the repeated drop event not at all", () => {
    expect(aggregator.stats).toEqual({ rows: 7, flows: 9, duplicateDrops: 1, overflow: 0 });
  });
});

describe("PolicyAttributionAggregator inference", () => {
  it.each<[string, Flow[], string[]]>([
    ["no allowing policy seen", [flowAt(1, ...feWorld, client, verdictEvent(DROPPED, EGRESS, 0), dropped(133))], ["default deny (selecting policy not seen)"]],
    [
      "an allow on the other direction does not select",
      [flowAt(1, ...feBe, server, verdictEvent(FORWARDED, INGRESS), policies("ingressAllowedBy", "fe-in")), flowAt(2, from(backend), to(world), tcp(1, 443), client, verdictEvent(DROPPED, EGRESS, 0), dropped(133))],
      ["default deny (selecting policy not seen)"],
    ],
    [
      "same identity, no labels or pod name on the dropped flow",
      [
        flowAt(1, ...feDns, client, verdictEvent(FORWARDED, EGRESS), policies("egressAllowedBy", "allow-dns")),
        flowAt(2, from({ identity: 114060, namespace: "shop" }), to(world), tcp(1, 443), client, verdictEvent(DROPPED, EGRESS, 0), dropped(133)),
      ],
      ["default deny: endpoint selected by allow-dns"],
    ],
    [
      "policies of other namespaces and kinds are qualified",
      [
        flowAt(1, ...feDns, client, verdictEvent(FORWARDED, EGRESS), policies("egressAllowedBy", "kube-system/dns-open")),
        flowAt(1, ...feDns, client, verdictEvent(FORWARDED, EGRESS), { egressAllowedBy: [{ name: "cluster-dns", kind: "CiliumClusterwideNetworkPolicy" }] }),
        flowAt(2, ...feWorld, client, verdictEvent(DROPPED, EGRESS, 0), dropped(133)),
      ],
      ["default deny: endpoint selected by cluster-dns (CiliumClusterwideNetworkPolicy), kube-system/dns-open"],
    ],
    ["L7 deny without a redirect seen", [flowAt(1, from(frontend), to(backend), tcp(1, 80), server, proxiedRequest(DROPPED, INGRESS))], ["L7 deny (redirecting policy not seen)"]],
    ["POLICY_DENY unnamed", [flowAt(1, ...feBe, server, verdictEvent(DROPPED, INGRESS, 0), dropped(181))], ["deny rule (policy not named by Hubble)"]],
  ])("%s", (_, flows, expected) => {
    expect(aggregate(flows).table().inferred.map((r) => r.policy)).toEqual(expected);
  });
});

describe("PolicyAttributionAggregator over time", () => {
  it("gives one row's counts per step", () => {
    const aggregator = aggregate(ladder);
    const row = aggregator.table().reported.find((r) => r.policy === "allow-all" && r.direction === "egress");
    const points = aggregator.series(row?.id ?? "", range(0, 4), 2000);
    expect(points.map((p) => [p.startMs - T0_MS, p.allowed])).toEqual([[0, 1], [2000, 1]]);
    expect(aggregator.series("no such row", range(0, 4), 2000)).toEqual([]);
    expect(aggregator.series(row?.id ?? "", ALL_TIME, 2000)).toEqual([]);
  });

  it("splits a bucket at a stage cut known before the flows", () => {
    const cuts = new TimeCuts();
    cuts.set([seconds(10)]);
    const withCut = aggregate(ladder, { bucketMs: 60_000, cuts });
    const without = aggregate(ladder, { bucketMs: 60_000 });
    expect(brief(withCut.table({ fromMs: seconds(10), toMs: Number.POSITIVE_INFINITY }).reported).map((r) => r[0])).toEqual(["allow-dns", "allow-frontend-egress", "allow-frontend-l7"]);
    // One minute bucket starting at T0: a range starting inside it sees none of it.
    expect(without.table({ fromMs: seconds(10), toMs: Number.POSITIVE_INFINITY }).reported).toEqual([]);
  });

  it("merges old buckets and still answers since-clear exactly", () => {
    const flows = Array.from({ length: 3 * 3600 }, (_, i) => flowAt(i, ...feBe, client, verdictEvent(FORWARDED, EGRESS), policies("egressAllowedBy", "allow-all")));
    const aggregator = new PolicyAttributionAggregator({ bucketMs: 1000, retentionMs: 3_600_000 });
    for (let i = 0; i < flows.length; i += 100) aggregator.add(flows.slice(i, i + 100));
    expect(brief(aggregator.table().reported)).toEqual([["allow-all", "egress", 3 * 3600, 0, 0]]);
    // The last 15 minutes are exact to the second; the hour before, to the minute.
    expect(aggregator.table(range(3 * 3600 - 60, 3 * 3600)).reported[0]?.allowed).toBe(60);
    expect(aggregator.table(range(2 * 3600, 2 * 3600 + 600)).reported[0]?.allowed).toBe(600);
  });
});

describe("PolicyAttributionAggregator limits", () => {
  it("stops adding rows at maxRows and says so", () => {
    const flows = ["a", "b", "c"].map((name, i) => flowAt(i, ...feBe, client, verdictEvent(FORWARDED, EGRESS), policies("egressAllowedBy", name)));
    const aggregator = aggregate(flows, { maxRows: 2 });
    expect(aggregator.table().reported.map((r) => r.policy)).toEqual(["a", "b"]);
    expect(aggregator.stats.overflow).toBe(1);
  });

  it("cleans control characters out of policy names", () => {
    const aggregator = aggregate([flowAt(1, ...feBe, client, verdictEvent(FORWARDED, EGRESS), { egressAllowedBy: [{ name: "evil\tname\n", namespace: "shop", kind: "CiliumNetworkPolicy" }] })]);
    expect(aggregator.table().reported.map((r) => r.policy)).toEqual(["evil?name?"]);
  });

  it("forgets everything on clear", () => {
    const aggregator = aggregate(ladder);
    aggregator.clear();
    expect(aggregator.table()).toEqual({ reported: [], inferred: [] });
    expect(aggregator.stats).toEqual({ rows: 0, flows: 0, duplicateDrops: 0, overflow: 0 });
    expect(aggregator.latestFlowMs).toBeUndefined();
  });
});

describe("PolicyAttributionAggregator on the recorded samples", () => {
  const flows = sampleFlowFiles().flatMap((path) =>
    parseFlowLines(readSample(path.split("/").pop()!), path).events.flatMap((e) => (e.event.responseTypes.case === "flow" ? [e.event.responseTypes.value] : [])),
  );

  it("has no reported policies (Cilium 1.10 named none) and 57 unnamed redirects, all egress", () => {
    const { reported, inferred } = aggregate(flows).table();
    expect(reported).toEqual([]);
    expect(inferred.every((r) => r.inference?.reason === "unnamed-allow" && r.direction === "egress" && r.denied === 0)).toBe(true);
    expect(inferred.reduce((n, r) => n + r.redirected, 0)).toBe(57);
    expect(inferred.map((r) => r.inference?.endpoint.name)).toContain("productpage");
  });
});
