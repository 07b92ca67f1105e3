// Timings of the service-map domain work for the speed budget (issue #6): diffGraph on a large
// synthetic model (2,000 nodes, 10,000 edges) for an incremental batch of 100 changed edges, and
// the aggregator's add/model path on synthetic flows. Not a test: call the functions from a
// script or a vitest bench. Prints nothing. Browser layout timings live in the Playwright bench.
import { create } from "@bufbuild/protobuf";
import { type Flow, FlowSchema, FlowType, Verdict } from "../../../gen/flow/flow_pb.ts";
import { diffGraph } from "./diff-graph.ts";
import { type GraphEdge, type GraphModel, type GraphNode, makeId, zeroVerdicts } from "./graph-model.ts";
import { ServiceMapAggregator } from "./service-map-aggregator.ts";
import { seededRandom } from "../../../testing/seeded-random.ts";

const NAMESPACES = 20;


function workloadNode(i: number): GraphNode {
  const namespace = `ns${i % NAMESPACES}`;
  const name = `svc${i}`;
  return {
    id: makeId("wl", "", namespace, name),
    kind: "workload",
    name,
    label: `${name}\n${namespace}`,
    namespace,
    cluster: "",
    parent: makeId("ns", "", namespace),
    selector: { by: "label", label: `k8s:app=${name}` },
    flows: 10,
    dropped: 0,
    lastSeenMs: 0,
    stale: false,
    addresses: [],
  };
}

/** An edge of `flows` TCP flows to `port`: every seventh count has a drop (MIXED), every third an L7 line. */
export function syntheticEdge(source: GraphNode, target: GraphNode, port: number, flows: number): GraphEdge {
  const dropped = flows % 7 === 0 ? 1 : 0;
  return {
    id: makeId("e", source.id, target.id, `${port}/TCP`),
    source: source.id,
    target: target.id,
    protocol: "TCP",
    port,
    portLabel: `${port}/TCP`,
    label: `${port}/TCP ×${flows}`,
    flows,
    ratePerSecond: flows / 60,
    verdicts: { ...zeroVerdicts(), FORWARDED: flows - dropped, DROPPED: dropped },
    verdict: dropped > 0 ? "MIXED" : "FORWARDED",
    l7: flows % 3 === 0 ? [`GET /api/${flows} 200×${flows}`] : [],
    allowedBy: [],
    deniedBy: [],
    lastSeenMs: 0,
    stale: false,
  };
}

/** A model with `nodes` nodes (namespaces included) and `edges` distinct edges. */
export function syntheticModel(nodes = 2000, edges = 10_000, seed = 1): GraphModel {
  const rnd = seededRandom(seed);
  const nodeMap = new Map<string, GraphNode>();
  for (let n = 0; n < NAMESPACES; n++) {
    const id = makeId("ns", "", `ns${n}`);
    nodeMap.set(id, { ...workloadNode(0), id, kind: "namespace", name: `ns${n}`, label: `ns${n}`, namespace: `ns${n}`, parent: undefined, selector: { by: "namespace" } });
  }
  const leaves: GraphNode[] = [];
  for (let i = 0; nodeMap.size < nodes; i++) {
    const node = workloadNode(i);
    leaves.push(node);
    nodeMap.set(node.id, node);
  }
  const edgeMap = new Map<string, GraphEdge>();
  while (edgeMap.size < edges) {
    const edge = syntheticEdge(leaves[Math.floor(rnd() * leaves.length)]!, leaves[Math.floor(rnd() * leaves.length)]!, 80 + Math.floor(rnd() * 8), 1 + Math.floor(rnd() * 500));
    edgeMap.set(edge.id, edge);
  }
  return { nodes: nodeMap, edges: edgeMap, windowMs: 60_000, nowMs: 0, multiCluster: false };
}

/** `prev` with `batch` edges changed: half get new counts, half are new edges. Every element is a fresh, equal object unless `reuse`. */
export function incrementalModel(prev: GraphModel, batch = 100, reuse = false, seed = 2): GraphModel {
  const rnd = seededRandom(seed);
  const copy = <T extends object>(x: T): T => (reuse ? x : structuredClone(x));
  const nodes = new Map([...prev.nodes].map(([id, n]) => [id, copy(n)]));
  const edges = new Map([...prev.edges].map(([id, e]) => [id, copy(e)]));
  const ids = [...edges.keys()];
  const leaves = [...nodes.values()].filter((n) => n.kind === "workload");
  for (let i = 0; i < batch / 2; i++) {
    const edge = edges.get(ids[Math.floor(rnd() * ids.length)]!)!;
    edges.set(edge.id, { ...edge, flows: edge.flows + 1, label: `${edge.portLabel} ×${edge.flows + 1}`, ratePerSecond: (edge.flows + 1) / 60 });
  }
  for (let added = 0; added < batch / 2; ) {
    const edge = syntheticEdge(leaves[Math.floor(rnd() * leaves.length)]!, leaves[Math.floor(rnd() * leaves.length)]!, 9000 + Math.floor(rnd() * 100), 1);
    if (edges.has(edge.id)) continue;
    edges.set(edge.id, edge);
    added++;
  }
  return { ...prev, nodes, edges };
}

