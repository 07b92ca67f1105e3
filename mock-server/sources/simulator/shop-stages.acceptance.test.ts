// Integration: the shop simulator's five stages through a StageBook, markers from the simulator's
// own stage records (as the Lab service's WatchStages sends them). Not in src/domain: the
// dependency rule keeps mock-server out of domain tests (place it under mock-server/).
import { describe, expect, it } from "vitest";
import type { Flow } from "../../../src/gen/flow/flow_pb.ts";
import { StageBook } from "../../../src/domain/stages/stage-book.ts";
import { type StageMarker, addMarker, markerOfStageChange } from "../../../src/domain/stages/stage-timeline.ts";
import { LAB_START } from "./lab-harness.ts";
import { stageChangeMessage, stageMessages } from "./lab-service.ts";
import { loadScenario } from "./scenario-load.ts";
import { createSimulator } from "./simulator.ts";

/** Runs the shop ladder, 40 s per stage, into a StageBook whose markers come from the stage records. */
function runShop(): StageBook {
  const simulator = createSimulator(loadScenario("shop"), { seed: 7, rate: 3, startTime: LAB_START });
  const stages = stageMessages(simulator);
  const book = new StageBook();
  let markers: readonly StageMarker[] = [];
  for (let stage = 1; stage <= 5; stage++) {
    const record = stage === 1 ? simulator.history[0]! : simulator.setStage(stage, "test");
    // The marker arrives before the stage's flows, as WatchStages delivers it, so buckets split exactly.
    markers = addMarker(markers, markerOfStageChange(stageChangeMessage(record), stages));
    book.setMarkers(markers);
    const flows: Flow[] = [];
    simulator.runFor(40_000, (event) => {
      if (event.responseTypes.case === "flow") flows.push(event.responseTypes.value);
    });
    book.add(flows);
  }
  return book;
}

const book = runShop();
const names = (rows: readonly { policy: string; source: string }[], source: string) => new Set(rows.filter((r) => r.source === source).map((r) => r.policy));

describe("shop ladder through the StageBook", () => {
  it("has one marker per stage, labelled from the scenario", () => {
    expect(book.markers.map((m) => [m.label, m.source])).toEqual([
      ["1 Allow-All", "simulator"],
      ["2 DNS", "simulator"],
      ["3 L4", "simulator"],
      ["4 L7", "simulator"],
      ["5 Default-Deny", "simulator"],
    ]);
  });

  it("stage 1 names allow-all, and nothing is denied", () => {
    const summary = book.summary(0)!;
    expect(names(summary.allowedBy, "reported")).toEqual(new Set(["allow-all"]));
    expect(summary.allowedBy.filter((r) => r.source === "reported").map((r) => r.direction).toSorted()).toEqual(["egress", "ingress"]);
    expect(summary.deniedBy).toEqual([]);
    expect(summary.verdicts.DROPPED).toBe(0);
  });

  it("stage 5 names allow-frontend-egress and allow-frontend-l7 (and allow-dns), no longer allow-all", () => {
    const summary = book.summary(4)!;
    const allowed = names(summary.allowedBy, "reported");
    for (const name of ["allow-frontend-egress", "allow-frontend-l7", "allow-dns"]) expect(allowed).toContain(name);
    expect(allowed).not.toContain("allow-all");
    expect(names(summary.deniedBy, "inferred")).toEqual(new Set(["default deny: endpoint selected by allow-dns, allow-frontend-egress", "L7 deny: proxy rules of allow-frontend-l7"]));
    expect(new Set(summary.topDrops.map((d) => `${d.target.name} ${d.portLabel} ${d.reason}`))).toEqual(new Set(["example.com 443/TCP POLICY_DENIED", "world 80/TCP POLICY_DENIED", "backend 80/TCP DROP_REASON_UNKNOWN"]));
  });

  it("the diff from stage 4 to 5 shows the world and /get newly dropped", () => {
    const diff = book.diff(3, 4)!;
    expect(new Set(diff.newlyDropped.map((e) => `${e.source.name} → ${e.target.name} ${e.portLabel}`))).toEqual(new Set(["frontend → example.com 443/TCP", "frontend → world 80/TCP", "frontend → backend 80/TCP"]));
    expect(diff.newlyAllowed).toEqual([]);
  });

  it("the diff from stage 1 to 2 shows DNS newly redirected to the proxy", () => {
    const diff = book.diff(0, 1)!;
    expect(diff.newlyRedirected.map((e) => `${e.source.name} → ${e.target.name} ${e.portLabel}`)).toContain("frontend → kube-dns 53/UDP");
    expect(diff.newlyDropped).toEqual([]);
  });
});
