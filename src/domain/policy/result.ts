// What an evaluation returns, in Hubble's vocabulary: the policy-verdict event's verdict, policy
// match type (`Flow.policy_match_type`, pkg/monitor/api/types.go), drop reason, and the
// allowed-by / denied-by policy lists (`Flow.ingress_allowed_by`, …).

import { Verdict, type DropReason } from "../../gen/flow/flow_pb.ts";
import type { PolicyRef, ProxyKind } from "./types.ts";

/** `Flow.policy_match_type` values. */
export const PolicyMatchType = {
  NONE: 0,
  L3_ONLY: 1,
  L3_L4: 2,
  L4_ONLY: 3,
  ALL: 4,
  L3_PROTO: 5,
  PROTO_ONLY: 6,
} as const;

/** One of the policy match type numbers. */
export type PolicyMatchType = (typeof PolicyMatchType)[keyof typeof PolicyMatchType];

const MATCH_WORDS = ["none", "L3-Only", "L3-L4", "L4-Only", "all", "L3-Proto", "Proto-Only"] as const;

/** The word `hubble observe` prints after `policy-verdict:`. */
export type PolicyMatchWord = (typeof MATCH_WORDS)[number] | "unknown";

/** `policy-verdict:<word>` text for a match type number; `unknown` for values Hubble does not know. */
export function policyMatchWord(type: number): PolicyMatchWord {
  return MATCH_WORDS[type] ?? "unknown";
}

/** Outcome for the traffic: passed, dropped, or would have been dropped (audit mode). */
export type TrafficVerdict = "allowed" | "denied" | "audit";

/** The decision of one side: egress at the source endpoint or ingress at the destination. */
export interface DirectionVerdict {
  readonly direction: "ingress" | "egress";
  /**
   * False when no policy selects the endpoint for this direction (or the peer is not a
   * Cilium-managed endpoint): the traffic passes and Cilium emits no policy-verdict event.
   */
  readonly enforced: boolean;
  readonly verdict: TrafficVerdict;
  /** Verdict of the policy-verdict event: FORWARDED, REDIRECTED (to a proxy), DROPPED or AUDIT. */
  readonly flowVerdict: Verdict;
  readonly matchType: PolicyMatchType;
  readonly matchWord: PolicyMatchWord;
  /** POLICY_DENIED (133) without a matching allow, POLICY_DENY (181) when a deny rule matched. */
  readonly dropReason?: DropReason;
  /** The L7 proxy the connection is redirected to, if any. */
  readonly proxy?: ProxyKind;
  readonly allowedBy: readonly PolicyRef[];
  readonly deniedBy: readonly PolicyRef[];
  /** Rule entries that decided, as `namespace/name spec.ingress[0]`, for explanations. */
  readonly matchedRules: readonly string[];
}

/** The decision of an L7 proxy on one request. */
export interface L7Verdict {
  readonly direction: "ingress" | "egress";
  readonly proxy: "http" | "dns" | "kafka";
  readonly verdict: "allowed" | "denied";
  /** Verdict of the L7 flow: FORWARDED or DROPPED (L7 drops carry no drop reason). */
  readonly flowVerdict: Verdict;
  /**
   * Policies whose L7 rules (or merged allow-all) let the request through. For explanations only:
   * Hubble's L7 flows carry no allowed-by lists.
   */
  readonly allowedBy: readonly PolicyRef[];
  /** 403 ("Access denied") when the HTTP proxy denies. */
  readonly httpStatus?: number;
  /** REFUSED when the DNS proxy denies (Cilium's default reject response code). */
  readonly dnsRcode?: "REFUSED";
}

/** The whole answer for one connection. */
export interface ConnectionVerdict {
  /** Egress at the source endpoint. */
  readonly egress: DirectionVerdict;
  /**
   * Ingress at the destination endpoint, evaluated even when egress already dropped the packet so
   * a UI can show both sides; a simulator emits it only when egress let the packet through.
   */
  readonly ingress: DirectionVerdict;
  /** L3/L4 outcome: denied if either side denies, audit if either side only audits. */
  readonly verdict: TrafficVerdict;
  /** Present when an L7 request was given and a proxy on the path handles its protocol. */
  readonly l7?: L7Verdict;
}

/** Maps a traffic verdict and redirect to the verdict Hubble shows on the policy-verdict event. */
export function flowVerdictOf(verdict: TrafficVerdict, redirected: boolean): Verdict {
  if (verdict === "denied") return Verdict.DROPPED;
  if (verdict === "audit") return Verdict.AUDIT;
  return redirected ? Verdict.REDIRECTED : Verdict.FORWARDED;
}
