// The simulator's building blocks: the topology it derives from a scenario (identities, pod
// names, per-node pod CIDRs, node names), generator rates, stage control, live mode, and the
// agent settings that change which trace points appear.
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Flow } from "../../../src/gen/flow/flow_pb.ts";
import type { GetFlowsResponse } from "../../../src/gen/observer/observer_pb.ts";
import { traceObservationPointWord } from "../../../src/domain/flow/event-type-words.ts";
import { LAB_START } from "./lab-harness.ts";
import { createRng } from "./rng.ts";
import { loadScenario, loadScenarioText } from "./scenario-load.ts";
import { createSimulator, InvalidStageError } from "./simulator.ts";

const flowsOf = (events: GetFlowsResponse[]): Flow[] => events.flatMap((e) => (e.responseTypes.case === "flow" ? [e.responseTypes.value] : []));

function collect(name: string, seconds: number, options: Parameters<typeof createSimulator>[1] = {}): Flow[] {
  const simulator = createSimulator(loadScenario(name), { startTime: LAB_START, ...options });
  const events: GetFlowsResponse[] = [];
  simulator.runFor(seconds * 1000, (event) => events.push(event));
  return flowsOf(events);
}

function corednsPods(seed: number) {
  return createSimulator(loadScenario("starwars"), { seed, startTime: LAB_START }).topology.clusters[0]?.pods.filter((p) => p.workload.name === "coredns") ?? [];
}

function synTraces(rate: number): number {
  return collect("starwars", 120, { seed: 9, rate }).filter((f) => f.eventType?.type === 4 && f.l4?.protocol.case === "TCP" && f.l4.protocol.value.flags?.SYN === true && !f.l4.protocol.value.flags.ACK).length;
}

/** Trace observation point words of the trace events among `flows`. */
function traceWords(flows: Flow[]): Set<string> {
  return new Set(flows.filter((f) => f.eventType?.type === 4).map((f) => traceObservationPointWord(f.eventType?.subType ?? 0)));
}

function draw(seed: string | number): number[] {
  return Array.from({ length: 5 }, createRng(seed).u32);
}

