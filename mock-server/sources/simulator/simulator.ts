// The lab simulator: a scenario's topology, its traffic generators and its policy stages on a
// virtual clock, emitting GetFlowsResponse events in time order. Live mode (`start`) moves the
// clock with wall time; tests fast-forward it (`runFor`). Everything random comes from the seed,
// and events are ordered by (virtual time, creation order), so the same seed, start time, rate
// and stage changes give a byte-identical flow stream however the clock is advanced.
import type { Flow } from "../../../src/gen/flow/flow_pb.ts";
import type { GetFlowsResponse } from "../../../src/gen/observer/observer_pb.ts";
import type { PolicyRef } from "../../../src/domain/policy/types.ts";
import { EventQueue } from "./event-queue.ts";
import { FlowFactory, flowResponse } from "./flow-factory.ts";
import { createRng, type Rng } from "./rng.ts";
import type { Scenario, TrafficSpec } from "./scenario-types.ts";
import { FqdnCache, type ClusterPolicy, type SynthContext } from "./synth-context.ts";
import { buildTopology, type ClusterModel, type NodeModel, type PodModel, type Topology } from "./topology.ts";
import { runTraffic } from "./traffic.ts";
import { Wire } from "./wire.ts";

export interface SimulatorOptions {
  /** Seed of every random choice; default 1. */
  readonly seed?: string | number;
  /** Multiplies every generator's rate (`--rate`); default 1. */
  readonly rate?: number;
  /** Stage in force at the start (1-based); default 1. */
  readonly stage?: number;
  /** Virtual time at the start, in ms since the epoch; default the wall clock now. */
  readonly startTime?: number;
  /** Wall clock in ms for live mode; default Date.now. */
  readonly clock?: () => number;
  /** Live mode advances the virtual clock this often (ms); default 100. */
  readonly tickMs?: number;
}

/** A stage change: which stage, when (virtual ms since the epoch, µs precision) and why. */
export interface StageRecord {
  readonly stage: number;
  readonly timeMs: number;
  /** "start", "api", "schedule", … */
  readonly cause: string;
}

export type FlowSink = (event: GetFlowsResponse) => void;

/** Thrown by setStage for a stage the scenario does not have. */
export class InvalidStageError extends RangeError {
  override readonly name = "InvalidStageError";
}

export interface Simulator {
  readonly scenario: Scenario;
  readonly topology: Topology;
  /** The stage in force. */
  readonly stage: number;
  /** Every stage change so far, the first one with cause "start". */
  readonly history: readonly StageRecord[];
  /** Virtual time in ms since the epoch. */
  now(): number;
  /** Live mode: emits to `sink` as the wall clock moves the virtual clock. */
  start(sink: FlowSink): void;
  stop(): void;
  /** Fast-forwards `virtualMs` as fast as possible; emits to `sink` (or the live sink). Returns the number of events. */
  runFor(virtualMs: number, sink?: FlowSink): number;
  /** Moves to stage n (applies exactly stages 1..n's changes) at the current virtual time. */
  setStage(stage: number, cause: string): StageRecord;
  onStageChange(listener: (change: StageRecord) => void): () => void;
}

type Item = { readonly kind: "flow"; readonly flow: Flow } | { readonly kind: "traffic"; readonly spec: TrafficSpec; readonly cluster: ClusterModel; readonly clients: readonly PodModel[] };

