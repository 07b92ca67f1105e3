// Matchers for FlowFilter fields about the flow as a whole: uuid, event_type, verdict,
// drop_reason_desc, reply, node_name, trace ids, traffic_direction, interface, and the
// experimental CEL expression (refused: this server has no CEL engine).
import {
  type DropReason,
  type EventTypeFilter,
  type FlowFilter_Experimental,
  type NetworkInterface,
  type TrafficDirection,
  Verdict,
} from "../../gen/flow/flow_pb.ts";
import { compileNodeNamePatterns, qualifiedNodeName } from "./fqdn-pattern.ts";
import { type FlowPredicate, InvalidFilterError, entryField } from "./invalid-filter-error.ts";

/** uuid: the flow's uuid in the list. */
export function uuidPredicate(values: readonly string[]): FlowPredicate | undefined {
  if (values.length === 0) return undefined;
  const uuids = new Set(values);
  return (flow) => uuids.has(flow.uuid);
}

/**
 * event_type: per entry, type 0 = any type, else equal to `event_type.type`; with
 * match_sub_type the sub type must be equal too (needed because sub type 0 is meaningful).
 * Flows without event_type never match.
 */
export function eventTypePredicate(values: readonly EventTypeFilter[]): FlowPredicate | undefined {
  if (values.length === 0) return undefined;
  const filters = values.map((f) => ({ type: f.type, matchSubType: f.matchSubType, subType: f.subType }));
  return (flow) => {
    const event = flow.eventType;
    if (event === undefined) return false;
    for (const f of filters) {
      if (f.type !== 0 && f.type !== event.type) continue;
      if (f.matchSubType && f.subType !== event.subType) continue;
      return true;
    }
    return false;
  };
}

/** verdict: enum membership. */
export function verdictPredicate(values: readonly Verdict[]): FlowPredicate | undefined {
  if (values.length === 0) return undefined;
  const verdicts = new Set<number>(values);
  return (flow) => verdicts.has(flow.verdict);
}

/** drop_reason_desc: the flow must be DROPPED and its drop_reason_desc in the list. */
export function dropReasonPredicate(values: readonly DropReason[]): FlowPredicate | undefined {
  if (values.length === 0) return undefined;
  const reasons = new Set<number>(values);
  return (flow) => flow.verdict === Verdict.DROPPED && reasons.has(flow.dropReasonDesc);
}

/**
 * reply: compares `is_reply`. Unknown direction (absent) never matches, except for DROPPED
 * flows, which Hubble treats as reply=false for the sake of clients of the old `reply` field.
 */
export function replyPredicate(values: readonly boolean[]): FlowPredicate | undefined {
  if (values.length === 0) return undefined;
  const accepted = new Set(values);
  return (flow) => {
    if (flow.isReply === undefined && flow.verdict !== Verdict.DROPPED) return false;
    return accepted.has(flow.isReply ?? false);
  };
}

/**
 * node_name: `cluster/node` patterns with `*`; a flow node name without `/` is read as
 * `default/<name>`. Flows without a node name never match.
 */
export function nodeNamePredicate(values: readonly string[]): FlowPredicate | undefined {
  if (values.length === 0) return undefined;
  const pattern = compileNodeNamePatterns(values, "node_name");
  // Flows from one node arrive in runs: remember the last answer instead of rebuilding strings.
  let lastName: string | undefined;
  let lastResult = false;
  return (flow) => {
    const name = flow.nodeName;
    if (name === "") return false;
    if (name !== lastName) {
      lastName = name;
      lastResult = pattern.test(qualifiedNodeName(name));
    }
    return lastResult;
  };
}

/** trace_id: `trace_context.parent.trace_id` (empty when absent) in the list. */
export function traceIdPredicate(values: readonly string[]): FlowPredicate | undefined {
  if (values.length === 0) return undefined;
  const ids = new Set(values);
  return (flow) => ids.has(flow.traceContext?.parent?.traceId ?? "");
}

/** ip_trace_id: `ip_trace_id.trace_id` (0 when absent) in the list. */
export function ipTraceIdPredicate(values: readonly bigint[]): FlowPredicate | undefined {
  if (values.length === 0) return undefined;
  const ids = new Set(values);
  return (flow) => ids.has(flow.ipTraceId?.traceId ?? 0n);
}

/** traffic_direction: enum membership. */
export function trafficDirectionPredicate(values: readonly TrafficDirection[]): FlowPredicate | undefined {
  if (values.length === 0) return undefined;
  const directions = new Set<number>(values);
  return (flow) => directions.has(flow.trafficDirection);
}

/** interface: an entry matches when its index (if > 0) and name (if set) equal the flow's interface. */
export function interfacePredicate(values: readonly NetworkInterface[]): FlowPredicate | undefined {
  if (values.length === 0) return undefined;
  const filters = values.map((i) => ({ index: i.index, name: i.name }));
  return (flow) => {
    const iface = flow.interface;
    if (iface === undefined) return false;
    for (const f of filters) {
      if (f.index > 0 && f.index !== iface.index) continue;
      if (f.name !== "" && f.name !== iface.name) continue;
      return true;
    }
    return false;
  };
}

/**
 * experimental.cel_expression: Hubble evaluates CEL over `_flow`; we ship no CEL engine, so any
 * expression is refused rather than silently ignored (which would widen the result).
 * @throws InvalidFilterError for a non-empty list.
 */
export function rejectCelExpressions(experimental: FlowFilter_Experimental | undefined): void {
  const expressions = experimental?.celExpression ?? [];
  if (expressions.length > 0) {
    throw new InvalidFilterError(entryField("experimental.cel_expression", 0), "cel_expression is not supported by this server");
  }
}
