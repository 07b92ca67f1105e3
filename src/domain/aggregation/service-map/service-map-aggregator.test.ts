import { describe, expect, it } from "vitest";
import { type Flow, type L7FlowType, TrafficDirection, Verdict } from "../../../gen/flow/flow_pb.ts";
import {
  type FlowInit,
  dropEvent,
  from,
  httpRequest,
  httpResponse,
  policyVerdictEvent,
  reply,
  tcp,
  to,
  udp,
} from "../../../testing/flow-builders.ts";
import type { GraphModel } from "./graph-model.ts";
import { FROM_ENDPOINT, T0_MS, TO_ENDPOINT, TO_STACK, backend, flowAt, frontend, hostEp, kubeDns, podEp, trace, worldEp } from "./map-fixtures.ts";
import { type ModelQuery } from "./build-model.ts";
import { ServiceMapAggregator } from "./service-map-aggregator.ts";

const { EGRESS, INGRESS } = TrafficDirection;
const syn = tcp(40000, 80, "SYN");
const synAck = tcp(80, 40000, "SYN", "ACK");
const request = (...pieces: FlowInit[]): Flow => flowAt(1, from(frontend), to(backend), syn, reply(false), ...pieces);
const answer = (...pieces: FlowInit[]): Flow => flowAt(1, from(backend), to(frontend), synAck, reply(true), ...pieces);

const dns = (query: string, type: L7FlowType, rcode = 0): FlowInit => ({ eventType: { type: 129 }, l7: { type, record: { case: "dns", value: { query, rcode, qtypes: ["A"] } } } });
const ask = (q: string) => flowAt(1, from(frontend), to(kubeDns), udp(45000, 53), reply(false), dns(q, 1));
const tell = (q: string, rcode: number) => flowAt(1, from(kubeDns), to(frontend), udp(53, 45000), reply(true), dns(q, 2, rcode));
const at = (seconds: number, target = backend) => flowAt(seconds, from(frontend), to(target), syn, reply(false), trace(TO_ENDPOINT));
const parents = (m: GraphModel) => Object.fromEntries([...m.nodes.values()].map((n) => [n.id, n.parent ?? null]));
const toWorld = (ip: string) => flowAt(1, from(frontend), to(worldEp), { IP: { source: "10.0.0.1", destination: ip, ipVersion: 1 } }, tcp(40000, 443, "SYN"), reply(false), trace(FROM_ENDPOINT));

function modelOf(flows: readonly Flow[], query: Partial<ModelQuery> = {}): GraphModel {
  const aggregator = new ServiceMapAggregator();
  aggregator.add(flows);
  return aggregator.model({ windowMs: 60_000, nowMs: T0_MS + 10_000, ...query });
}

/** `shop/frontend → shop/backend 80/TCP ×2 FORWARDED`, sorted. */
function edgeLines(model: GraphModel): string[] {
  const name = (id: string) => {
    const n = model.nodes.get(id)!;
    return n.namespace === "" ? n.name : `${n.namespace}/${n.name}`;
  };
  return [...model.edges.values()].map((e) => `${name(e.source)} → ${name(e.target)} ${e.portLabel} ×${e.flows} ${e.verdict}`).toSorted();
}

