// Words Hubble uses for monitor event types, trace points, policy match types,
// socket translation points and reserved identities (facts A.5–A.7). They are
// shared by the compact line printer, filters (`-t trace:to-endpoint`) and UI.
import { SocketTranslationPoint } from "../../gen/flow/flow_pb.ts";

/** Cilium monitor message types, the values of `Flow.event_type.type` (facts A.6). */
export const MonitorMessageType = {
  unspec: 0,
  drop: 1,
  debug: 2,
  capture: 3,
  trace: 4,
  policyVerdict: 5,
  traceSock: 7,
  accessLog: 129,
  agent: 130,
} as const;

/** `hubble observe -t <word>` words for monitor message types. */
export const MESSAGE_TYPE_NAMES: ReadonlyMap<number, string> = new Map([
  [MonitorMessageType.drop, "drop"],
  [MonitorMessageType.debug, "debug"],
  [MonitorMessageType.capture, "capture"],
  [MonitorMessageType.trace, "trace"],
  [MonitorMessageType.policyVerdict, "policy-verdict"],
  [MonitorMessageType.traceSock, "trace-sock"],
  [MonitorMessageType.accessLog, "l7"],
  [MonitorMessageType.agent, "agent"],
]);

/** The CLI word for a monitor message type, or the number as text. */
export function messageTypeName(type: number): string {
  return MESSAGE_TYPE_NAMES.get(type) ?? String(type);
}

/** Trace observation point words, keyed by the monitor sub type (0 = to-endpoint). */
export const TRACE_OBSERVATION_POINT_WORDS: ReadonlyMap<number, string> = new Map([
  [0, "to-endpoint"],
  [1, "to-proxy"],
  [2, "to-host"],
  [3, "to-stack"],
  [4, "to-overlay"],
  [5, "from-endpoint"],
  [6, "from-proxy"],
  [7, "from-host"],
  [8, "from-stack"],
  [9, "from-overlay"],
  [10, "from-network"],
  [11, "to-network"],
  [12, "from-crypto"],
  [13, "to-crypto"],
]);

/**
 * The word for a trace event's `event_type.sub_type`, e.g. 3 → "to-stack".
 * The sub type is a uint8 in the datapath, so the CLI truncates it to one byte;
 * an unknown point prints as its number.
 */
export function traceObservationPointWord(subType: number): string {
  const point = subType & 0xff;
  return TRACE_OBSERVATION_POINT_WORDS.get(point) ?? String(point);
}

/** `Flow.policy_match_type` texts (facts A.5); anything else is "unknown". */
export const POLICY_MATCH_TYPE_TEXT: ReadonlyMap<number, string> = new Map([
  [0, "none"],
  [1, "L3-Only"],
  [2, "L3-L4"],
  [3, "L4-Only"],
  [4, "all"],
  [5, "L3-Proto"],
  [6, "Proto-Only"],
]);

/** The text of a policy match type, e.g. 2 → "L3-L4". */
export function policyMatchTypeText(matchType: number): string {
  return POLICY_MATCH_TYPE_TEXT.get(matchType) ?? "unknown";
}

/** Words the CLI prints for socket-LB translation points (trace-sock events). */
export const SOCK_XLATE_POINT_WORDS: ReadonlyMap<number, string> = new Map([
  [SocketTranslationPoint.SOCK_XLATE_POINT_PRE_DIRECTION_FWD, "pre-xlate-fwd"],
  [SocketTranslationPoint.SOCK_XLATE_POINT_POST_DIRECTION_FWD, "post-xlate-fwd"],
  [SocketTranslationPoint.SOCK_XLATE_POINT_PRE_DIRECTION_REV, "pre-xlate-rev"],
  [SocketTranslationPoint.SOCK_XLATE_POINT_POST_DIRECTION_REV, "post-xlate-rev"],
]);

/** Reserved numeric security identities and their names (facts A.7). */
export const RESERVED_IDENTITY_NAMES: ReadonlyMap<number, string> = new Map([
  [0, "unknown"],
  [1, "host"],
  [2, "world"],
  [3, "unmanaged"],
  [4, "health"],
  [5, "init"],
  [6, "remote-node"],
  [7, "kube-apiserver"],
  [8, "ingress"],
  [9, "world-ipv4"],
  [10, "world-ipv6"],
]);

/** The name of a reserved identity, or undefined for an ordinary identity. */
export function reservedIdentityName(identity: number): string | undefined {
  return RESERVED_IDENTITY_NAMES.get(identity);
}
