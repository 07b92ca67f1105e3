// Timings of the panel engine for the speed budget (issue #7): a full rebuild from 250,000 flows
// (what a filter change costs: the UI rebuilds the engine over the ring's flows with the page
// predicate) and evaluating every panel over 15 minutes at 5 s steps. Not a test: `npm run bench`
// calls benchPanels (mock-server/bench/run.ts); prints nothing.
import { type MessageInitShape, create } from "@bufbuild/protobuf";
import { type Flow, FlowSchema, FlowType, IPVersion, L7FlowType, TrafficDirection, Verdict } from "../../gen/flow/flow_pb.ts";
import { ALL_PANELS } from "./all-panels.ts";
import { PanelEngine, alignedRange } from "./panel-engine.ts";
import { seededRandom } from "../../testing/seeded-random.ts";

const NODES = ["c1/node-a", "c1/node-b", "c2/node-c", "c2/node-d"];
const WORKLOADS = 200;


const endpoint = (n: number) => ({ namespace: `ns${n % 20}`, podName: `svc${n}-6b746f74dc-9rcxx`, identity: 1000 + n, workloads: [{ name: `svc${n}`, kind: "Deployment" }] });

/**
 * `count` synthetic flows over `spanSeconds` of flow time, in time order, with the mix a busy
 * cluster shows: traces with TCP flags, policy verdicts (some redirected or denied), policy drops,
 * DNS and HTTP proxy records (HTTP with latencies), a little ICMP, on four nodes in two clusters.
 */
export function syntheticPanelFlows(count = 250_000, spanSeconds = 16 * 60, seed = 7): Flow[] {
  const rnd = seededRandom(seed);
  const t0 = 1_717_200_000;
  const flows: Flow[] = [];
  const push = (init: MessageInitShape<typeof FlowSchema>) => flows.push(create(FlowSchema, init));
  for (let i = 0; i < count; i++) {
    const ms = Math.floor((i * spanSeconds * 1000) / count);
    const a = Math.floor(rnd() * WORKLOADS);
    const b = (a + 1 + Math.floor(rnd() * 7)) % WORKLOADS;
    const port = [80, 443, 8080, 5432, 6379, 9090, 3000, 53][b % 8]!;
    const base: MessageInitShape<typeof FlowSchema> = {
      time: { seconds: BigInt(t0 + Math.floor(ms / 1000)), nanos: (ms % 1000) * 1e6 + 1 },
      nodeName: NODES[i % NODES.length]!,
      source: endpoint(a),
      destination: endpoint(b),
      IP: { source: `10.0.${a >> 8}.${a & 255}`, destination: `10.0.${b >> 8}.${b & 255}`, ipVersion: IPVersion.IPv4 },
      trafficDirection: i % 2 === 0 ? TrafficDirection.INGRESS : TrafficDirection.EGRESS,
    };
    const kind = rnd();
    const tcp = (flags: { SYN?: boolean; ACK?: boolean; FIN?: boolean; PSH?: boolean }) => ({ protocol: { case: "TCP" as const, value: { sourcePort: 40000 + (i % 20000), destinationPort: port, flags } } });
    if (kind < 0.55) {
      const reply = rnd() < 0.5;
      const flags = rnd() < 0.1 ? { SYN: true, ACK: reply } : rnd() < 0.05 ? { FIN: true, ACK: true } : { ACK: true, PSH: rnd() < 0.5 };
      push({ ...base, Type: FlowType.L3_L4, verdict: Verdict.FORWARDED, eventType: { type: 4, subType: i % 6 }, l4: tcp(flags), isReply: reply });
    } else if (kind < 0.7) {
      const verdict = rnd() < 0.7 ? Verdict.FORWARDED : rnd() < 0.6 ? Verdict.REDIRECTED : Verdict.DROPPED;
      push({ ...base, Type: FlowType.L3_L4, verdict, eventType: { type: 5 }, policyMatchType: i % 5, l4: tcp({ SYN: true }), isReply: false, dropReasonDesc: verdict === Verdict.DROPPED ? 133 : 0 });
    } else if (kind < 0.75) {
      push({ ...base, Type: FlowType.L3_L4, verdict: Verdict.DROPPED, eventType: { type: 1, subType: 133 }, dropReasonDesc: 133, l4: tcp({ SYN: true }) });
    } else if (kind < 0.85) {
      const isReply = rnd() < 0.5;
      const qtypes = rnd() < 0.7 ? ["A"] : ["AAAA"];
      const dns = { query: `svc${b}.ns${b % 20}.svc.cluster.local.`, qtypes, rcode: isReply && rnd() < 0.2 ? 3 : 0, ips: isReply ? ["10.1.0.1"] : [], rrtypes: isReply ? qtypes : [] };
      push({ ...base, Type: FlowType.L7, verdict: Verdict.FORWARDED, eventType: { type: 129 }, isReply, l4: { protocol: { case: "UDP", value: { sourcePort: 50000, destinationPort: 53 } } }, l7: { type: isReply ? L7FlowType.RESPONSE : L7FlowType.REQUEST, record: { case: "dns", value: dns } } });
    } else if (kind < 0.98) {
      const isReply = rnd() < 0.5;
      const method = rnd() < 0.8 ? "GET" : "POST";
      const http = { method, url: `http://svc${b}/api`, protocol: "HTTP/1.1", code: isReply ? (rnd() < 0.1 ? 403 : 200) : 0 };
      const latencyNs = BigInt(Math.floor(rnd() * rnd() * 2e9));
      push({ ...base, Type: FlowType.L7, verdict: Verdict.FORWARDED, eventType: { type: 129 }, isReply, l4: tcp({}), l7: { type: isReply ? L7FlowType.RESPONSE : L7FlowType.REQUEST, latencyNs: isReply ? latencyNs : 0n, record: { case: "http", value: http } } });
    } else {
      const reply = rnd() < 0.5;
      push({ ...base, Type: FlowType.L3_L4, verdict: Verdict.FORWARDED, eventType: { type: 4 }, isReply: reply, l4: { protocol: { case: "ICMPv4", value: { type: reply ? 0 : 8, code: 0 } } } });
    }
  }
  return flows;
}

