// `hubble observe` default output, one compact line per event (facts B.3).
// Returns plain text for a terminal-like view; callers must render it as text,
// never as HTML. Like the CLI we neutralise ESC and CR so untrusted names
// cannot inject terminal sequences, and we also escape LF so a line stays one
// line (the CLI does not, as it writes to a terminal anyway).
import { type Flow, type LostEvent, LostEventSourceSchema } from "../../gen/flow/flow_pb.ts";
import type { ExportEvent, GetFlowsResponse } from "../../gen/observer/observer_pb.ts";
import { NodeState, NodeStateSchema, type NodeStatusEvent } from "../../gen/relay/relay_pb.ts";
import type { Timestamp } from "@bufbuild/protobuf/wkt";
import {
  type CompactCompat,
  flowTypeWord,
  hostNames,
  identityText,
  summaryText,
  verdictText,
} from "./compact-flow-parts.ts";
import { enumName } from "./enum-name.ts";
import { type CompactTimeFormat, formatGoTime, goQuote, joinWithCutOff } from "./go-format.ts";

export type { CompactCompat } from "./compact-flow-parts.ts";
export type { CompactTimeFormat } from "./go-format.ts";

export interface CompactOptions {
  /** `--print-node-name`: ` [node]` after the time. */
  printNodeName?: boolean;
  /** `--print-policy-names`: ` BY name (kind), …` after ALLOWED/DENIED policy verdicts. */
  printPolicyNames?: boolean;
  /** IP translation (default on; `--numeric` turns it off): pod/service/DNS names instead of IPs. */
  ipTranslation?: boolean;
  /** `--time-format`, default StampMilli (`Jan _2 15:04:05.000`), always UTC. */
  timeFormat?: CompactTimeFormat;
  /** Imitate an older CLI (see CompactCompat); default "current". */
  compat?: CompactCompat;
}

/** Cut-off (in bytes) for node name lists, as in the CLI. */
const NODE_NAMES_CUT_OFF = 50;

/**
 * The compact line for a flow, a GetFlows response or an exporter event:
 * flows as `TIME[ [NODE]]: SRC SRC_ID ARROW DST DST_ID TYPE VERDICT (SUMMARY)`,
 * lost events and node status as the CLI prints them. Undefined for events the
 * CLI has no compact flow-stream line for (agent and debug events, empty events).
 */
export function formatCompactLine(
  input: Flow | GetFlowsResponse | ExportEvent,
  options: CompactOptions = {},
): string | undefined {
  if (input.$typeName === "flow.Flow") {
    return sanitize(compactFlowLine(input, options));
  }
  const { responseTypes } = input;
  switch (responseTypes.case) {
    case "flow":
      return sanitize(compactFlowLine(responseTypes.value, options));
    case "lostEvents":
      return sanitize(compactLostEventsLine(responseTypes.value, input.time, options));
    case "nodeStatus":
      return sanitize(compactNodeStatusLine(responseTypes.value, input.nodeName, input.time, options));
    default:
      return undefined;
  }
}

function compactFlowLine(flow: Flow, options: CompactOptions): string {
  const compat = options.compat ?? "current";
  let [src, dst] = hostNames(flow, options.ipTranslation ?? true);
  let srcId = identityText(flow.source);
  let dstId = identityText(flow.destination);
  let arrow = "->";
  if (flow.isReply === undefined) {
    arrow = "<>";
  } else if (flow.isReply) {
    // Replies are printed client first: swap ends and identities.
    [src, dst, srcId, dstId] = [dst, src, dstId, srcId];
    arrow = "<-";
  }
  const time = formatGoTime(flow.time, options.timeFormat);
  const node = options.printNodeName === true ? ` [${flow.nodeName}]` : "";
  const ends = compat === "v0.8" ? `${src} ${arrow} ${dst}` : `${src} ${srcId} ${arrow} ${dst} ${dstId}`;
  const type = flowTypeWord(flow, compat);
  const verdict = verdictText(flow, compat, options.printPolicyNames === true);
  return `${time}${node}: ${ends} ${type} ${verdict} (${summaryText(flow, compat)})`;
}

/** `TIME EVENTS LOST: SOURCE CPU(n) count[ (first: …, last: …)]` (WriteLostEvent). */
function compactLostEventsLine(lost: LostEvent, time: Timestamp | undefined, options: CompactOptions): string {
  const format = options.timeFormat;
  let summary = `CPU(${lost.cpu ?? 0}) ${lost.numEventsLost}`;
  if (lost.first !== undefined && lost.last !== undefined) {
    summary += ` (first: ${formatGoTime(lost.first, format)}, last: ${formatGoTime(lost.last, format)})`;
  }
  return `${formatGoTime(time, format)} EVENTS LOST: ${enumName(LostEventSourceSchema, lost.source)} ${summary}`;
}

/**
 * `TIME [relay-node]: Receiving flows from N nodes: a, b` and friends
 * (WriteProtoNodeStatusEvent). The CLI shows only UNAVAILABLE and ERROR
 * unless `--debug`; that choice is the caller's.
 */
function compactNodeStatusLine(
  status: NodeStatusEvent,
  nodeName: string,
  time: Timestamp | undefined,
  options: CompactOptions,
): string {
  const count = status.nodeNames.length;
  const names = joinWithCutOff(status.nodeNames, ", ", NODE_NAMES_CUT_OFF);
  const prefix = `${formatGoTime(time, options.timeFormat)} [${nodeName}]`;
  switch (status.stateChange) {
    case NodeState.NODE_CONNECTED:
      return `${prefix}: Receiving flows from ${count} nodes: ${names}`;
    case NodeState.NODE_UNAVAILABLE:
      return `${prefix}: ${count} nodes are unavailable: ${names}`;
    case NodeState.NODE_GONE:
      return `${prefix}: ${count} nodes removed from cluster: ${names}`;
    case NodeState.NODE_ERROR:
      return `${prefix}: Error ${goQuote(status.message)} on ${count} nodes: ${names}`;
    default:
      // The CLI prints Go's %+v of the message here; we print its parts plainly.
      return `${prefix}: unknown node status event: state_change:${enumName(NodeStateSchema, status.stateChange)} node_names:${goQuote(status.nodeNames.join(","))} message:${goQuote(status.message)}`;
  }
}

/** The CLI's terminal escaper (ESC → "^[", CR → "\r"), plus LF → "\n". */
function sanitize(line: string): string {
  return line.replaceAll("\x1b", "^[").replaceAll("\r", "\\r").replaceAll("\n", "\\n");
}
