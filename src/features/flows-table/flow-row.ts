// Table cells for one flow, in the words `hubble observe` prints (shared
// domain code, so the table and the compact line never disagree).
import type { Flow } from "../../gen/flow/flow_pb.ts";
import { flowTypeWord, hostNames, summaryText } from "../../domain/flow/compact-flow-parts.ts";
import { formatGoTime } from "../../domain/flow/go-format.ts";

export interface FlowRow {
  time: string;
  source: string;
  destination: string;
  type: string;
  summary: string;
}

export function formatFlowRow(flow: Flow): FlowRow {
  const [source, destination] = hostNames(flow, true);
  return {
    time: formatGoTime(flow.time),
    source,
    destination,
    type: flowTypeWord(flow, "current"),
    summary: summaryText(flow, "current"),
  };
}