export interface PanelBenchmarkResult {
  readonly flows: number;
  readonly series: number;
  readonly buckets: number;
  /** Mean ms to clear and rebuild the engine from all flows. */
  readonly rebuildMs: number;
  readonly flowsPerSecond: number;
  /** Mean ms to evaluate ALL_PANELS over 15 minutes at 5 s steps (sum across nodes). */
  readonly evaluateAllMs: number;
  /** The same per node. */
  readonly evaluateAllPerNodeMs: number;
  readonly panels: number;
  readonly steps: number;
  /** Series drawn by all panels (sum across nodes), a sanity figure. */
  readonly drawnSeries: number;
}

/** Times a rebuild from `flows` (synthetic when absent) and an evaluation of every panel (mean of `runs`). */
export function benchPanels(flows: Flow[] = syntheticPanelFlows(), runs = 3): PanelBenchmarkResult {
  const engine = new PanelEngine();
  // One warm-up pass so the JIT has compiled the hot path before timing.
  engine.add(flows.slice(0, Math.min(flows.length, 20_000)));
  let start = performance.now();
  for (let r = 0; r < runs; r++) {
    engine.clear();
    engine.add(flows);
  }
  const rebuildMs = (performance.now() - start) / runs;
  const span = engine.span;
  const range = alignedRange(span?.endMs ?? 0, 15 * 60_000, 5000);
  let drawnSeries = 0;
  start = performance.now();
  for (let r = 0; r < runs; r++) {
    drawnSeries = 0;
    for (const panel of ALL_PANELS) drawnSeries += engine.evaluate(panel, range).length;
  }
  const evaluateAllMs = (performance.now() - start) / runs;
  start = performance.now();
  for (let r = 0; r < runs; r++) for (const panel of ALL_PANELS) engine.evaluate(panel, range, "node");
  const evaluateAllPerNodeMs = (performance.now() - start) / runs;
  const { series, buckets } = engine.stats;
  return {
    flows: flows.length,
    series,
    buckets,
    rebuildMs,
    flowsPerSecond: Math.round((flows.length * 1000) / Math.max(rebuildMs, 0.001)),
    evaluateAllMs,
    evaluateAllPerNodeMs,
    panels: ALL_PANELS.length,
    steps: Math.floor((range.endMs - range.startMs) / range.stepMs) + 1,
    drawnSeries,
  };
}
