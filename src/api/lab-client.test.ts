import { describe, expect, it } from "vitest";
import { create } from "@bufbuild/protobuf";
import { Code, ConnectError, createClient, createRouterTransport } from "@connectrpc/connect";
import { Lab, type StageChange, StageChangeSchema } from "../gen/observatory/lab/v1/lab_pb.ts";
import { isNoLab, retryDelay, retryGetLab, StageWatch, type StageWatchState } from "./lab-client.ts";

const change = (stage: number) => create(StageChangeSchema, { stage, cause: "api" });

/** A Lab whose WatchStages sends `perStream[i]` on the i-th call, then fails with `endWith`. */
function labServer(perStream: number[][], endWith: Code) {
  let calls = 0;
  const transport = createRouterTransport(({ service }) =>
    service(Lab, {
      async *watchStages() {
        const stages = perStream[calls++] ?? [];
        for (const stage of stages) yield change(stage);
        throw new ConnectError("watch ends", endWith);
      },
    }),
  );
  return { client: createClient(Lab, transport), calls: () => calls };
}

function watch(client: ReturnType<typeof labServer>["client"], stopAfter: number) {
  const stages: number[] = [];
  const states: StageWatchState["kind"][] = [];
  const w = new StageWatch(
    client,
    {
      change: (c: StageChange) => {
        stages.push(c.stage);
        if (stages.length >= stopAfter) w.stop();
      },
      state: (s) => states.push(s.kind),
    },
    { minRetryMs: 1, maxRetryMs: 2, random: () => 0.5 },
  );
  return w.run().then(() => ({ stages, states }));
}

describe("StageWatch", () => {
  it("reconnects after a broken stream and keeps delivering changes", async () => {
    const server = labServer([[1, 2], [2, 3]], Code.Unavailable);
    const { stages, states } = await watch(server.client, 4);
    expect(stages).toEqual([1, 2, 2, 3]);
    expect(states).toEqual(["connecting", "watching", "retrying", "connecting", "watching", "stopped"]);
    expect(server.calls()).toBe(2);
  });

  it("stops for good when the server has no Lab service", async () => {
    const server = labServer([[]], Code.Unimplemented);
    const { stages, states } = await watch(server.client, 1);
    expect(stages).toEqual([]);
    expect(states).toEqual(["connecting", "failed"]);
  });
});

describe("lab errors", () => {
  it.each([
    [Code.Unimplemented, true, false],
    [Code.NotFound, true, false],
    [Code.InvalidArgument, false, false],
    [Code.Unavailable, false, true],
    [Code.Unknown, false, true],
  ])("code %s: no lab %s, retried %s", (code, noLab, retried) => {
    const error = new ConnectError("x", code);
    expect(isNoLab(error)).toBe(noLab);
    expect(retryGetLab(0, error)).toBe(retried);
  });

  it("gives up on transient errors after three failures", () => {
    expect(retryGetLab(3, new ConnectError("x", Code.Unavailable))).toBe(false);
  });
});

describe("retryDelay", () => {
  it.each([
    [0, 0.5, 1000],
    [1, 0.5, 2000],
    [3, 0.5, 8000],
    [10, 0.5, 30000],
    [0, 0, 800],
    [0, 1, 1200],
  ])("attempt %i, random %f → %i ms", (attempt, random, expected) => {
    expect(retryDelay(attempt, 1000, 30_000, () => random)).toBe(expected);
  });
});
