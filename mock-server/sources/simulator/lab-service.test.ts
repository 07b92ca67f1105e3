// observatory.lab.v1.Lab over a real socket (gRPC over h2c): GetLab, SetStage (forward, back,
// INVALID_ARGUMENT), WatchStages (current state first, then each change), and that moving back
// to a stage applies exactly stages 1..n, as the flows show.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Code, ConnectError } from "@connectrpc/connect";
import type { StageChange } from "../../../src/gen/observatory/lab/v1/lab_pb.ts";
import { allowedBy, LAB_START, startLab, type LabHarness } from "./lab-harness.ts";

let lab: LabHarness;
beforeAll(async () => {
  lab = await startLab("shop", { seed: 11 });
});
afterAll(() => lab.close());

const ms = (change: StageChange | undefined) => Number(change?.time?.seconds ?? 0n) * 1000 + (change?.time?.nanos ?? 0) / 1e6;

describe("Lab service", () => {
  it("GetLab describes the scenario, its stages and the start", async () => {
    const response = await lab.lab.getLab({});
    expect(response.scenario).toBe("shop");
    expect(response.clusters).toEqual(["cluster1", "cluster2"]);
    expect(response.stages.map((s) => `${s.number} ${s.name}`)).toEqual(["1 Allow-All", "2 DNS", "3 L4", "4 L7", "5 Default-Deny"]);
    expect(response.currentStage).toBe(1);
    expect(response.history.map((h) => [h.stage, h.cause, ms(h)])).toEqual([[1, "start", LAB_START]]);
    const stage4 = response.stages[3];
    expect(stage4?.apply).toEqual(["policies/shop/allow-frontend-l7.yaml"]);
    expect(stage4?.delete).toEqual(["shop/allow-frontend-to-backend"]);
    expect(stage4?.policies.map((p) => `${p.namespace}/${p.name} (${p.kind}) [${p.clusters.join()}]`)).toEqual([
      "shop/allow-all (CiliumNetworkPolicy) []",
      "shop/allow-dns (CiliumNetworkPolicy) []",
      "shop/allow-frontend-egress (CiliumNetworkPolicy) []",
      "shop/allow-frontend-l7 (CiliumNetworkPolicy) []",
    ]);
    expect(response.stages[4]?.policies.map((p) => p.name)).toEqual(["allow-dns", "allow-frontend-egress", "allow-frontend-l7", "default-deny"]);
  });

  it("WatchStages sends the current state, then every SetStage with the simulator time and cause", async () => {
    const abort = new AbortController();
    const stream = lab.lab.watchStages({}, { signal: abort.signal })[Symbol.asyncIterator]();
    const first = await stream.next();
    expect([first.value?.stage, first.value?.cause]).toEqual([1, "start"]);
    lab.simulator.runFor(5000);
    const set = await lab.lab.setStage({ stage: 5 });
    expect([set.change?.stage, set.change?.cause, ms(set.change)]).toEqual([5, "api", LAB_START + 5000]);
    const second = await stream.next();
    expect([second.value?.stage, second.value?.cause, ms(second.value)]).toEqual([5, "api", LAB_START + 5000]);
    lab.simulator.runFor(1000);
    await lab.lab.setStage({ stage: 2 });
    const third = await stream.next();
    expect([third.value?.stage, ms(third.value)]).toEqual([2, LAB_START + 6000]);
    abort.abort();
    await expect(stream.next()).rejects.toThrow();
    const response = await lab.lab.getLab({});
    expect(response.currentStage).toBe(2);
    expect(response.history.map((h) => h.stage)).toEqual([1, 5, 2]);
  });

  it.each([0, 6, 99])("SetStage(%i) fails with INVALID_ARGUMENT and changes nothing", async (stage) => {
    const before = lab.simulator.stage;
    const error = await lab.lab.setStage({ stage }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectError);
    expect((error as ConnectError).code).toBe(Code.InvalidArgument);
    expect((error as ConnectError).rawMessage).toMatch(/stages 1 to 5/);
    expect(lab.simulator.stage).toBe(before);
  });

  it("going back from stage 5 to stage 2 restores allow-all and allow-dns only", async () => {
    await lab.lab.setStage({ stage: 5 });
    lab.simulator.runFor(10_000, (event) => lab.server.store.add(event));
    await lab.lab.setStage({ stage: 2 });
    const window = lab.runStage(2, 20);
    const verdicts = await lab.flows(window, { eventType: [{ type: 5 }], sourceLabel: ["k8s:app=frontend"] });
    expect(verdicts.length).toBeGreaterThan(0);
    expect(new Set(verdicts.flatMap((f) => [...allowedBy(f, "ingress"), ...allowedBy(f, "egress")]))).toEqual(new Set(["allow-all", "allow-dns"]));
  });
});
