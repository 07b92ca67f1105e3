// Small fixture builders for flow tests: each returns a piece of a Flow init,
// and `buildFlow` merges the pieces, so a test reads like the flow it describes:
//   buildFlow(at("2022-05-04T13:23:47.852Z"), ipv4("10.0.0.1", "10.0.0.2"), tcp(42818, 80, "SYN"), dropEvent(133))
import { type MessageInitShape, create } from "@bufbuild/protobuf";
import type { Timestamp } from "@bufbuild/protobuf/wkt";
import { TimestampSchema } from "@bufbuild/protobuf/wkt";
import {
  type DropReason,
  type EndpointSchema,
  type Flow,
  FlowSchema,
  FlowType,
  L7FlowType,
  type PolicySchema,
  TrafficDirection,
  Verdict,
} from "../gen/flow/flow_pb.ts";
import { type ExportEvent, ExportEventSchema } from "../gen/observer/observer_pb.ts";

export type FlowInit = MessageInitShape<typeof FlowSchema>;
export type EndpointInit = MessageInitShape<typeof EndpointSchema>;
export type TcpFlag = "FIN" | "SYN" | "RST" | "PSH" | "ACK" | "URG" | "ECE" | "CWR" | "NS";

/** A Timestamp from RFC 3339 UTC text, keeping all nine fractional digits. */
export function timestamp(iso: string): Timestamp {
  const match = /^(.+?)(?:\.(\d{1,9}))?Z$/.exec(iso);
  if (match === null) throw new Error(`not an RFC 3339 UTC time: ${iso}`);
  const ms = Date.parse(`${match[1]}Z`);
  if (Number.isNaN(ms)) throw new Error(`not an RFC 3339 UTC time: ${iso}`);
  return create(TimestampSchema, { seconds: BigInt(ms / 1000), nanos: Number((match[2] ?? "").padEnd(9, "0")) });
}

/** Merges flow pieces (later pieces win) into a Flow. */
export function buildFlow(...pieces: FlowInit[]): Flow {
  return create(FlowSchema, Object.assign({}, ...pieces) as FlowInit);
}

/** The flow's time, from RFC 3339 UTC text. */
export const at = (iso: string): FlowInit => ({ time: timestamp(iso) });

/** The node that observed the flow. */
export const onNode = (nodeName: string): FlowInit => ({ nodeName });

/** IP addresses; the version follows from the address text. */
export const ips = (source: string, destination: string): FlowInit => ({
  IP: { source, destination, ipVersion: source.includes(":") ? 2 : 1 },
});

/** A TCP layer with the given ports and set flags. */
export const tcp = (sourcePort: number, destinationPort: number, ...flags: TcpFlag[]): FlowInit => ({
  l4: {
    protocol: {
      case: "TCP",
      value: { sourcePort, destinationPort, flags: Object.fromEntries(flags.map((f) => [f, true])) },
    },
  },
});

/** A UDP layer with the given ports. */
export const udp = (sourcePort: number, destinationPort: number): FlowInit => ({
  l4: { protocol: { case: "UDP", value: { sourcePort, destinationPort } } },
});

/** A pod endpoint `namespace/podName`, optionally with its security identity. */
export const pod = (namespace: string, podName: string, identity = 0): EndpointInit => ({
  namespace,
  podName,
  identity,
});

/** The source endpoint. */
export const from = (source: EndpointInit): FlowInit => ({ source });
/** The destination endpoint. */
export const to = (destination: EndpointInit): FlowInit => ({ destination });

/** `is_reply`: true/false; leave the piece out for "unknown". */
export const reply = (isReply: boolean): FlowInit => ({ isReply });

/** A trace event at a monitor observation point (sub type 0 = to-endpoint). */
export const traceEvent = (subType: number): FlowInit => ({
  Type: FlowType.L3_L4,
  verdict: Verdict.FORWARDED,
  eventType: { type: 4, subType },
});

/** A drop event with the given drop code (e.g. 133 POLICY_DENIED). */
export const dropEvent = (reason: number): FlowInit => ({
  Type: FlowType.L3_L4,
  verdict: Verdict.DROPPED,
  dropReason: reason,
  dropReasonDesc: reason as DropReason,
  eventType: { type: 1, subType: reason },
});

/** A policy-verdict event. */
export const policyVerdictEvent = (verdict: Verdict, matchType: number, direction: TrafficDirection): FlowInit => ({
  Type: FlowType.L3_L4,
  verdict,
  eventType: { type: 5 },
  policyMatchType: matchType,
  trafficDirection: direction,
});

/** A policy reference for `*_allowed_by` / `*_denied_by`. */
export const policy = (name: string, kind: string): MessageInitShape<typeof PolicySchema> => ({ name, kind });

/** An L7 HTTP request record. */
export const httpRequest = (method: string, url: string, protocol = "HTTP/1.1"): FlowInit => ({
  Type: FlowType.L7,
  eventType: { type: 129 },
  l7: { type: L7FlowType.REQUEST, record: { case: "http", value: { method, url, protocol } } },
});

/** An L7 HTTP response record. */
export const httpResponse = (code: number, latencyNs: bigint, method: string, url: string, protocol = "HTTP/1.1"): FlowInit => ({
  Type: FlowType.L7,
  eventType: { type: 129 },
  l7: { type: L7FlowType.RESPONSE, latencyNs, record: { case: "http", value: { code, method, url, protocol } } },
});

/** The exporter/observe line wrapper for a flow: node_name and time copied from it, as the server does. */
export function exportEventOf(flow: Flow): ExportEvent {
  return create(ExportEventSchema, {
    responseTypes: { case: "flow", value: flow },
    nodeName: flow.nodeName,
    time: flow.time,
  });
}

/** An L7 DNS record through the DNS proxy (egress): a query, or an answer when `isReply`. */
export const dnsRecord = (init: { isReply: boolean; qtypes?: string[]; verdict?: Verdict; rcode?: number; ips?: string[]; rrtypes?: string[] }): FlowInit => ({
  Type: FlowType.L7,
  eventType: { type: 129 },
  verdict: init.verdict ?? Verdict.FORWARDED,
  isReply: init.isReply,
  trafficDirection: TrafficDirection.EGRESS,
  l7: {
    type: init.isReply ? L7FlowType.RESPONSE : L7FlowType.REQUEST,
    record: {
      case: "dns",
      value: { query: "api.example.com.", qtypes: init.qtypes ?? ["A"], rcode: init.rcode ?? 0, ips: init.ips ?? [], rrtypes: init.rrtypes ?? [] },
    },
  },
});
