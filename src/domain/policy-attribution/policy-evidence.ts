// What one flow says about network policy: which policies it names as having allowed or denied
// it (reported), or, when it names none, which of our inference reasons applies (inferred). The
// aggregator turns inferred evidence into "default deny: endpoint selected by X" rows.
//
// Which flows carry policy information (facts: hubble-api A.4/A.5, grafana-panels §2.0, §2.8):
//   - policy-verdict events (type 5): verdict, traffic direction, and the `*_allowed_by` /
//     `*_denied_by` lists of that direction (newer agents; Cilium 1.10 captures have none);
//   - drop events (type 1), or any DROPPED flow, with POLICY_DENIED (133) or POLICY_DENY (181):
//     they never name a policy;
//   - L7 proxy records (type 129): a DROPPED record is the proxy denying a request; Hubble's L7
//     parser fills no allowed-by lists (the simulator's neither), but a named list would count;
//   - any other flow naming policies counts as reported, whatever its type.
//
// Outcome of a named policy, from the flow's verdict:
//   in *_allowed_by: FORWARDED → allowed, REDIRECTED → redirected (allowed, to the L7 proxy),
//                    AUDIT → audited; any other verdict → not counted (the allow did not decide);
//   in *_denied_by:  DROPPED or ERROR → denied, AUDIT → audited; otherwise not counted.
import { DropReason, type Flow, type Policy, TrafficDirection, Verdict } from "../../gen/flow/flow_pb.ts";
import { MonitorMessageType } from "../flow/event-type-words.ts";

export type PolicyDirection = "ingress" | "egress";

/** Table columns; a flow adds to one outcome per policy it names. */
export type PolicyOutcome = "allowed" | "denied" | "redirected" | "audited";

/** A policy as Hubble names it in `*_allowed_by` / `*_denied_by`. */
export interface PolicyKey {
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
}

/**
 * Why a flow that names no policy is attributed anyway (see the aggregator for the rule):
 * - default-deny: a policy drop (POLICY_DENIED, or a denied policy verdict) with no denying
 *   policy: the endpoint is selected by some policy for this direction and nothing allowed this;
 * - deny-rule: POLICY_DENY (181), a deny rule matched, but the flow does not name it;
 * - l7-deny: the L7 proxy denied the request (http-request DROPPED, DNS REFUSED);
 * - unnamed-allow: a policy verdict allowed the packet without naming a policy (older agents,
 *   or Cilium's empty list on some redirected connections).
 */
export type InferenceReason = "default-deny" | "deny-rule" | "l7-deny" | "unnamed-allow";

/** Which kind of event the evidence came from; drop events repeat policy verdicts. */
export type EvidenceOrigin = "policy-verdict" | "drop" | "l7" | "other";

export type PolicyEvidence =
  | {
      readonly source: "reported";
      /** Which list named the policies: `*_allowed_by` or `*_denied_by`. */
      readonly list: "allowed-by" | "denied-by";
      readonly direction: PolicyDirection;
      readonly outcome: PolicyOutcome;
      readonly policies: readonly PolicyKey[];
      readonly origin: EvidenceOrigin;
    }
  | {
      readonly source: "inferred";
      readonly direction: PolicyDirection;
      readonly outcome: PolicyOutcome;
      readonly reason: InferenceReason;
      readonly origin: EvidenceOrigin;
    };

const keyOf = (p: Policy): PolicyKey => ({ kind: p.kind, namespace: p.namespace, name: p.name });

function originOf(flow: Flow): EvidenceOrigin {
  if (flow.l7 !== undefined || flow.eventType?.type === MonitorMessageType.accessLog) return "l7";
  switch (flow.eventType?.type) {
    case MonitorMessageType.policyVerdict:
      return "policy-verdict";
    case MonitorMessageType.drop:
      return "drop";
    default:
      return "other";
  }
}

function allowOutcome(verdict: Verdict): PolicyOutcome | undefined {
  switch (verdict) {
    case Verdict.FORWARDED:
      return "allowed";
    case Verdict.REDIRECTED:
      return "redirected";
    case Verdict.AUDIT:
      return "audited";
    default:
      return undefined;
  }
}

function denyOutcome(verdict: Verdict): PolicyOutcome | undefined {
  if (verdict === Verdict.DROPPED || verdict === Verdict.ERROR) return "denied";
  return verdict === Verdict.AUDIT ? "audited" : undefined;
}

/**
 * The policy direction of a flow: its traffic direction, or when that is unknown (some drop
 * events) the side whose endpoint is local to the reporting node: a local source is egress.
 */
export function policyDirection(flow: Flow): PolicyDirection | undefined {
  if (flow.trafficDirection === TrafficDirection.INGRESS) return "ingress";
  if (flow.trafficDirection === TrafficDirection.EGRESS) return "egress";
  const sourceLocal = (flow.source?.ID ?? 0) !== 0;
  const destinationLocal = (flow.destination?.ID ?? 0) !== 0;
  if (sourceLocal === destinationLocal) return undefined;
  return sourceLocal ? "egress" : "ingress";
}

function inferredReason(flow: Flow, origin: EvidenceOrigin): InferenceReason | undefined {
  const verdict = flow.verdict;
  if (origin === "l7") return verdict === Verdict.DROPPED ? "l7-deny" : undefined;
  if (verdict === Verdict.DROPPED) {
    const reason = flow.dropReasonDesc;
    if (reason === DropReason.POLICY_DENY) return "deny-rule";
    if (reason === DropReason.POLICY_DENIED) return "default-deny";
    // Older agents leave a denied verdict's reason empty; other reasons (auth, …) are not policy.
    return origin === "policy-verdict" && reason === DropReason.DROP_REASON_UNKNOWN ? "default-deny" : undefined;
  }
  if (origin === "policy-verdict" && allowOutcome(verdict) !== undefined) return "unnamed-allow";
  return undefined;
}

/** Everything `flow` says about policy, reported and inferred; empty for most flows. */
export function policyEvidence(flow: Flow): PolicyEvidence[] {
  const origin = originOf(flow);
  const out: PolicyEvidence[] = [];
  const allowed = allowOutcome(flow.verdict);
  const named = flow.ingressAllowedBy.length + flow.egressAllowedBy.length + flow.ingressDeniedBy.length + flow.egressDeniedBy.length > 0;
  // Most flows are traces: no names and nothing to infer, so no work beyond this.
  if (!named && origin === "other" && flow.verdict !== Verdict.DROPPED) return out;
  if (named) {
    const denied = denyOutcome(flow.verdict);
    const lists: readonly [PolicyDirection, "allowed-by" | "denied-by", readonly Policy[], PolicyOutcome | undefined][] = [
      ["ingress", "allowed-by", flow.ingressAllowedBy, allowed],
      ["egress", "allowed-by", flow.egressAllowedBy, allowed],
      ["ingress", "denied-by", flow.ingressDeniedBy, denied],
      ["egress", "denied-by", flow.egressDeniedBy, denied],
    ];
    for (const [direction, list, policies, outcome] of lists) {
      if (policies.length > 0 && outcome !== undefined) out.push({ source: "reported", list, direction, outcome, policies: policies.map(keyOf), origin });
    }
    // A flow naming any policy explains itself; inference is only for flows that name none.
    return out;
  }
  const reason = inferredReason(flow, origin);
  const direction = reason === undefined ? undefined : policyDirection(flow);
  if (reason === undefined || direction === undefined) return out;
  const outcome = reason === "unnamed-allow" ? allowed : "denied";
  if (outcome !== undefined) out.push({ source: "inferred", direction, outcome, reason, origin });
  return out;
}
