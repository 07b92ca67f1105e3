// The byte-level re-stamp against the decoded one it stands in for: the same bytes for every
// recorded event (flows, and the notices a replay may carry) at times that exercise each encoding
// case (zero nanos, zero seconds, varint lengths).
import { clone, create, toBinary } from "@bufbuild/protobuf";
import { LostEventSource } from "../../src/gen/flow/flow_pb.ts";
import { describe, expect, it } from "vitest";
import { type GetFlowsResponse, GetFlowsResponseSchema } from "../../src/gen/observer/observer_pb.ts";
import { toGetFlowsResponse } from "../../src/domain/flow/export-event.ts";
import { parseFlowLines } from "../../src/domain/flow/json-line-decoder.ts";
import { readSample, sampleFlowFiles } from "../../src/testing/node/samples.ts";
import { restamp } from "./replay-file.ts";
import { restampEncoded } from "./restamp-encoded.ts";

const recorded: GetFlowsResponse[] = sampleFlowFiles().flatMap((file) =>
  parseFlowLines(readSample(file.slice(file.lastIndexOf("/") + 1)), file).events.flatMap((line) => toGetFlowsResponse(line.event) ?? []),
);
const notices: GetFlowsResponse[] = [
  create(GetFlowsResponseSchema, {
    responseTypes: { case: "lostEvents", value: { source: LostEventSource.OBSERVER_EVENTS_QUEUE, numEventsLost: 3n } },
    nodeName: "kind-worker",
  }),
  create(GetFlowsResponseSchema, { responseTypes: { case: "flow", value: {} } }),
  create(GetFlowsResponseSchema, {}),
];

const encode = (event: GetFlowsResponse) => toBinary(GetFlowsResponseSchema, event);
// Compared as base64 text: one string comparison per event instead of one per byte.
const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64");

describe("restampEncoded", () => {
  it.each([
    ["a current time", 1_764_000_000_123.4],
    ["a whole second", 1_764_000_000_000],
    ["under a second", 999],
    ["the epoch", 0],
    ["far ahead", 253_402_300_799_999],
  ])("gives the bytes of the re-stamped event at %s", (_name, ms) => {
    expect(recorded.length).toBeGreaterThan(1000);
    const events = [...recorded, ...notices];
    const expected = events.map((event) => base64(encode(restamp(clone(GetFlowsResponseSchema, event), ms))));
    expect(events.map((event) => base64(restampEncoded(encode(event), ms)))).toEqual(expected);
  });

  it("re-stamps an already re-stamped encoding", () => {
    const events = recorded.slice(0, 100);
    const twice = events.map((event) => base64(restampEncoded(restampEncoded(encode(event), 5_000.5), 1_764_000_000_001)));
    expect(twice).toEqual(events.map((event) => base64(encode(restamp(clone(GetFlowsResponseSchema, event), 1_764_000_000_001)))));
  });
});
