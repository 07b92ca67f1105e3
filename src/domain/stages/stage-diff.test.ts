import { create } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { EndpointSchema } from "../../gen/flow/flow_pb.ts";
import { type VerdictCounts, zeroVerdicts } from "../aggregation/service-map/graph-model.ts";
import { endpointNode } from "../aggregation/service-map/endpoint-node.ts";
import type { EdgeRangeCounts } from "./stage-counters.ts";
import { type EdgeChange, type EdgeStageCounts, diffStages, edgeChanges } from "./stage-diff.ts";

/** Counts from a verdict mix; `redirected` defaults to the REDIRECTED count. */
function counts(mix: Partial<VerdictCounts>, redirected = mix.REDIRECTED ?? 0): EdgeStageCounts {
  const verdicts = { ...zeroVerdicts(), ...mix };
  const flows = Object.values(verdicts).reduce((a, b) => a + b, 0);
  return { flows, verdicts, redirected };
}
const none = counts({});

describe("edgeChanges", () => {
  it.each<[string, EdgeStageCounts, EdgeStageCounts, EdgeChange[]]>([
    ["unchanged forwarding", counts({ FORWARDED: 5 }), counts({ FORWARDED: 9 }), []],
    ["forwarded, then dropped (default deny)", counts({ FORWARDED: 5 }), counts({ DROPPED: 3 }), ["newly-dropped"]],
    ["forwarded, then partly dropped (an L7 rule)", counts({ FORWARDED: 5 }), counts({ FORWARDED: 3, DROPPED: 1 }), ["newly-dropped"]],
    ["an ERROR counts as blocked", counts({ FORWARDED: 5 }), counts({ ERROR: 1 }), ["newly-dropped"]],
    ["dropped, then forwarded", counts({ DROPPED: 2 }), counts({ FORWARDED: 4 }), ["newly-allowed"]],
    ["mixed, then clean", counts({ DROPPED: 2, FORWARDED: 1 }), counts({ FORWARDED: 4 }), ["newly-allowed"]],
    ["dropped, still partly dropped", counts({ DROPPED: 2 }), counts({ FORWARDED: 4, DROPPED: 1 }), []],
    ["dropped, then audited (would be dropped) passes", counts({ DROPPED: 2 }), counts({ AUDIT: 2 }), ["newly-allowed"]],
    ["forwarded, then redirected by a policy verdict", counts({ FORWARDED: 5 }), counts({ FORWARDED: 5 }, 2), ["newly-redirected"]],
    ["redirected in both", counts({ FORWARDED: 5 }, 1), counts({ FORWARDED: 5 }, 2), []],
    ["gone", counts({ FORWARDED: 5 }), none, ["gone"]],
    ["dropped, then gone", counts({ DROPPED: 5 }), none, ["gone"]],
    ["appeared", none, counts({ FORWARDED: 1 }), ["appeared"]],
    ["appeared dropped", none, counts({ DROPPED: 1 }), ["newly-dropped", "appeared"]],
    ["appeared redirected", none, counts({ REDIRECTED: 1 }), ["newly-redirected", "appeared"]],
    ["nothing in either", none, none, []],
  ])("%s", (_, before, after, expected) => {
    expect(edgeChanges(before, after)).toEqual(expected);
  });
});

const node = (name: string) => endpointNode(create(EndpointSchema, { identity: 300, namespace: "shop", labels: [`k8s:app=${name}`] }), { names: [], ip: "", nodeName: "", worldByAddress: false });
/** An edge a → `id` with the given counts. */
const edge = (id: string, c: EdgeStageCounts): EdgeRangeCounts => ({ id, source: node("a"), target: node(id), portLabel: "80/TCP", ...c });
const stage = (...edges: EdgeRangeCounts[]) => new Map(edges.map((e) => [e.id, e]));
const ids = (list: readonly { id: string }[]) => list.map((e) => e.id);

describe("diffStages", () => {
  const before = stage(edge("steady", counts({ FORWARDED: 9 })), edge("blocked", counts({ FORWARDED: 4 })), edge("small", counts({ FORWARDED: 1 })), edge("old", counts({ FORWARDED: 2 })), edge("denied", counts({ DROPPED: 3 })));
  const after = stage(edge("steady", counts({ FORWARDED: 9 })), edge("blocked", counts({ DROPPED: 2 })), edge("small", counts({ DROPPED: 7 })), edge("denied", counts({ FORWARDED: 3 }, 3)), edge("fresh", counts({ FORWARDED: 1 })));
  it("sorts changed edges into their lists, busiest first, with both stages' counts", () => {
    const diff = diffStages(before, after);
    expect({
      newlyDropped: ids(diff.newlyDropped),
      newlyAllowed: ids(diff.newlyAllowed),
      newlyRedirected: ids(diff.newlyRedirected),
      gone: ids(diff.gone),
      appeared: ids(diff.appeared),
    }).toEqual({ newlyDropped: ["small", "blocked"], newlyAllowed: ["denied"], newlyRedirected: ["denied"], gone: ["old"], appeared: ["fresh"] });
    expect(diff.newlyAllowed[0]).toMatchObject({ before: { flows: 3, verdicts: { DROPPED: 3 } }, after: { flows: 3, redirected: 3 }, changes: ["newly-allowed", "newly-redirected"] });
    expect(diff.gone[0]?.after).toEqual(none);
  });

  it("is the mirror image the other way round", () => {
    const diff = diffStages(after, before);
    expect([ids(diff.newlyDropped), ids(diff.newlyAllowed), ids(diff.gone), ids(diff.appeared)]).toEqual([["denied"], ["blocked", "small"], ["fresh"], ["old"]]);
  });

  it("finds nothing between a stage and itself", () => {
    expect(diffStages(before, before)).toEqual({ newlyDropped: [], newlyAllowed: [], newlyRedirected: [], gone: [], appeared: [] });
  });
});
