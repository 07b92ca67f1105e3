// observatory.lab.v1.Lab over a simulator: the scenario and its stages (GetLab), stage control
// (SetStage, INVALID_ARGUMENT for a stage that does not exist) and a stream of stage changes
// (WatchStages: the current state first, then every change). Times are on the simulator clock,
// the same clock as the flows, so stage markers line up with flow time.
import { create } from "@bufbuild/protobuf";
import { TimestampSchema, type Timestamp } from "@bufbuild/protobuf/wkt";
import { Code, ConnectError, type ConnectRouter, type HandlerContext } from "@connectrpc/connect";
import { GetLabResponseSchema, Lab, SetStageResponseSchema, StageChangeSchema, type Stage, type StageChange } from "../../../src/gen/observatory/lab/v1/lab_pb.ts";
import { InvalidStageError, type Simulator, type StageRecord } from "./simulator.ts";

function timestampOf(ms: number): Timestamp {
  const us = Math.round(ms * 1000);
  return create(TimestampSchema, { seconds: BigInt(Math.floor(us / 1e6)), nanos: (us % 1e6) * 1000 });
}

/** A stage record as the proto message. */
export function stageChangeMessage(record: StageRecord): StageChange {
  return create(StageChangeSchema, { stage: record.stage, time: timestampOf(record.timeMs), cause: record.cause });
}

/** The scenario's stages with the policies each leaves in force (and where, when not everywhere). */
export function stageMessages(simulator: Simulator): Stage[] {
  const { spec, stagePolicies } = simulator.scenario;
  const allClusters = spec.clusters.map((c) => c.name);
  return spec.stages.map((stage, i) => {
    const where = new Map<string, { name: string; namespace: string; kind: string; clusters: string[] }>();
    for (const [cluster, state] of stagePolicies[i] ?? new Map()) {
      for (const { policy } of state.policies) {
        const key = `${policy.kind}/${policy.namespace}/${policy.name}`;
        const entry = where.get(key) ?? { name: policy.name, namespace: policy.namespace, kind: policy.kind, clusters: [] };
        entry.clusters.push(cluster);
        where.set(key, entry);
      }
    }
    const policies = [...where.values()].map((p) => ({ ...p, clusters: p.clusters.length === allClusters.length ? [] : p.clusters }));
    return { $typeName: "observatory.lab.v1.Stage", number: i + 1, name: stage.name, description: stage.description, policies: policies.map((p) => ({ $typeName: "observatory.lab.v1.PolicyRef", ...p })), apply: [...stage.apply], delete: [...stage.delete] };
  });
}

/** Streams the current stage, then each change, until the client goes away. */
async function* watch(simulator: Simulator, context: HandlerContext): AsyncGenerator<StageChange> {
  const pending: StageRecord[] = [simulator.history.at(-1) ?? { stage: simulator.stage, timeMs: simulator.now(), cause: "start" }];
  let wake: (() => void) | undefined;
  const unsubscribe = simulator.onStageChange((change) => {
    pending.push(change);
    wake?.();
  });
  const aborted = new Promise<void>((resolve) => context.signal.addEventListener("abort", () => resolve(), { once: true }));
  try {
    while (!context.signal.aborted) {
      const next = pending.shift();
      if (next !== undefined) {
        yield stageChangeMessage(next);
        continue;
      }
      await Promise.race([new Promise<void>((resolve) => (wake = resolve)), aborted]);
      wake = undefined;
    }
  } finally {
    unsubscribe();
  }
}

/** Registers observatory.lab.v1.Lab for `simulator`; pass it as startServer's `extraRoutes`. */
export function labRoutes(simulator: Simulator): (router: ConnectRouter) => void {
  return (router) =>
    router.service(Lab, {
      getLab: () =>
        create(GetLabResponseSchema, {
          scenario: simulator.scenario.spec.name,
          description: simulator.scenario.spec.description,
          stages: stageMessages(simulator),
          currentStage: simulator.stage,
          history: simulator.history.map(stageChangeMessage),
          clusters: simulator.scenario.spec.clusters.map((c) => c.name),
        }),
      setStage: (request) => {
        try {
          return create(SetStageResponseSchema, { change: stageChangeMessage(simulator.setStage(request.stage, "api")) });
        } catch (error) {
          if (error instanceof InvalidStageError) throw new ConnectError(error.message, Code.InvalidArgument);
          throw error;
        }
      },
      watchStages: (_request, context) => watch(simulator, context),
    });
}