describe("topology", () => {
  const starwars = createSimulator(loadScenario("starwars"), { seed: 5, startTime: LAB_START }).topology;
  const shop = createSimulator(loadScenario("shop"), { seed: 5, startTime: LAB_START }).topology;

  it("places pods on their nodes with IPs from the node's pod CIDR and Deployment pod names", () => {
    const pods = starwars.clusters[0]?.pods ?? [];
    const deathstars = pods.filter((p) => p.workload.name === "deathstar");
    expect(deathstars.map((p) => p.node.name).toSorted()).toEqual(["k8s-w1", "k8s-w2"]);
    for (const pod of deathstars) {
      expect(pod.name).toMatch(/^deathstar-8c4c77fb7-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
      expect(pod.ip.startsWith(pod.node.name === "k8s-w1" ? "172.20.1." : "172.20.2.")).toBe(true);
      expect(pod.identity).toBe(6589);
      expect(pod.localEndpoint.ID).toBe(pod.endpointId);
      expect(pod.remoteEndpoint.ID).toBe(0);
    }
    expect(pods.find((p) => p.name === "tiefighter")?.localEndpoint.labels).toEqual([
      "k8s:app.kubernetes.io/name=tiefighter",
      "k8s:class=tiefighter",
      "k8s:io.cilium.k8s.namespace.labels.kubernetes.io/metadata.name=default",
      "k8s:io.cilium.k8s.policy.cluster=default",
      "k8s:io.cilium.k8s.policy.serviceaccount=default",
      "k8s:io.kubernetes.pod.namespace=default",
      "k8s:org=empire",
    ]);
  });

  it("allocates identities of 256 and up per label set, the same for every seed, cluster ID in the high bits", () => {
    const [a, b] = corednsPods(1);
    expect(a?.identity).toBeGreaterThanOrEqual(256);
    expect(a?.identity).toBeLessThan(65536);
    expect(b?.identity).toBe(a?.identity);
    expect(corednsPods(2)[0]?.identity).toBe(a?.identity);
    const text = `name: ids\nclusters:\n  - { name: a, podCIDR: 10.0.0.0/16, nodes: [{ name: n, ip: 10.1.0.1 }] }\n  - { name: b, podCIDR: 10.2.0.0/16, nodes: [{ name: n, ip: 10.3.0.1 }] }\nworkloads:\n  - { name: dns, namespace: kube-system, labels: { k8s-app: kube-dns } }\nservices:\n  - { name: kube-dns, namespace: kube-system, selector: { k8s-app: kube-dns }, ports: [{ port: 53, protocol: UDP }] }\nstages: [{ name: one }]\n`;
    const clusters = createSimulator(loadScenarioText(text, "ids.yaml"), { startTime: LAB_START }).topology.clusters;
    expect(clusters.map((c) => (c.pods[0]?.identity ?? 0) >> 16)).toEqual([1, 2]);
    expect(clusters.map((c) => c.nodes[0]?.nodeName)).toEqual(["a/n", "b/n"]);
  });

  it("uses the seed's identities and ClusterIPs in the shop, and cluster/node names", () => {
    const [one, two] = shop.clusters;
    expect(one?.pods.filter((p) => p.workload.name === "frontend").map((p) => [p.identity, p.name.slice(0, 19)])).toEqual([[114060, "frontend-79f5dbfc6c"]]);
    expect(two?.servicesByName.get("backend.shop")?.ip).toBe("34.118.228.223");
    expect(one?.nodes.every((n) => n.nodeName.startsWith("cluster1/gke-cluster1-"))).toBe(true);
    expect(starwars.clusters[0]?.nodes.map((n) => n.nodeName)).toEqual(["k8s-ctr", "k8s-w1", "k8s-w2"]);
  });
});

describe("traffic", () => {
  it("scales every generator with --rate", () => {
    const ratio = synTraces(4) / synTraces(1);
    expect(ratio).toBeGreaterThan(3.2);
    expect(ratio).toBeLessThan(4.8);
  });

  it("emits Summary, uuid, emitter, node_name and Type on every flow", () => {
    const flows = collect("shop", 10, { seed: 1, stage: 5 });
    expect(flows.length).toBeGreaterThan(100);
    expect(new Set(flows.map((f) => f.uuid)).size).toBe(flows.length);
    for (const flow of flows) {
      expect(flow.Summary).not.toBe("");
      expect(flow.emitter?.name).toBe("Hubble");
      expect(flow.emitter?.version).toBe("1.18.2");
      expect(flow.nodeName).toMatch(/^cluster[12]\/gke-/);
      expect(flow.Type).toBe(flow.eventType?.type === 129 ? 2 : flow.eventType?.type === 7 ? 3 : 1);
    }
  });

  it("reports only to-* points with medium aggregation, from-* too with none, to-overlay in tunnel mode", () => {
    expect(traceWords(collect("starwars", 30, { seed: 2 }))).toEqual(new Set(["to-endpoint", "to-stack"]));
    const base = loadScenario("starwars");
    const variant = (cilium: object) => ({ ...base, spec: { ...base.spec, cilium: { ...base.spec.cilium, ...cilium } } });
    const none = createSimulator(variant({ monitorAggregation: "none" }), { seed: 2, startTime: LAB_START });
    const tunnel = createSimulator(variant({ routing: "tunnel" }), { seed: 2, startTime: LAB_START });
    const run = (simulator: typeof none) => {
      const events: GetFlowsResponse[] = [];
      simulator.runFor(30_000, (e) => events.push(e));
      return flowsOf(events);
    };
    expect(traceWords(run(none))).toEqual(new Set(["to-endpoint", "to-stack", "from-endpoint", "from-network"]));
    expect(traceWords(run(tunnel))).toEqual(new Set(["to-endpoint", "to-overlay"]));
  });

  it("answers pings with ICMPv4 echo request and reply", () => {
    const text = `name: ping\nclusters:\n  - { name: c, podCIDR: 10.0.0.0/16, nodes: [{ name: a, ip: 10.1.0.1 }, { name: b, ip: 10.1.0.2 }] }\nworkloads:\n  - { name: dns, namespace: kube-system, labels: { k8s-app: kube-dns }, nodes: [a] }\n  - { name: client, namespace: x, kind: Pod, labels: { app: client }, nodes: [a] }\nservices:\n  - { name: kube-dns, namespace: kube-system, selector: { k8s-app: kube-dns }, ports: [{ port: 53, protocol: UDP }] }\nexternal:\n  - { name: one.one.one.one, ips: [1.1.1.1] }\ntraffic:\n  - { from: x/client, rate: 1, ping: { host: 1.1.1.1, count: 2 } }\nstages: [{ name: one }]\n`;
    const simulator = createSimulator(loadScenarioText(text, "ping.yaml"), { startTime: LAB_START, seed: 1 });
    const events: GetFlowsResponse[] = [];
    simulator.runFor(5000, (e) => events.push(e));
    const summaries = new Set(flowsOf(events).map((f) => f.Summary));
    expect(summaries).toEqual(new Set(["ICMPv4 EchoRequest", "ICMPv4 EchoReply"]));
  });
});

describe("stages and clock", () => {
  afterEach(() => vi.useRealTimers());

  it("refuses stages that do not exist", () => {
    const simulator = createSimulator(loadScenario("starwars"), { startTime: LAB_START });
    expect(() => simulator.setStage(4, "api")).toThrow(InvalidStageError);
    expect(() => simulator.setStage(1.5, "api")).toThrow(/stages 1 to 3/);
    expect(() => createSimulator(loadScenario("starwars"), { stage: 0 })).toThrow(InvalidStageError);
  });

  it("stamps changes with the virtual time and tells listeners", () => {
    const simulator = createSimulator(loadScenario("starwars"), { startTime: LAB_START });
    const seen: number[] = [];
    simulator.onStageChange((change) => seen.push(change.stage));
    simulator.runFor(1500);
    expect(simulator.setStage(3, "schedule")).toEqual({ stage: 3, timeMs: LAB_START + 1500, cause: "schedule" });
    expect(seen).toEqual([3]);
    expect(simulator.history.map((h) => h.cause)).toEqual(["start", "schedule"]);
  });

  it("moves the virtual clock with the wall clock in live mode", () => {
    vi.useFakeTimers();
    let wall = 1_000_000;
    const simulator = createSimulator(loadScenario("shop"), { startTime: LAB_START, clock: () => wall, tickMs: 50 });
    const events: GetFlowsResponse[] = [];
    simulator.start((e) => events.push(e));
    expect(() => simulator.runFor(10)).toThrow(/running live/);
    wall += 10_000;
    vi.advanceTimersByTime(60);
    expect(simulator.now()).toBe(LAB_START + 10_000);
    expect(events.length).toBeGreaterThan(0);
    const lastMs = Number(events.at(-1)?.time?.seconds ?? 0n) * 1000;
    expect(lastMs).toBeLessThanOrEqual(LAB_START + 10_000);
    wall += 2_000;
    expect(simulator.setStage(2, "api").timeMs).toBe(LAB_START + 12_000);
    simulator.stop();
  });
});

describe("rng", () => {
  it("repeats for a seed, differs between seeds, forks independently", () => {
    expect(draw(1)).toEqual(draw(1));
    expect(draw(1)).not.toEqual(draw(2));
    const rng = createRng("x");
    const fork = rng.fork("a").u32();
    rng.u32();
    expect(rng.fork("a").u32()).toBe(fork);
    expect(createRng(3).uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
