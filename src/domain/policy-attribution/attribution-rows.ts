// The policy-attribution table as plain data: one row per (policy, direction) reported by the
// flows, and one per (inference, endpoint, direction) for flows that named no policy, with the
// words a user reads in the "policy" column. Reported and inferred rows are returned apart so a
// view cannot mix what Hubble said with what we concluded.
import { cleanText } from "../aggregation/service-map/l7-summary.ts";
import type { InferenceReason, PolicyDirection, PolicyKey } from "./policy-evidence.ts";

/** A time range [fromMs, toMs); -Infinity / Infinity for open ends. */
export interface TimeRange {
  readonly fromMs: number;
  readonly toMs: number;
}

/** Everything since clear(). */
export const ALL_TIME: TimeRange = { fromMs: Number.NEGATIVE_INFINITY, toMs: Number.POSITIVE_INFINITY };

/** Counts of one row (or one chart step) per outcome. */
export interface OutcomeCounts {
  readonly allowed: number;
  readonly denied: number;
  readonly redirected: number;
  readonly audited: number;
}

/** The endpoint an inferred row is about. */
export interface InferenceEndpoint {
  /** The service map's node id. */
  readonly id: string;
  readonly name: string;
  readonly namespace: string;
  readonly cluster: string;
}

/** How an inferred row was concluded (see policy-attribution-aggregator.ts). */
export interface Inference {
  readonly reason: InferenceReason;
  readonly endpoint: InferenceEndpoint;
  /**
   * default-deny: the policies reported allowing this endpoint's traffic in this direction
   * (in the range, else before it); l7-deny: those that redirected it to the proxy. Busiest first.
   */
  readonly selectedBy: readonly PolicyKey[];
}

export interface AttributionRow extends OutcomeCounts {
  /** Stable across queries: reported `R…`, inferred `I…`. */
  readonly id: string;
  readonly source: "reported" | "inferred";
  /** The policy name (reported) or the inference in words (inferred). */
  readonly policy: string;
  /** Policy kind (CiliumNetworkPolicy, …); "" for inferred rows. */
  readonly kind: string;
  /** The policy's namespace ("" cluster-wide); for inferred rows the endpoint's namespace. */
  readonly namespace: string;
  readonly direction: PolicyDirection;
  /** Flow times of the first and last counted flow in the range (bucket-exact). */
  readonly firstSeenMs: number;
  readonly lastSeenMs: number;
  /** Inferred rows only. */
  readonly inference: Inference | undefined;
}

/** The table for one range, reported and inferred apart, busiest first. */
export interface AttributionTable {
  readonly reported: readonly AttributionRow[];
  readonly inferred: readonly AttributionRow[];
}

/** One chart step: counts of the buckets starting in [startMs, startMs + step). */
export interface AttributionPoint extends OutcomeCounts {
  readonly startMs: number;
}

const MAX_NAMES = 4;

/** A policy as a short name: `name`, `ns/name` outside `namespace`, plus the kind unless a CNP. */
export function policyLabel(policy: PolicyKey, namespace = policy.namespace): string {
  const name = policy.namespace === "" || policy.namespace === namespace ? policy.name : `${policy.namespace}/${policy.name}`;
  const kind = policy.kind === "" || policy.kind === "CiliumNetworkPolicy" ? "" : ` (${policy.kind})`;
  return cleanText(`${name}${kind}`, 160);
}

function names(policies: readonly PolicyKey[], namespace: string): string {
  const shown = policies.slice(0, MAX_NAMES).map((p) => policyLabel(p, namespace));
  const hidden = policies.length - shown.length;
  return hidden > 0 ? `${shown.join(", ")} +${hidden} more` : shown.join(", ");
}

/**
 * The words of an inferred row: "default deny: endpoint selected by allow-dns, allow-frontend-egress",
 * "default deny (selecting policy not seen)", "L7 deny: proxy rules of allow-frontend-l7", …
 */
export function inferenceText(reason: InferenceReason, selectedBy: readonly PolicyKey[], namespace: string): string {
  switch (reason) {
    case "default-deny":
      return selectedBy.length === 0 ? "default deny (selecting policy not seen)" : `default deny: endpoint selected by ${names(selectedBy, namespace)}`;
    case "l7-deny":
      return selectedBy.length === 0 ? "L7 deny (redirecting policy not seen)" : `L7 deny: proxy rules of ${names(selectedBy, namespace)}`;
    case "deny-rule":
      return "deny rule (policy not named by Hubble)";
    case "unnamed-allow":
      return "allowed (policy not named by Hubble)";
  }
}

const total = (r: OutcomeCounts): number => r.allowed + r.denied + r.redirected + r.audited;

/** Orders rows busiest first; ties by policy words, direction and id, so equal rows keep their places. */
export function compareRows(a: AttributionRow, b: AttributionRow): number {
  const byTotal = total(b) - total(a);
  if (byTotal !== 0) return byTotal;
  if (a.policy !== b.policy) return a.policy < b.policy ? -1 : 1;
  if (a.direction !== b.direction) return a.direction < b.direction ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
