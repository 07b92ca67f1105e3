import { create, equals, fromBinary, toBinary, toJson } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { GetFlowsResponseSchema } from "../../src/gen/observer/observer_pb.ts";
import { readSampleFlows, sampleFlowFiles } from "../../src/testing/node/samples.ts";
import { encodedEvent, preEncoded } from "./pre-encoded.ts";

const events = sampleFlowFiles().flatMap((file) =>
  readSampleFlows(file.slice(file.lastIndexOf("/") + 1)).map((flow) =>
    create(GetFlowsResponseSchema, { responseTypes: { case: "flow", value: flow }, nodeName: flow.nodeName, ...(flow.time ? { time: flow.time } : {}) }),
  ),
);

describe("preEncoded", () => {
  it("serialises every recorded flow to exactly the bytes of the event, and decodes back to it", () => {
    expect(events.length).toBeGreaterThan(1000);
    for (const event of events) {
      const bytes = toBinary(GetFlowsResponseSchema, preEncoded(event));
      expect(bytes).toEqual(toBinary(GetFlowsResponseSchema, event));
      expect(equals(GetFlowsResponseSchema, fromBinary(GetFlowsResponseSchema, bytes), event)).toBe(true);
    }
  });

  it("encodes an event once however many streams send it", () => {
    const [event] = events;
    if (event === undefined) throw new Error("no sample events");
    expect(encodedEvent(event)).toBe(encodedEvent(event));
  });

  it("carries nothing a JSON codec would print, which is why JSON streams get the decoded event", () => {
    const [event] = events;
    if (event === undefined) throw new Error("no sample events");
    expect(toJson(GetFlowsResponseSchema, preEncoded(event))).toEqual({});
  });
});