/** Creates a simulator for a loaded scenario (see loadScenario). */
export function createSimulator(scenario: Scenario, options: SimulatorOptions = {}): Simulator {
  const spec = scenario.spec;
  const seed = options.seed ?? 1;
  const root = createRng(seed);
  const topology = buildTopology(spec, root.fork("topology"));
  const rng: Rng = root.fork("traffic");
  const clock = options.clock ?? Date.now;
  const rateScale = options.rate ?? 1;
  const startUs = Math.round((options.startTime ?? clock()) * 1000);
  let nowUs = startUs;
  let stage = options.stage ?? 1;
  const checkStage = (n: number): void => {
    if (!Number.isInteger(n) || n < 1 || n > spec.stages.length) throw new InvalidStageError(`stage ${n} does not exist: scenario ${spec.name} has stages 1 to ${spec.stages.length}`);
  };
  checkStage(stage);
  const history: StageRecord[] = [{ stage, timeMs: startUs / 1000, cause: "start" }];
  const listeners = new Set<(change: StageRecord) => void>();
  const queue = new EventQueue<Item>();
  const factory = new FlowFactory(rng.fork("flows"), spec.cilium.version);
  const proxyPorts = new Map<string, number>();
  const portRng = root.fork("proxy-ports");
  const revisions = new Map<string, ReadonlyMap<string, number>>();

  const policy = (cluster: ClusterModel): ClusterPolicy => {
    const state = scenario.stagePolicies[stage - 1]?.get(cluster.name);
    const key = `${stage}/${cluster.name}`;
    let byName = revisions.get(key);
    if (byName === undefined) {
      byName = new Map((state?.policies ?? []).map((p) => [`${p.policy.kind}/${p.policy.namespace}/${p.policy.name}`, p.revision]));
      revisions.set(key, byName);
    }
    const lookup = byName;
    return {
      set: state?.set ?? { policies: [], rules: [] },
      revisionOf: (ref: PolicyRef) => lookup.get(`${ref.kind}/${ref.namespace}/${ref.name}`) ?? 0,
    };
  };

  const ctx: SynthContext = {
    factory,
    wire: new Wire(factory, (us, flow) => queue.push(us, { kind: "flow", flow }), spec.cilium, rng.fork("wire")),
    rng,
    settings: spec.cilium,
    dns: spec.dns,
    topology,
    names: new FqdnCache(),
    emit: (us, flow) => queue.push(us, { kind: "flow", flow }),
    policy,
    proxyPort: (node: NodeModel, kind: string) => {
      const key = `${node.nodeName}/${kind}`;
      let port = proxyPorts.get(key);
      if (port === undefined) {
        port = portRng.int(10000, 20000);
        proxyPorts.set(key, port);
      }
      return port;
    },
    ephemeralPort: () => rng.int(32768, 60999),
  };

  const intervalUs = (generator: TrafficSpec): number => 1e6 / (generator.rate * rateScale);
  for (const generator of spec.traffic) {
    if (generator.rate * rateScale <= 0) continue;
    for (const cluster of topology.clusters) {
      if (generator.clusters !== undefined && !generator.clusters.includes(cluster.name)) continue;
      const clients = cluster.pods.filter((pod) => pod.namespace === generator.from.namespace && pod.workload.name === generator.from.name);
      if (clients.length === 0) continue;
      queue.push(startUs + Math.round(rng.float() * intervalUs(generator)), { kind: "traffic", spec: generator, cluster, clients });
    }
  }

  const advanceTo = (targetUs: number, sink: FlowSink | undefined): number => {
    let count = 0;
    while (queue.peekTime() <= targetUs) {
      const next = queue.pop();
      if (next === undefined) break;
      nowUs = Math.max(nowUs, next.at);
      const item = next.item;
      if (item.kind === "flow") {
        sink?.(flowResponse(item.flow));
        count++;
        continue;
      }
      if (item.spec.stages === undefined || item.spec.stages.includes(stage)) {
        runTraffic(ctx, item.spec, item.cluster, rng.pick(item.clients), next.at);
      }
      queue.push(next.at + Math.round(intervalUs(item.spec) * (0.8 + 0.4 * rng.float())), item);
    }
    nowUs = Math.max(nowUs, targetUs);
    return count;
  };

  let liveSink: FlowSink | undefined;
  let timer: ReturnType<typeof setInterval> | undefined;
  let wallStart = 0;
  let virtualAtWallStart = 0;
  const liveTarget = (): number => virtualAtWallStart + Math.round((clock() - wallStart) * 1000);

  return {
    scenario,
    topology,
    get stage() {
      return stage;
    },
    history,
    now: () => nowUs / 1000,
    start(sink) {
      if (timer !== undefined) throw new Error("the simulator is already running");
      liveSink = sink;
      wallStart = clock();
      virtualAtWallStart = nowUs;
      timer = setInterval(() => advanceTo(liveTarget(), liveSink), options.tickMs ?? 100);
      timer.unref?.();
    },
    stop() {
      if (timer !== undefined) clearInterval(timer);
      timer = undefined;
    },
    runFor(virtualMs, sink) {
      if (timer !== undefined) throw new Error("runFor is for a stopped simulator; it is running live");
      return advanceTo(nowUs + Math.round(virtualMs * 1000), sink ?? liveSink);
    },
    setStage(next, cause) {
      checkStage(next);
      // In live mode, catch up first so the change is stamped with the time it really happened.
      if (timer !== undefined) advanceTo(liveTarget(), liveSink);
      stage = next;
      const change: StageRecord = { stage: next, timeMs: nowUs / 1000, cause };
      history.push(change);
      for (const listener of listeners) listener(change);
      return change;
    },
    onStageChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
