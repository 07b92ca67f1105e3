// Entry point of the policy engine: evaluates a connection (and optionally one L7 request on it)
// against a policy set, on both ends: egress at the source endpoint, ingress at the destination.
// Replies are not evaluated: Cilium's connection tracking lets them through once the original
// direction was allowed.

import type { PolicySet } from "./policy-set.ts";
import type { ConnectionVerdict, L7Verdict, TrafficVerdict } from "./result.ts";
import { resolveOptions, type Connection, type EvaluateOptions } from "./connection.ts";
import { evaluateDirection } from "./evaluate-direction.ts";
import { evaluateL7, type L7Request } from "./evaluate-l7.ts";

function combine(a: TrafficVerdict, b: TrafficVerdict): TrafficVerdict {
  if (a === "denied" || b === "denied") return "denied";
  return a === "audit" || b === "audit" ? "audit" : "allowed";
}

/**
 * Evaluates a connection and, when given, one L7 request on it. The request is judged only if
 * L3/L4 lets the connection through and a proxy for its protocol is on the path; the egress proxy
 * sees it first, then the ingress proxy.
 */
export function evaluateConnection(set: PolicySet, connection: Connection, request?: L7Request, options: EvaluateOptions = {}): ConnectionVerdict {
  const resolved = resolveOptions(options);
  const egress = evaluateDirection(set.rules, connection, "egress", resolved);
  const ingress = evaluateDirection(set.rules, connection, "ingress", resolved);
  const verdict = combine(egress.verdict.verdict, ingress.verdict.verdict);
  let l7: L7Verdict | undefined;
  if (request !== undefined && verdict !== "denied") {
    const atEgress = evaluateL7("egress", egress.verdict.proxy, egress.l7Entries, request);
    const atIngress = atEgress?.verdict === "denied" ? undefined : evaluateL7("ingress", ingress.verdict.proxy, ingress.l7Entries, request);
    l7 = atIngress ?? atEgress;
  }
  return { egress: egress.verdict, ingress: ingress.verdict, verdict, l7 };
}