describe("counting one packet once, replies on the request's edge", () => {
  it.each<[string, Flow[], string[]]>([
    [
      "request and reply reported at both nodes",
      [request(trace(FROM_ENDPOINT)), request(trace(TO_ENDPOINT)), answer(trace(FROM_ENDPOINT)), answer(trace(TO_ENDPOINT))],
      ["shop/frontend → shop/backend 80/TCP ×2 FORWARDED"],
    ],
    [
      "policy verdicts at both ends add nothing",
      [request(policyVerdictEvent(Verdict.FORWARDED, 2, EGRESS)), request(trace(FROM_ENDPOINT)), request(policyVerdictEvent(Verdict.FORWARDED, 2, INGRESS)), request(trace(TO_ENDPOINT))],
      ["shop/frontend → shop/backend 80/TCP ×1 FORWARDED"],
    ],
    [
      "dropped at ingress: the sender's trace does not make it mixed",
      [request(trace(FROM_ENDPOINT)), request(policyVerdictEvent(Verdict.DROPPED, 0, INGRESS)), request(dropEvent(133), { trafficDirection: INGRESS })],
      ["shop/frontend → shop/backend 80/TCP ×1 DROPPED"],
    ],
    ["dropped at egress", [request(policyVerdictEvent(Verdict.DROPPED, 0, EGRESS)), request(dropEvent(133))], ["shop/frontend → shop/backend 80/TCP ×1 DROPPED"]],
    [
      "forwarded and dropped is mixed",
      [request(trace(TO_ENDPOINT)), request(trace(TO_ENDPOINT)), request(trace(TO_ENDPOINT)), request(dropEvent(133))],
      ["shop/frontend → shop/backend 80/TCP ×4 MIXED"],
    ],
    ["audit shows as audit", [request(policyVerdictEvent(Verdict.AUDIT, 0, INGRESS)), request(trace(TO_ENDPOINT))], ["shop/frontend → shop/backend 80/TCP ×2 AUDIT"]],
    ["proxied traffic is redirected", [request(policyVerdictEvent(Verdict.REDIRECTED, 2, INGRESS)), request(httpRequest("GET", "http://backend/get"))], ["shop/frontend → shop/backend 80/TCP ×1 REDIRECTED"]],
    ["error", [request({ verdict: Verdict.ERROR })], ["shop/frontend → shop/backend 80/TCP ×1 ERROR"]],
    [
      "to the world: only the sender reports, and that counts",
      [
        flowAt(1, from(frontend), to(worldEp), { destinationNames: ["example.com"] }, tcp(40000, 443, "SYN"), reply(false), trace(FROM_ENDPOINT)),
        flowAt(1, from(worldEp), to(frontend), { sourceNames: ["example.com"] }, tcp(443, 40000, "SYN", "ACK"), reply(true), trace(TO_ENDPOINT)),
      ],
      ["shop/frontend → example.com 443/TCP ×2 FORWARDED"],
    ],
    ["is_reply unknown, SYN-ACK", [flowAt(1, from(backend), to(frontend), synAck, trace(TO_ENDPOINT))], ["shop/frontend → shop/backend 80/TCP ×1 FORWARDED"]],
    [
      "is_reply unknown, EGRESS arriving at the local endpoint",
      [flowAt(1, from(backend), to({ ...frontend, ID: 12 }), tcp(80, 40000, "ACK"), { trafficDirection: EGRESS }, trace(TO_ENDPOINT))],
      ["shop/frontend → shop/backend 80/TCP ×1 FORWARDED"],
    ],
    ["is_reply unknown, well-known to ephemeral port", [flowAt(1, from(kubeDns), to(frontend), udp(53, 45000), { verdict: Verdict.FORWARDED })], ["shop/frontend → kube-system/kube-dns 53/UDP ×1 FORWARDED"]],
    ["trace-sock is not a packet", [request({ eventType: { type: 7, subType: 2 }, verdict: Verdict.TRANSLATED })], []],
    ["a capture of policy verdicts only still counts", [request(policyVerdictEvent(Verdict.FORWARDED, 2, EGRESS))], ["shop/frontend → shop/backend 80/TCP ×1 FORWARDED"]],
    ["host to world at a transit point", [flowAt(1, from(hostEp), to(worldEp), tcp(40000, 443, "SYN"), reply(false), trace(TO_STACK))], ["host → world 443/TCP ×1 FORWARDED"]],
    ["ICMP", [flowAt(1, from(frontend), to(backend), { l4: { protocol: { case: "ICMPv4", value: { type: 8 } } } }, reply(false), trace(TO_ENDPOINT))], ["shop/frontend → shop/backend ICMP ×1 FORWARDED"]],
  ])("%s", (_, flows, lines) => {
    expect(edgeLines(modelOf(flows))).toEqual(lines);
  });
});

