import { create } from "@bufbuild/protobuf";
import { type ExportEvent, ExportEventSchema, type GetFlowsResponse, GetFlowsResponseSchema } from "../../gen/observer/observer_pb.ts";

/**
 * The GetFlowsResponse a replay server sends for a decoded line, or undefined
 * for agent and debug events (GetFlows cannot carry them).
 */
export function toGetFlowsResponse(event: ExportEvent): GetFlowsResponse | undefined {
  const { responseTypes, nodeName, time } = event;
  switch (responseTypes.case) {
    case "flow":
    case "nodeStatus":
    case "lostEvents":
      return create(GetFlowsResponseSchema, { responseTypes, nodeName, time });
    default:
      return undefined;
  }
}

/** The exporter line for a GetFlows response (same field numbers, same JSON). */
export function toExportEvent(response: GetFlowsResponse): ExportEvent {
  const { responseTypes, nodeName, time } = response;
  return create(ExportEventSchema, { responseTypes, nodeName, time });
}
