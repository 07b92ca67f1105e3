import { describe, expect, it } from "vitest";
import type { Flow } from "../../gen/flow/flow_pb.ts";
import { parseFlowLines } from "../flow/json-line-decoder.ts";
import { readSample } from "../../testing/node/samples.ts";
import { T0_MS } from "../policy-attribution/attribution-fixtures.ts";
import { StageBook } from "./stage-book.ts";
import { DEFAULT_DENY_AT, EDGE, defaultDenyStage, l7Stage } from "./stage-fixtures.ts";
import { type StageMarker, addMarker } from "./stage-timeline.ts";

const markers = [
  { timeMs: T0_MS, label: "4 L7", source: "simulator" },
  { timeMs: T0_MS + DEFAULT_DENY_AT * 1000, label: "5 Default-Deny", source: "simulator" },
] satisfies StageMarker[];

function book(flows: readonly Flow[], marks: readonly StageMarker[] = markers): StageBook {
  const stages = new StageBook();
  stages.setMarkers(marks);
  stages.add(flows);
  return stages;
}

const rows = (list: readonly { policy: string; source: string }[]) => list.map((r) => `${r.source}: ${r.policy}`);
const ids = (list: readonly { id: string }[]) => list.map((e) => e.id);

describe("StageBook summaries", () => {
  const stages = book([...l7Stage, ...defaultDenyStage]);

  it.each([
    {
      stage: 0,
      flows: 11,
      verdicts: { FORWARDED: 8, DROPPED: 0, REDIRECTED: 3 },
      topDrops: [],
      allowedBy: ["reported: allow-frontend-egress", "reported: allow-frontend-l7", "reported: allow-all", "reported: allow-dns"],
      deniedBy: [],
    },
    {
      stage: 1,
      flows: 10,
      verdicts: { FORWARDED: 5, DROPPED: 3, REDIRECTED: 2 },
      topDrops: [`${EDGE.feExample} POLICY_DENIED ×1`, `${EDGE.feBe} DROP_REASON_UNKNOWN (L7) ×1`],
      allowedBy: ["reported: allow-frontend-egress", "reported: allow-frontend-l7"],
      deniedBy: ["inferred: L7 deny: proxy rules of allow-frontend-l7", "inferred: default deny: endpoint selected by allow-frontend-egress"],
    },
  ])("stage $stage", ({ stage, flows, verdicts, topDrops, allowedBy, deniedBy }) => {
    const summary = stages.summary(stage);
    expect(summary).toBeDefined();
    if (summary === undefined) return;
    expect(summary.flows).toBe(flows);
    expect(summary.verdicts).toMatchObject(verdicts);
    expect(summary.topDrops.map((d) => `${d.edgeId} ${d.reason}${d.l7 ? " (L7)" : ""} ×${d.count}`)).toEqual(topDrops);
    expect(rows(summary.allowedBy)).toEqual(allowedBy);
    expect(rows(summary.deniedBy)).toEqual(deniedBy);
  });

  it("has no stage past the last marker, and summarises any range", () => {
    expect(stages.summary(2)).toBeUndefined();
    expect(stages.summaryOf({ fromMs: Number.NEGATIVE_INFINITY, toMs: T0_MS }).flows).toBe(0);
  });
});

describe("StageBook diffs", () => {
  const stages = book([...l7Stage, ...defaultDenyStage]);
  const brief = (before: number, after: number) => {
    const diff = stages.diff(before, after);
    if (diff === undefined) return undefined;
    return { newlyDropped: ids(diff.newlyDropped), newlyAllowed: ids(diff.newlyAllowed), newlyRedirected: ids(diff.newlyRedirected), gone: ids(diff.gone), appeared: ids(diff.appeared) };
  };

  it.each([
    ["L7 → Default-Deny", 0, 1, { newlyDropped: [EDGE.feBe, EDGE.feExample], newlyAllowed: [], newlyRedirected: [], gone: [EDGE.feDns], appeared: [] }],
    ["Default-Deny → L7", 1, 0, { newlyDropped: [], newlyAllowed: [EDGE.feBe, EDGE.feExample], newlyRedirected: [EDGE.feDns], gone: [], appeared: [EDGE.feDns] }],
    ["a stage with itself", 1, 1, { newlyDropped: [], newlyAllowed: [], newlyRedirected: [], gone: [], appeared: [] }],
    ["a missing stage", 0, 5, undefined],
  ])("%s", (_, before, after, expected) => {
    expect(brief(before, after)).toEqual(expected);
  });

  it("gives the counts behind a change", () => {
    const feBe = stages.diff(0, 1)?.newlyDropped.find((e) => e.id === EDGE.feBe);
    expect(feBe).toMatchObject({ portLabel: "80/TCP", before: { flows: 4, verdicts: { FORWARDED: 4, DROPPED: 0 } }, after: { flows: 4, verdicts: { FORWARDED: 3, DROPPED: 1 } } });
    expect([feBe?.source.name, feBe?.target.name]).toEqual(["frontend", "backend"]);
  });
});

describe("StageBook markers", () => {
  it("cuts buckets at a marker known before the flows, even inside a bucket", () => {
    // 60 s buckets; the boundary at 100 s is not on the grid.
    const stages = new StageBook({ counters: { bucketMs: 60_000 }, attribution: { bucketMs: 60_000 } });
    stages.setMarkers(markers);
    stages.add([...l7Stage, ...defaultDenyStage]);
    expect([stages.summary(0)?.flows, stages.summary(1)?.flows]).toEqual([11, 10]);
  });

  it("keeps the markers and forgets the counts on clear", () => {
    const stages = book([...l7Stage, ...defaultDenyStage]);
    stages.clear();
    expect(stages.markers).toEqual(markers);
    expect(stages.summary(1)).toMatchObject({ flows: 0, topDrops: [], allowedBy: [], deniedBy: [] });
  });

  it("summarises the recorded samples split by a user marker", () => {
    const flows = parseFlowLines(readSample("basic-sample-400-tcp-flows.jsonl"), "tcp").events.flatMap((e) => (e.event.responseTypes.case === "flow" ? [e.event.responseTypes.value] : []));
    const middle = Date.parse("2021-11-10T10:40:58.400Z");
    const marks = [{ timeMs: Date.parse("2021-11-10T00:00:00Z"), label: "morning", source: "user" as const }, { timeMs: middle, label: "later", source: "user" as const }].reduce<readonly StageMarker[]>(addMarker, []);
    const stages = book(flows, marks);
    const [first, second] = [stages.summary(0), stages.summary(1)];
    expect((first?.flows ?? 0) + (second?.flows ?? 0)).toBe(400);
    expect(first?.flows).toBe(flows.filter((f) => Number(f.time?.seconds ?? 0n) * 1000 + Math.floor((f.time?.nanos ?? 0) / 1e6) < middle).length);
    expect([first?.flows, second?.flows].every((n) => (n ?? 0) > 100)).toBe(true);
    expect([first?.verdicts.DROPPED, second?.verdicts.DROPPED]).toEqual([0, 0]);
    expect(first?.allowedBy.every((r) => r.source === "inferred" && r.inference?.reason === "unnamed-allow")).toBe(true);
  });
});
