// The flow table's columns as data: id, title, width and a pure value
// function. Hubble UI's thirteen columns (src/components/FlowsTable/general.ts)
// come first, then what it lacks: node, cluster, event type, policy names,
// summary, labels, services, workloads, names, drop reason.
import type { Flow } from "../../gen/flow/flow_pb.ts";
import { DropReasonSchema } from "../../gen/flow/flow_pb.ts";
import { flowTypeWord, summaryText } from "../../domain/flow/compact-flow-parts.ts";
import { enumName } from "../../domain/flow/enum-name.ts";
import { formatGoTime } from "../../domain/flow/go-format.ts";
import {
  authText,
  identityLabel,
  isReplyText,
  l4ProtocolName,
  l7Text,
  podText,
  policiesText,
  portText,
  serviceText,
  tcpFlagNames,
  trafficDirectionText,
  verdictName,
  workloadText,
} from "./flow-text.ts";

export interface FlowColumn {
  readonly id: string;
  /** Header text (also the column picker's label). */
  readonly title: string;
  /** Cell text; "" when the flow has no such value. Untrusted: render as text. */
  readonly value: (flow: Flow) => string;
  /** Width in CSS pixels. */
  readonly width: number;
  /** Shown on a fresh install. */
  readonly defaultVisible?: boolean;
  /** Hubble UI has this column too. */
  readonly hubbleUi?: boolean;
}

const ip = (flow: Flow, side: "source" | "destination"): string => flow.IP?.[side] ?? "";

/** Every column, in the order the picker lists them. */
export const FLOW_COLUMNS: readonly FlowColumn[] = [
  { id: "time", title: "Timestamp", width: 170, defaultVisible: true, hubbleUi: true, value: (f) => formatGoTime(f.time) },
  { id: "src-pod", title: "Source pod", width: 220, hubbleUi: true, value: (f) => podText(f.source) },
  { id: "src-ip", title: "Source IP", width: 130, hubbleUi: true, value: (f) => ip(f, "source") },
  {
    id: "src-identity",
    title: "Source identity",
    width: 230,
    defaultVisible: true,
    hubbleUi: true,
    value: (f) => identityLabel(f.source, f.sourceNames),
  },
  { id: "dst-pod", title: "Destination pod", width: 220, hubbleUi: true, value: (f) => podText(f.destination) },
  { id: "dst-ip", title: "Destination IP", width: 130, hubbleUi: true, value: (f) => ip(f, "destination") },
  {
    id: "dst-identity",
    title: "Destination identity",
    width: 230,
    defaultVisible: true,
    hubbleUi: true,
    value: (f) => identityLabel(f.destination, f.destinationNames),
  },
  { id: "dst-port", title: "Dst port", width: 85, defaultVisible: true, hubbleUi: true, value: (f) => portText(f, "destination") },
  { id: "l7", title: "L7 info", width: 260, defaultVisible: true, hubbleUi: true, value: l7Text },
  { id: "direction", title: "Traffic direction", width: 80, hubbleUi: true, value: trafficDirectionText },
  { id: "verdict", title: "Verdict", width: 100, defaultVisible: true, hubbleUi: true, value: verdictName },
  { id: "auth", title: "Authentication", width: 90, hubbleUi: true, value: authText },
  { id: "tcp-flags", title: "TCP flags", width: 110, hubbleUi: true, value: (f) => tcpFlagNames(f).join(", ") },
  { id: "event-type", title: "Event type", width: 210, defaultVisible: true, value: (f) => flowTypeWord(f, "current") },
  { id: "policy", title: "Policies", width: 220, defaultVisible: true, value: policiesText },
  {
    id: "drop-reason",
    title: "Drop reason",
    width: 150,
    value: (f) => (f.dropReasonDesc === 0 ? "" : enumName(DropReasonSchema, f.dropReasonDesc)),
  },
  { id: "summary", title: "Summary", width: 300, value: (f) => summaryText(f, "current") },
  { id: "node", title: "Node", width: 160, value: (f) => f.nodeName },
  { id: "src-cluster", title: "Source cluster", width: 110, value: (f) => f.source?.clusterName ?? "" },
  { id: "dst-cluster", title: "Destination cluster", width: 110, value: (f) => f.destination?.clusterName ?? "" },
  { id: "protocol", title: "Protocol", width: 85, value: l4ProtocolName },
  { id: "src-port", title: "Src port", width: 85, value: (f) => portText(f, "source") },
  { id: "src-service", title: "Source service", width: 180, value: (f) => serviceText(f.sourceService) },
  { id: "dst-service", title: "Destination service", width: 180, value: (f) => serviceText(f.destinationService) },
  { id: "src-workload", title: "Source workload", width: 180, value: (f) => (f.source?.workloads ?? []).map(workloadText).join(", ") },
  {
    id: "dst-workload",
    title: "Destination workload",
    width: 180,
    value: (f) => (f.destination?.workloads ?? []).map(workloadText).join(", "),
  },
  { id: "src-names", title: "Source DNS names", width: 180, value: (f) => f.sourceNames.join(", ") },
  { id: "dst-names", title: "Destination DNS names", width: 180, value: (f) => f.destinationNames.join(", ") },
  { id: "src-labels", title: "Source labels", width: 300, value: (f) => (f.source?.labels ?? []).join(", ") },
  { id: "dst-labels", title: "Destination labels", width: 300, value: (f) => (f.destination?.labels ?? []).join(", ") },
  { id: "is-reply", title: "Reply", width: 50, value: isReplyText },
  { id: "uuid", title: "UUID", width: 280, value: (f) => f.uuid },
];

const BY_ID: ReadonlyMap<string, FlowColumn> = new Map(FLOW_COLUMNS.map((column) => [column.id, column]));

/** The column with this id, or undefined. */
export function flowColumn(id: string): FlowColumn | undefined {
  return BY_ID.get(id);
}

/** Ids of the columns a fresh install shows, in table order. */
export const DEFAULT_COLUMN_IDS: readonly string[] = FLOW_COLUMNS.filter((c) => c.defaultVisible === true).map((c) => c.id);

/** The cell texts of a flow for these columns, in order. */
export function cellTexts(flow: Flow, columns: readonly FlowColumn[]): string[] {
  return columns.map((column) => column.value(flow));
}