describe("edge details", () => {
  it("summarises HTTP as method, path and status mix", () => {
    const url = "http://backend/get?id=1";
    const flows = [
      ...Array.from({ length: 15 }, () => request(httpRequest("GET", url))),
      ...Array.from({ length: 12 }, () => answer(httpResponse(200, 1000n, "GET", url))),
      ...Array.from({ length: 3 }, () => answer(httpResponse(403, 1000n, "GET", url))),
      request(httpRequest("POST", "http://backend/post")),
    ];
    const edge = [...modelOf(flows).edges.values()][0]!;
    expect([edge.flows, edge.l7]).toEqual([16, ["GET /get 200×12 403×3", "POST /post ×1"]]);
  });

  it("summarises DNS as query names with failing rcodes", () => {
    const model = modelOf([ask("example.com."), ask("example.com."), tell("example.com.", 3), tell("example.com.", 0), ask("api.example.com.")]);
    expect([...model.edges.values()][0]!.l7).toEqual(["DNS example.com ×2 NXDOMAIN×1", "DNS api.example.com ×1"]);
  });

  it("lists the policies that allowed and denied", () => {
    const allow = { name: "allow-frontend", namespace: "shop", kind: "CiliumNetworkPolicy" };
    const deny = { name: "deny-all", namespace: "", kind: "CiliumClusterwideNetworkPolicy" };
    const model = modelOf([
      request(policyVerdictEvent(Verdict.FORWARDED, 2, EGRESS), { egressAllowedBy: [allow] }),
      request(policyVerdictEvent(Verdict.DROPPED, 0, INGRESS), { ingressDeniedBy: [deny] }),
    ]);
    const edge = [...model.edges.values()][0]!;
    expect([edge.allowedBy, edge.deniedBy]).toEqual([["shop/allow-frontend (CiliumNetworkPolicy)"], ["deny-all (CiliumClusterwideNetworkPolicy)"]]);
  });

  it("computes the rate over the window", () => {
    const flows = Array.from({ length: 30 }, (_, i) => flowAt(61 + 2 * i, from(frontend), to(backend), syn, reply(false), trace(TO_ENDPOINT)));
    const edge = [...modelOf(flows, { nowMs: T0_MS + 120_000 }).edges.values()][0]!;
    expect([edge.flows, edge.ratePerSecond]).toEqual([30, 0.5]);
  });
});

describe("time window", () => {
  const db = podEp("shop", "db-0", 4242);
  const flows = [at(0), at(5), at(10), at(80, db), at(100, db), at(118, db)];

  it.each<[string, Partial<ModelQuery>, string[]]>([
    ["old edges leave the window", { windowMs: 60_000, nowMs: T0_MS + 120_000 }, ["shop/frontend → shop/db 80/TCP ×3 FORWARDED"]],
    ["counts only the window's flows", { windowMs: 30_000, nowMs: T0_MS + 120_000 }, ["shop/frontend → shop/db 80/TCP ×2 FORWARDED"]],
    ["all keeps everything", { windowMs: "all", nowMs: T0_MS + 120_000 }, ["shop/frontend → shop/backend 80/TCP ×3 FORWARDED", "shop/frontend → shop/db 80/TCP ×3 FORWARDED"]],
  ])("%s", (_, query, lines) => {
    expect(edgeLines(modelOf(flows, query))).toEqual(lines);
  });

  // Egress to the world: a stage-5 drop, later a forwarded connection that only frontend's node
  // reports (sender-side traces). The sender's traces count in every window, "all" included.
  const example = { destinationNames: ["example.com"] };
  const worldFlows = [
    flowAt(0, from(frontend), to(worldEp), example, tcp(40000, 443, "SYN"), reply(false), dropEvent(133), { trafficDirection: EGRESS }),
    flowAt(100, from(frontend), to(worldEp), example, tcp(40001, 443, "SYN"), reply(false), trace(FROM_ENDPOINT)),
    flowAt(100, from(worldEp), to(frontend), { sourceNames: ["example.com"] }, tcp(443, 40001, "SYN", "ACK"), reply(true), trace(TO_ENDPOINT)),
  ];
  it.each<[string, Partial<ModelQuery>, string[]]>([
    ["the drop has left the minute", { windowMs: 60_000, nowMs: T0_MS + 120_000 }, ["shop/frontend → example.com 443/TCP ×2 FORWARDED"]],
    ["all counts the drop and the sender's traces", { windowMs: "all", nowMs: T0_MS + 120_000 }, ["shop/frontend → example.com 443/TCP ×3 MIXED"]],
  ])("an edge only its sender reports: %s", (_, query, lines) => {
    expect(edgeLines(modelOf(worldFlows, query))).toEqual(lines);
  });

  it("marks elements close to expiry as stale", () => {
    const model = modelOf([at(70), at(115, podEp("shop", "db-0", 4242))], { windowMs: 60_000, nowMs: T0_MS + 120_000 });
    const stale = [...model.edges.values()].map((e) => e.stale);
    const nodes = Object.fromEntries([...model.nodes.values()].map((n) => [n.name, n.stale]));
    expect([stale, nodes]).toEqual([[true, false], { shop: false, frontend: false, backend: true, db: false }]);
  });

  it("stays exact for all after old buckets are pruned", () => {
    const aggregator = new ServiceMapAggregator({ retentionMs: 60_000 });
    aggregator.add([at(0), at(1), at(2)]);
    aggregator.add([at(300), at(301)]);
    const all = aggregator.model({ windowMs: "all", nowMs: T0_MS + 302_000 });
    const recent = aggregator.model({ windowMs: 60_000, nowMs: T0_MS + 302_000 });
    expect([edgeLines(all), edgeLines(recent)]).toEqual([["shop/frontend → shop/backend 80/TCP ×5 FORWARDED"], ["shop/frontend → shop/backend 80/TCP ×2 FORWARDED"]]);
  });

  it("counts late flows in their own bucket", () => {
    const aggregator = new ServiceMapAggregator();
    aggregator.add([at(100), at(101)]);
    aggregator.add([at(20), at(99)]);
    expect(edgeLines(aggregator.model({ windowMs: 60_000, nowMs: T0_MS + 110_000 }))).toEqual(["shop/frontend → shop/backend 80/TCP ×3 FORWARDED"]);
  });

  it("forgets everything on clear()", () => {
    const aggregator = new ServiceMapAggregator();
    aggregator.add(flows);
    aggregator.clear();
    const model = aggregator.model({ windowMs: "all", nowMs: T0_MS + 120_000 });
    expect([model.nodes.size, model.edges.size, aggregator.stats, aggregator.latestFlowMs]).toEqual([0, 0, { nodes: 0, edges: 0, flows: 0 }, undefined]);
  });
});