export interface DiffBenchmarkResult {
  readonly nodes: number;
  readonly edges: number;
  /** Edges updated or added per diff. */
  readonly changedEdges: number;
  /** Mean diffGraph time over the runs, fresh objects (what the aggregator produces). */
  readonly diffMs: number;
  /** Mean diffGraph time when unchanged elements are the same objects. */
  readonly diffReusedMs: number;
}

/** Times diffGraph for an incremental batch on the synthetic model (mean of `runs`). */
export function benchmarkDiff(options: { nodes?: number; edges?: number; batch?: number; runs?: number } = {}): DiffBenchmarkResult {
  const prev = syntheticModel(options.nodes, options.edges);
  const batch = options.batch ?? 100;
  const runs = options.runs ?? 10;
  const time = (next: GraphModel): [number, number] => {
    let changed = 0;
    const start = performance.now();
    for (let i = 0; i < runs; i++) {
      const diff = diffGraph(prev, next);
      changed = diff.updatedEdges.length + diff.addedEdges.length;
    }
    return [(performance.now() - start) / runs, changed];
  };
  const [diffMs, changedEdges] = time(incrementalModel(prev, batch, false));
  const [diffReusedMs] = time(incrementalModel(prev, batch, true));
  return { nodes: prev.nodes.size, edges: prev.edges.size, changedEdges, diffMs, diffReusedMs };
}

export interface AggregatorBenchmarkResult {
  readonly flows: number;
  readonly edges: number;
  readonly addMs: number;
  readonly flowsPerSecond: number;
  /** One model() over the whole state (5-minute window). */
  readonly modelMs: number;
  /** After 100 more flows: model() again, then diffGraph against the previous model. */
  readonly incrementalModelMs: number;
  readonly incrementalDiffMs: number;
  readonly incrementalChangedEdges: number;
}

/** Feeds `flows` synthetic trace flows over `workloads` workloads into an aggregator and builds one model. */
export function benchmarkAggregator(options: { flows?: number; workloads?: number } = {}): AggregatorBenchmarkResult {
  const count = options.flows ?? 100_000;
  const workloads = options.workloads ?? 2000;
  const rnd = seededRandom(3);
  const t0 = 1_717_200_000;
  const flows: Flow[] = [];
  for (let i = 0; i < count + 100; i++) {
    const a = Math.floor(rnd() * workloads);
    const b = (a + 1 + Math.floor(rnd() * 5)) % workloads;
    const endpoint = (n: number) => ({ namespace: `ns${n % NAMESPACES}`, podName: `svc${n}-6b746f74dc-9rcxx`, identity: 1000 + n, labels: [`k8s:app=svc${n}`] });
    flows.push(
      create(FlowSchema, {
        time: { seconds: BigInt(t0 + Math.floor(i / 500)), nanos: 0 },
        verdict: i % 11 === 0 ? Verdict.DROPPED : Verdict.FORWARDED,
        Type: FlowType.L3_L4,
        eventType: { type: i % 11 === 0 ? 1 : 4, subType: 0 },
        source: endpoint(a),
        destination: endpoint(b),
        l4: { protocol: { case: "TCP", value: { sourcePort: 40000 + (i % 1000), destinationPort: 80 + (b % 3) } } },
        isReply: false,
      }),
    );
  }
  const aggregator = new ServiceMapAggregator();
  const start = performance.now();
  for (let i = 0; i < count; i += 500) aggregator.add(flows.slice(i, Math.min(i + 500, count)));
  const addMs = performance.now() - start;
  const nowMs = (t0 + Math.ceil(count / 500)) * 1000;
  const modelStart = performance.now();
  const model = aggregator.model({ windowMs: 300_000, nowMs });
  const modelMs = performance.now() - modelStart;
  aggregator.add(flows.slice(count));
  const nextStart = performance.now();
  const next = aggregator.model({ windowMs: 300_000, nowMs });
  const incrementalModelMs = performance.now() - nextStart;
  // Best of five: one diff is short enough for a GC pause to swamp it.
  let diff = diffGraph(model, next);
  let incrementalDiffMs = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    diff = diffGraph(model, next);
    incrementalDiffMs = Math.min(incrementalDiffMs, performance.now() - t);
  }
  return {
    flows: count,
    edges: model.edges.size,
    addMs,
    flowsPerSecond: Math.round((count * 1000) / Math.max(addMs, 0.001)),
    modelMs,
    incrementalModelMs,
    incrementalDiffMs,
    incrementalChangedEdges: diff.updatedEdges.length + diff.addedEdges.length,
  };
}
