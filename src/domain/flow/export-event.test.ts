import { create, equals } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { ExportEventSchema, GetFlowsResponseSchema } from "../../gen/observer/observer_pb.ts";
import { at, buildFlow, exportEventOf, onNode } from "../../testing/flow-builders.ts";
import { toExportEvent, toGetFlowsResponse } from "./export-event.ts";

describe("ExportEvent ⇄ GetFlowsResponse", () => {
  it("round-trips a flow event", () => {
    const event = exportEventOf(buildFlow(at("2024-01-01T10:00:00Z"), onNode("n1")));
    const response = toGetFlowsResponse(event);
    expect(response?.responseTypes.case).toBe("flow");
    expect(response?.nodeName).toBe("n1");
    expect(response !== undefined && equals(ExportEventSchema, toExportEvent(response), event)).toBe(true);
  });

  it.each([
    ["agentEvent", create(ExportEventSchema, { responseTypes: { case: "agentEvent", value: {} } })],
    ["debugEvent", create(ExportEventSchema, { responseTypes: { case: "debugEvent", value: {} } })],
  ])("has no GetFlows response for an %s", (_name, event) => {
    expect(toGetFlowsResponse(event)).toBeUndefined();
  });

  it("keeps lost events", () => {
    const response = create(GetFlowsResponseSchema, { responseTypes: { case: "lostEvents", value: { numEventsLost: 2n } } });
    expect(toExportEvent(response).responseTypes).toEqual(response.responseTypes);
  });
});
