// The raw flow as `hubble observe -o jsonpb` prints it (one line, Go-identical)
// and the same JSON indented for reading.
import { create } from "@bufbuild/protobuf";
import type { Flow } from "../../gen/flow/flow_pb.ts";
import { GetFlowsResponseSchema } from "../../gen/observer/observer_pb.ts";
import { formatFlowLine } from "../../domain/flow/json-line-writer.ts";

export interface RawFlowJson {
  /** Byte for byte the `hubble observe -o jsonpb` line (`{"flow":{…},"node_name":…,"time":…}`). */
  line: string;
  /** The same JSON, indented by two spaces (key order kept). */
  pretty: string;
}

/** The jsonpb line of a flow, wrapped in a GetFlowsResponse as the CLI prints it. */
export function rawFlowJson(flow: Flow): RawFlowJson {
  const response = create(GetFlowsResponseSchema, {
    responseTypes: { case: "flow", value: flow },
    nodeName: flow.nodeName,
    time: flow.time,
  });
  const line = formatFlowLine(response);
  // 64-bit integers are JSON strings in jsonpb, so parsing loses nothing.
  return { line, pretty: JSON.stringify(JSON.parse(line), null, 2) };
}
