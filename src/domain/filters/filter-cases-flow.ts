// Case table for the flow-level fields of facts C.2: verdict, traffic_direction,
// drop_reason_desc, event_type, reply, node_name, uuid, trace_id, ip_trace_id, interface, and
// the refused experimental.cel_expression.
import { type FilterErrorCase, type FilterMatchCase, type FlowJson, dropped, eventType, flow, forwarded } from "./testing.ts";

const node = (nodeName: string): FlowJson => ({ node_name: nodeName });
const reply = (isReply: boolean | undefined, verdict = "FORWARDED"): FlowJson =>
  isReply === undefined ? { verdict } : { verdict, is_reply: isReply };

/** Flow-level filters with flows they must and must not select. */
export const flowMatchCases: FilterMatchCase[] = [
  // verdict / traffic_direction
  { name: "verdict membership", filter: { verdict: ["DROPPED", "ERROR"] },
    matches: [flow(dropped("POLICY_DENIED")), { verdict: "ERROR" }], rejects: [forwarded, flow()] },
  { name: "verdict VERDICT_UNKNOWN selects flows without verdict", filter: { verdict: ["VERDICT_UNKNOWN"] },
    matches: [flow()], rejects: [forwarded] },
  { name: "traffic_direction membership", filter: { traffic_direction: ["INGRESS"] },
    matches: [{ traffic_direction: "INGRESS" }], rejects: [{ traffic_direction: "EGRESS" }, flow()] },
  // drop_reason_desc
  { name: "drop_reason_desc needs DROPPED and a listed reason", filter: { drop_reason_desc: ["POLICY_DENIED", "CT_MAP_INSERTION_FAILED"] },
    matches: [flow(dropped("POLICY_DENIED")), flow(dropped("CT_MAP_INSERTION_FAILED"))],
    rejects: [flow(dropped("STALE_OR_UNROUTABLE_IP")), { verdict: "FORWARDED", drop_reason_desc: "POLICY_DENIED" }] },
  // event_type
  { name: "event_type type only ignores the sub type", filter: { event_type: [{ type: 4 }] },
    matches: [flow(eventType(4)), flow(eventType(4, 3))], rejects: [flow(eventType(1, 133)), flow()] },
  { name: "event_type type 0 matches any type", filter: { event_type: [{ type: 0 }] },
    matches: [flow(eventType(4)), flow(eventType(129))], rejects: [flow()] },
  { name: "event_type match_sub_type compares sub type 0 too", filter: { event_type: [{ type: 4, match_sub_type: true, sub_type: 0 }] },
    matches: [flow(eventType(4))], rejects: [flow(eventType(4, 3)), flow(eventType(5))] },
  { name: "event_type sub_type without match_sub_type is ignored", filter: { event_type: [{ type: 4, sub_type: 3 }] },
    matches: [flow(eventType(4)), flow(eventType(4, 11))], rejects: [flow(eventType(1))] },
  { name: "event_type entries are alternatives", filter: { event_type: [{ type: 1 }, { type: 5 }] },
    matches: [flow(eventType(1, 133)), flow(eventType(5))], rejects: [flow(eventType(4))] },
  // reply
  { name: "reply true", filter: { reply: [true] },
    matches: [reply(true)], rejects: [reply(false), reply(undefined), reply(undefined, "DROPPED")] },
  { name: "reply false; DROPPED without is_reply counts as false", filter: { reply: [false] },
    matches: [reply(false), reply(undefined, "DROPPED")], rejects: [reply(true), reply(undefined), reply(true, "DROPPED")] },
  { name: "reply true or false still needs is_reply (or DROPPED)", filter: { reply: [true, false] },
    matches: [reply(true), reply(false), reply(undefined, "DROPPED")], rejects: [reply(undefined)] },
  // node_name
  { name: "node_name without cluster matches any cluster; * wildcard", filter: { node_name: ["k8s*"] },
    matches: [node("k8s1"), node("mesh/k8s2"), node("k8s-worker.example")], rejects: [node("node-k8s"), flow()] },
  { name: "node_name cluster/pattern", filter: { node_name: ["test-cluster/*.domain.com"] },
    matches: [node("test-cluster/a.domain.com")], rejects: [node("other/a.domain.com"), node("a.domain.com")] },
  { name: 'node_name "cluster/" matches every node of the cluster', filter: { node_name: ["kind-kind/"] },
    matches: [node("kind-kind/kind-worker")], rejects: [node("kind-other/kind-worker"), node("kind-worker")] },
  { name: "node names without / belong to cluster default", filter: { node_name: ["default/n1"] },
    matches: [node("n1"), node("default/n1")], rejects: [node("c/n1"), node("n10")] },
  { name: "node_name patterns are lower-cased; names are not", filter: { node_name: ["Node-A"] },
    matches: [node("node-a")], rejects: [node("Node-A")] },
  // uuid / trace ids
  { name: "uuid membership", filter: { uuid: ["u-1", "u-2"] },
    matches: [{ uuid: "u-2" }], rejects: [{ uuid: "u-3" }, flow()] },
  { name: "trace_id compares trace_context.parent.trace_id", filter: { trace_id: ["4bf92f3577b34da6a3ce929d0e0e4736"] },
    matches: [{ trace_context: { parent: { trace_id: "4bf92f3577b34da6a3ce929d0e0e4736" } } }],
    rejects: [{ trace_context: { parent: { trace_id: "00f067aa0ba902b7" } } }, flow()] },
  { name: "ip_trace_id compares ip_trace_id.trace_id", filter: { ip_trace_id: ["1234"] },
    matches: [{ ip_trace_id: { trace_id: "1234", ip_option_type: 136 } }], rejects: [{ ip_trace_id: { trace_id: "1235" } }, flow()] },
  // interface
  { name: "interface by index", filter: { interface: [{ index: 3 }] },
    matches: [{ interface: { index: 3, name: "eth0" } }], rejects: [{ interface: { index: 4, name: "eth0" } }, flow()] },
  { name: "interface by name", filter: { interface: [{ name: "eth0" }] },
    matches: [{ interface: { index: 9, name: "eth0" } }], rejects: [{ interface: { index: 9, name: "eth1" } }] },
  { name: "interface by index and name", filter: { interface: [{ index: 3, name: "eth0" }, { name: "lxc1" }] },
    matches: [{ interface: { index: 3, name: "eth0" } }, { interface: { index: 7, name: "lxc1" } }],
    rejects: [{ interface: { index: 3, name: "eth1" } }] },
];

/** Flow-level values Hubble rejects. */
export const flowErrorCases: FilterErrorCase[] = [
  { name: "node_name with two slashes", filter: { node_name: ["a/b/c"] }, error: /^node_name\[0\]: too many slashes in pattern$/ },
  { name: "empty node_name", filter: { node_name: ["ok", ""] }, error: /^node_name\[1\]: empty pattern$/ },
  { name: "node_name with a space", filter: { node_name: ["bad name"] }, error: /^node_name\[0\]: " ": invalid rune/ },
  { name: "cel_expression is refused", filter: { experimental: { cel_expression: ["_flow.verdict == Verdict.DROPPED"] } },
    error: /^experimental\.cel_expression\[0\]: cel_expression is not supported by this server$/ },
];
