// Test support for the acceptance tests: a real server on an ephemeral port fed by a simulator
// on a fast-forwarded virtual clock, with the Lab routes, and helpers that read flows back over
// gRPC (GetFlows) the way the dashboard or `hubble observe` would. Not a test file itself.
import { create, type MessageInitShape } from "@bufbuild/protobuf";
import { TimestampSchema, type Timestamp } from "@bufbuild/protobuf/wkt";
import { createClient, type Client } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import type { Flow, FlowFilterSchema } from "../../../src/gen/flow/flow_pb.ts";
import { Observer } from "../../../src/gen/observer/observer_pb.ts";
import { Lab } from "../../../src/gen/observatory/lab/v1/lab_pb.ts";
import { formatCompactLine } from "../../../src/domain/flow/compact-line.ts";
import { formatFlowLine } from "../../../src/domain/flow/json-line-writer.ts";
import { flowResponse } from "./flow-factory.ts";
import { labRoutes } from "./lab-service.ts";
import { loadScenario } from "./scenario-load.ts";
import { createSimulator, type Simulator, type SimulatorOptions } from "./simulator.ts";
import { startServer, type RunningServer } from "../../server/start.ts";

/** The seed's date (seed 002 ran on Oct 2, 2025). */
export const LAB_START = Date.UTC(2025, 9, 2, 14, 0, 0);

/** A window of virtual time in which one stage ran. */
export interface StageWindow {
  readonly stage: number;
  readonly fromMs: number;
  readonly toMs: number;
}

export interface LabHarness {
  readonly simulator: Simulator;
  readonly server: RunningServer;
  readonly observer: Client<typeof Observer>;
  readonly lab: Client<typeof Lab>;
  /** Moves to `stage` (unless it is in force already), runs `seconds` of virtual time and returns the window after a settle time. */
  runStage(stage: number, seconds: number): StageWindow;
  /** Flows of a window read back with GetFlows, with optional filters (whitelist entries). */
  flows(window: StageWindow, ...filters: MessageInitShape<typeof FlowFilterSchema>[]): Promise<Flow[]>;
  close(): Promise<void>;
}

/** Connections still in flight when a stage changes keep the old verdicts (SYN retries last 3 s). */
const SETTLE_MS = 4000;

function timestamp(ms: number): Timestamp {
  return create(TimestampSchema, { seconds: BigInt(Math.floor(ms / 1000)), nanos: Math.round((ms % 1000) * 1e6) });
}

/** Starts a server fed by a simulator of the built-in scenario `name`. */
export async function startLab(name: string, options: SimulatorOptions = {}): Promise<LabHarness> {
  const simulator = createSimulator(loadScenario(name), { seed: 7, rate: 3, startTime: LAB_START, ...options });
  const server = await startServer({ host: "127.0.0.1", port: 0, buffer: 262_143, corsOrigins: [], uiDir: "dist", extraRoutes: labRoutes(simulator) });
  const transport = createGrpcTransport({ baseUrl: server.url });
  const observer = createClient(Observer, transport);
  return {
    simulator,
    server,
    observer,
    lab: createClient(Lab, transport),
    runStage(stage, seconds) {
      const change = simulator.stage === stage ? simulator.history.at(-1) : simulator.setStage(stage, "test");
      simulator.runFor(seconds * 1000, (event) => server.store.add(event));
      return { stage, fromMs: (change?.timeMs ?? simulator.now()) + SETTLE_MS, toMs: simulator.now() - SETTLE_MS };
    },
    async flows(window, ...filters) {
      const out: Flow[] = [];
      const request = { since: timestamp(window.fromMs), until: timestamp(window.toMs), whitelist: filters };
      for await (const response of observer.getFlows(request)) {
        if (response.responseTypes.case === "flow") out.push(response.responseTypes.value);
      }
      return out;
    },
    close: () => server.close(),
  };
}

/** The compact line without the time, as `hubble observe` prints it after the colon. */
export function compact(flow: Flow): string {
  const line = formatCompactLine(flow) ?? "";
  return line.slice(line.indexOf(": ") + 2);
}

/** The flow as a parsed `hubble observe -o jsonpb` object (`{flow: {...}}`). */
export function jsonpb(flow: Flow): { flow: Record<string, unknown> } {
  return JSON.parse(formatFlowLine(flowResponse(flow))) as { flow: Record<string, unknown> };
}

/** Names of a flow's `*_allowed_by` list in the jsonpb form, as the lab's jq prints them. */
export function allowedBy(flow: Flow, direction: "ingress" | "egress"): string[] {
  const list = jsonpb(flow).flow[`${direction}_allowed_by`] as { name: string }[] | undefined;
  return (list ?? []).map((policy) => policy.name);
}

/** Flows observed in one cluster (node names are `cluster/node` in multi-cluster scenarios). */
export function inCluster(flows: readonly Flow[], cluster: string): Flow[] {
  return flows.filter((flow) => flow.nodeName.startsWith(`${cluster}/`));
}
