// Resuming a GetFlows stream: `since` is the newest flow forwarded, and at that
// boundary the flows already forwarded are dropped while new flows with the
// same timestamp go through.
import { create } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { type GetFlowsResponse, GetFlowsResponseSchema } from "../../gen/observer/observer_pb.ts";
import { LostEventSource } from "../../gen/flow/flow_pb.ts";
import { eventTime, flowKey, ResumeCursor } from "./resume-cursor.ts";

const ts = (seconds: number, nanos = 0) => ({ seconds: BigInt(seconds), nanos });

function flow(uuid: string, seconds: number, nanos = 0): GetFlowsResponse {
  const time = ts(seconds, nanos);
  return create(GetFlowsResponseSchema, {
    responseTypes: { case: "flow", value: { uuid, time, nodeName: "k8s1" } },
    nodeName: "k8s1",
    time,
  });
}

function lost(seconds: number): GetFlowsResponse {
  return create(GetFlowsResponseSchema, {
    responseTypes: { case: "lostEvents", value: { source: LostEventSource.HUBBLE_RING_BUFFER, numEventsLost: 3n } },
    time: ts(seconds),
  });
}

/** Forwards what the cursor admits, as the connection does. */
function pass(cursor: ResumeCursor, responses: GetFlowsResponse[]): string[] {
  const out: string[] = [];
  for (const response of responses) {
    const time = response.time ? eventTime(response.time) : undefined;
    if (!cursor.admit(response, time)) continue;
    const body = response.responseTypes;
    if (body.case === "flow" && body.value.time) cursor.forwarded(body.value, body.value.time);
    out.push(body.case === "flow" ? body.value.uuid : `lost@${String(response.time?.seconds)}`);
  }
  return out;
}

describe("ResumeCursor", () => {
  it("asks for the backlog first, then for everything since the newest flow forwarded", () => {
    const cursor = new ResumeCursor();
    expect(cursor.startStream()).toBeUndefined();
    pass(cursor, [flow("a", 10), flow("b", 12), flow("c", 11)]);
    expect(cursor.startStream()).toMatchObject(ts(12));
  });

  it("drops repeats at the boundary and keeps new flows with the same timestamp", () => {
    const cursor = new ResumeCursor();
    cursor.startStream();
    expect(pass(cursor, [flow("a", 10), flow("b", 11, 5), flow("c", 11, 5)])).toEqual(["a", "b", "c"]);
    expect(cursor.startStream()).toMatchObject(ts(11, 5));
    // The relay answers `since` inclusively: b and c again, then d at the same nanosecond, then e.
    expect(pass(cursor, [flow("b", 11, 5), flow("c", 11, 5), flow("d", 11, 5), flow("e", 12)])).toEqual(["d", "e"]);
  });

  it("drops anything older than since from a server that ignores it, but never new notices", () => {
    const cursor = new ResumeCursor();
    cursor.startStream();
    pass(cursor, [flow("a", 10), flow("b", 20)]);
    cursor.startStream();
    expect(pass(cursor, [flow("a", 10), lost(15), flow("b", 20), lost(30), flow("c", 21)])).toEqual(["lost@30", "c"]);
  });

  it("resumes from the same boundary again when a resumed stream fails before anything new", () => {
    const cursor = new ResumeCursor();
    cursor.startStream();
    pass(cursor, [flow("a", 10)]);
    cursor.startStream();
    expect(pass(cursor, [flow("a", 10)])).toEqual([]);
    expect(cursor.startStream()).toMatchObject(ts(10));
    expect(pass(cursor, [flow("a", 10), flow("b", 10)])).toEqual(["b"]);
  });

  it("keys flows by uuid, or by their whole encoding when they have none", () => {
    const a = flow("", 10);
    const b = flow("", 10);
    if (a.responseTypes.case !== "flow" || b.responseTypes.case !== "flow") throw new Error("not flows");
    expect(flowKey(a.responseTypes.value)).toBe(flowKey(b.responseTypes.value));
    b.responseTypes.value.nodeName = "k8s2";
    expect(flowKey(a.responseTypes.value)).not.toBe(flowKey(b.responseTypes.value));
    const c = flow("uuid-1", 10);
    if (c.responseTypes.case === "flow") expect(flowKey(c.responseTypes.value)).toBe("uuid:uuid-1");
  });
});