describe("namespaces, predicate and clusters", () => {
  const other = podEp("other", "a-0", 5001);
  const otherB = podEp("other", "b-0", 5002);
  const flows = [
    flowAt(1, from(frontend), to(kubeDns), udp(45000, 53), reply(false), trace(TO_ENDPOINT)),
    flowAt(1, from(frontend), to(backend), syn, reply(false), trace(TO_ENDPOINT)),
    flowAt(1, from(other), to(otherB), tcp(40000, 8080), reply(false), trace(TO_ENDPOINT)),
  ];

  it.each<[string, ReadonlySet<string> | "all", string[], string[]]>([
    [
      "one namespace keeps its peers elsewhere",
      new Set(["shop"]),
      ["shop/frontend → kube-system/kube-dns 53/UDP ×1 FORWARDED", "shop/frontend → shop/backend 80/TCP ×1 FORWARDED"],
      ["ns||kube-system", "ns||shop", "wl||kube-system|kube-dns", "wl||shop|backend", "wl||shop|frontend"],
    ],
    ["several", new Set(["other", "kube-system"]), ["other/a → other/b 8080/TCP ×1 FORWARDED", "shop/frontend → kube-system/kube-dns 53/UDP ×1 FORWARDED"], ["ns||kube-system", "ns||other", "ns||shop", "wl||kube-system|kube-dns", "wl||other|a", "wl||other|b", "wl||shop|frontend"]],
    ["none", new Set(), [], []],
    ["all", "all", ["other/a → other/b 8080/TCP ×1 FORWARDED", "shop/frontend → kube-system/kube-dns 53/UDP ×1 FORWARDED", "shop/frontend → shop/backend 80/TCP ×1 FORWARDED"], ["ns||kube-system", "ns||other", "ns||shop", "wl||kube-system|kube-dns", "wl||other|a", "wl||other|b", "wl||shop|backend", "wl||shop|frontend"]],
  ])("%s", (_, namespaces, lines, nodeIds) => {
    const model = modelOf(flows, { namespaces });
    expect([edgeLines(model), [...model.nodes.keys()].toSorted()]).toEqual([lines, nodeIds]);
  });

  it("lists every namespace seen, whatever the query", () => {
    const aggregator = new ServiceMapAggregator();
    aggregator.add(flows);
    expect(aggregator.namespaces()).toEqual(["kube-system", "other", "shop"]);
  });

  it("applies an edge predicate", () => {
    const model = modelOf(flows, { predicate: (_, __, target) => target.name !== "kube-dns" });
    expect(edgeLines(model)).toEqual(["other/a → other/b 8080/TCP ×1 FORWARDED", "shop/frontend → shop/backend 80/TCP ×1 FORWARDED"]);
  });

  it("nests namespaces in clusters only when two clusters are shown", () => {
    const c1 = { ...frontend, clusterName: "c1" };
    const c2 = { ...backend, clusterName: "c2" };
    const multi = modelOf([flowAt(1, from(c1), to(c2), syn, reply(false), trace(TO_ENDPOINT))]);
    const single = modelOf([flowAt(1, from(c1), to({ ...backend, clusterName: "c1" }), syn, reply(false), trace(TO_ENDPOINT))]);
    expect([multi.multiCluster, parents(multi), single.multiCluster, parents(single)]).toEqual([
      true,
      { "cl|c1": null, "cl|c2": null, "ns|c1|shop": "cl|c1", "ns|c2|shop": "cl|c2", "wl|c1|shop|frontend": "ns|c1|shop", "wl|c2|shop|backend": "ns|c2|shop" },
      false,
      { "ns|c1|shop": null, "wl|c1|shop|frontend": "ns|c1|shop", "wl|c1|shop|backend": "ns|c1|shop" },
    ]);
  });
});

