// Small builders for flow and filter fixtures in Hubble's JSON form (proto field names, as
// `hubble observe -o jsonpb` writes them), shared by the case tables and by other packages'
// tests (the server's gRPC tests replay the same cases).
import { type JsonObject, type JsonValue, fromJson } from "@bufbuild/protobuf";
import { type Flow, type FlowFilter, FlowFilterSchema, FlowSchema } from "../../gen/flow/flow_pb.ts";

/** A flow as one line of `hubble observe -o jsonpb` would carry it (the `flow` object). */
export type FlowJson = JsonObject;
/** A FlowFilter in proto JSON (`{"source_pod":["default/"]}`). */
export type FlowFilterJson = JsonObject;

/** One filter and flows it must select (`matches`) and must not select (`rejects`). */
export interface FilterMatchCase {
  readonly name: string;
  readonly filter: FlowFilterJson;
  readonly matches: readonly FlowJson[];
  readonly rejects: readonly FlowJson[];
}

/** One filter Hubble answers with INVALID_ARGUMENT; `error` must match the message (it names the field). */
export interface FilterErrorCase {
  readonly name: string;
  readonly filter: FlowFilterJson;
  readonly error: RegExp;
}

/** Whitelist/blacklist combination (facts C.1). */
export interface FilterListCase {
  readonly name: string;
  readonly whitelist: readonly FlowFilterJson[];
  readonly blacklist: readonly FlowFilterJson[];
  readonly matches: readonly FlowJson[];
  readonly rejects: readonly FlowJson[];
}

function isObject(v: JsonValue | undefined): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function merge(into: JsonObject, from: JsonObject): JsonObject {
  const out: JsonObject = { ...into };
  for (const [key, value] of Object.entries(from)) {
    const existing = out[key];
    out[key] = isObject(existing) && isObject(value) ? merge(existing, value) : value;
  }
  return out;
}

/** Deep-merges flow fragments: `flow(tcp(1234, 80), source(pod("default", "web")))`. */
export function flow(...parts: FlowJson[]): FlowJson {
  return parts.reduce<FlowJson>((acc, part) => merge(acc, part), {});
}

/** Decodes fixture JSON into a Flow (both proto and camelCase names are accepted). */
export function toFlow(json: FlowJson): Flow {
  return fromJson(FlowSchema, json);
}

/** Decodes fixture JSON into a FlowFilter. */
export function toFilter(json: FlowFilterJson): FlowFilter {
  return fromJson(FlowFilterSchema, json);
}

/** Endpoint fields: `pod("default", "web-1", ["k8s:app=web"])`. */
export function pod(namespace: string, podName: string, labels: string[] = []): JsonObject {
  const ep: JsonObject = {};
  if (namespace !== "") ep.namespace = namespace;
  if (podName !== "") ep.pod_name = podName;
  if (labels.length > 0) ep.labels = labels;
  return ep;
}

/** Wraps endpoint fields as the flow's source. */
export const source = (endpoint: JsonObject): FlowJson => ({ source: endpoint });
/** Wraps endpoint fields as the flow's destination. */
export const destination = (endpoint: JsonObject): FlowJson => ({ destination: endpoint });

/** IP header; the version is inferred from the source address. */
export function ip(src: string, dst: string, extra: JsonObject = {}): FlowJson {
  return { IP: { source: src, destination: dst, ipVersion: src.includes(":") ? "IPv6" : "IPv4", ...extra } };
}

/** TCP ports and flags: `tcp(1234, 80, "SYN", "ACK")`. */
export function tcp(sourcePort: number, destinationPort: number, ...flags: string[]): FlowJson {
  const l4: JsonObject = { source_port: sourcePort, destination_port: destinationPort };
  if (flags.length > 0) l4.flags = Object.fromEntries(flags.map((f) => [f, true]));
  return { l4: { TCP: l4 } };
}

/** UDP ports. */
export const udp = (sourcePort: number, destinationPort: number): FlowJson => ({
  l4: { UDP: { source_port: sourcePort, destination_port: destinationPort } },
});
/** SCTP ports. */
export const sctp = (sourcePort: number, destinationPort: number): FlowJson => ({
  l4: { SCTP: { source_port: sourcePort, destination_port: destinationPort } },
});
/** An ICMPv4 header (echo request by default). */
export const icmpv4 = (type = 8): FlowJson => ({ l4: { ICMPv4: { type } } });
/** An ICMPv6 header (echo request by default). */
export const icmpv6 = (type = 128): FlowJson => ({ l4: { ICMPv6: { type } } });

/** An L7 HTTP record (event type 129); `code` 0 makes it a request. */
export function http(method: string, url: string, code = 0, headers: [string, string][] = []): FlowJson {
  const record: JsonObject = { method, url, protocol: "HTTP/1.1" };
  if (code !== 0) record.code = code;
  if (headers.length > 0) record.headers = headers.map(([key, value]) => ({ key, value }));
  return { Type: "L7", event_type: { type: 129 }, l7: { type: code === 0 ? "REQUEST" : "RESPONSE", http: record } };
}

/** An L7 DNS record (event type 129). */
export function dns(query: string): FlowJson {
  return { Type: "L7", event_type: { type: 129 }, l7: { type: "REQUEST", dns: { query, qtypes: ["A"] } } };
}

/** An L7 Kafka record (event type 129). */
export const kafka = (topic: string): FlowJson => ({ Type: "L7", event_type: { type: 129 }, l7: { kafka: { topic } } });

/** A DROPPED flow with its reason. */
export const dropped = (reason: string): FlowJson => ({ verdict: "DROPPED", drop_reason_desc: reason, event_type: { type: 1 } });
/** A FORWARDED verdict. */
export const forwarded: FlowJson = { verdict: "FORWARDED" };

/** event_type with an optional sub type (omitted when 0, as real JSON does). */
export function eventType(type: number, subType = 0): FlowJson {
  return { event_type: subType === 0 ? { type } : { type, sub_type: subType } };
}
