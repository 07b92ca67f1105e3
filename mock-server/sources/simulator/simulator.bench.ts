// Flow synthesis throughput for the simulator's budget: the shop scenario at stage 5 (every kind
// of event: DNS through the proxy, L7 allow and deny, policy drops) fast-forwarded as fast as
// possible. A plain function, not a test: call benchmarkSimulator() from the bench runner or a
// script. Prints nothing.
import type { GetFlowsResponse } from "../../../src/gen/observer/observer_pb.ts";
import { loadScenario } from "./scenario-load.ts";
import { createSimulator } from "./simulator.ts";

export interface SimulatorBenchmarkOptions {
  /** Built-in scenario or scenario file; default shop. */
  readonly scenario?: string;
  /** Stage to run; default 5. */
  readonly stage?: number;
  /** Generator rate multiplier; default 50, far above a lab's tens of flows per second. */
  readonly rate?: number;
  /** Virtual seconds to synthesize; default 60. */
  readonly virtualSeconds?: number;
  /** Receives every event, e.g. a FlowStore's add to include ingestion; default: discarded. */
  readonly sink?: (event: GetFlowsResponse) => void;
}

export interface SimulatorBenchmarkResult {
  readonly flows: number;
  readonly virtualSeconds: number;
  readonly milliseconds: number;
  /** Flows synthesized per wall-clock second. */
  readonly flowsPerSecond: number;
  /** How many times faster than real time the simulator ran at this rate. */
  readonly speedup: number;
}

/** Synthesizes `virtualSeconds` of the scenario as fast as possible and measures it. */
export function benchmarkSimulator(options: SimulatorBenchmarkOptions = {}): SimulatorBenchmarkResult {
  const virtualSeconds = options.virtualSeconds ?? 60;
  const simulator = createSimulator(loadScenario(options.scenario ?? "shop"), {
    seed: "bench",
    rate: options.rate ?? 50,
    stage: options.stage ?? 5,
    startTime: Date.UTC(2025, 9, 2, 14, 0, 0),
  });
  const sink = options.sink ?? (() => undefined);
  // Warm up the JIT and the policy engine's caches on a few seconds first.
  simulator.runFor(2000, sink);
  const started = performance.now();
  const flows = simulator.runFor(virtualSeconds * 1000, sink);
  const milliseconds = performance.now() - started;
  return { flows, virtualSeconds, milliseconds, flowsPerSecond: flows / (milliseconds / 1000), speedup: virtualSeconds / (milliseconds / 1000) };
}