describe("model objects", () => {
  it("are reused while nothing they show changed, so diffs stay small", () => {
    const aggregator = new ServiceMapAggregator();
    const other = podEp("shop", "db-0", 4242);
    aggregator.add([request(trace(TO_ENDPOINT)), flowAt(1, from(frontend), to(other), syn, reply(false), trace(TO_ENDPOINT))]);
    const query = { windowMs: 60_000, nowMs: T0_MS + 10_000 };
    const first = aggregator.model(query);
    aggregator.add([flowAt(2, from(frontend), to(other), syn, reply(false), trace(TO_ENDPOINT))]);
    const second = aggregator.model(query);
    const same = (kind: "nodes" | "edges") => [...second[kind]].filter(([id, v]) => first[kind].get(id) === v).map(([id]) => id);
    // The namespace compound changes too: its last-seen time follows its newest child.
    expect([same("nodes").toSorted(), same("edges").length]).toEqual([["wl||shop|backend"], 1]);
  });
});

describe("limits and options", () => {
  it("evicts the least recently seen edges beyond maxEdges", () => {
    const aggregator = new ServiceMapAggregator({ maxEdges: 10 });
    aggregator.add(Array.from({ length: 15 }, (_, i) => flowAt(i, from(frontend), to(backend), tcp(40000, 1000 + i), reply(false), trace(TO_ENDPOINT))));
    const ports = [...aggregator.model({ windowMs: "all", nowMs: T0_MS + 20_000 }).edges.values()].map((e) => e.port);
    expect([aggregator.stats.edges <= 10, ports.includes(1014), ports.includes(1000)]).toEqual([true, true, false]);
  });

  it("leaves out flows the flow filter rejects", () => {
    const aggregator = new ServiceMapAggregator({ flowFilter: (f) => f.verdict === Verdict.DROPPED });
    aggregator.add([request(trace(TO_ENDPOINT)), flowAt(1, from(frontend), to(kubeDns), udp(45000, 53), reply(false), dropEvent(133))]);
    expect(edgeLines(aggregator.model({ windowMs: "all", nowMs: T0_MS }))).toEqual(["shop/frontend → kube-system/kube-dns 53/UDP ×1 DROPPED"]);
  });

  it("splits the world by address when asked", () => {
    const aggregator = new ServiceMapAggregator({ worldByAddress: true });
    aggregator.add([toWorld("1.1.1.1"), toWorld("8.8.8.8")]);
    const labels = [...aggregator.model({ windowMs: "all", nowMs: T0_MS }).nodes.values()].filter((n) => n.kind === "world").map((n) => n.label);
    expect(labels.toSorted()).toEqual(["world\n1.1.1.1", "world\n8.8.8.8"]);
  });
});
