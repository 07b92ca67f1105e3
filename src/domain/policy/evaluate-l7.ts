// Judges one L7 request at a proxy. The proxy holds, for the redirected port, the L7 rules of
// every policy entry that matches the peer (including the allow-all rules Cilium merges in for
// L3/L4-only entries); a request passes when any of them allows it. Denied HTTP requests get a
// 403 "Access denied" from the proxy, denied DNS queries a REFUSED answer; Hubble records the
// request as DROPPED without a drop reason.

import { Verdict } from "../../gen/flow/flow_pb.ts";
import type { L7Entry } from "./evaluate-direction.ts";
import type { L7Verdict } from "./result.ts";
import type { PolicyRef, ProxyKind } from "./types.ts";
import { httpRuleMatches, type HttpRequest } from "./l7-http.ts";
import { nameMatches } from "./l7-dns.ts";
import { kafkaRuleMatches, type KafkaRequest } from "./l7-kafka.ts";

/** An application-level request carried by the connection. */
export type L7Request =
  | ({ readonly kind: "http" } & HttpRequest)
  | { readonly kind: "dns"; readonly query: string }
  | ({ readonly kind: "kafka" } & KafkaRequest);

function entryAllows(entry: L7Entry, request: L7Request): boolean {
  const l7 = entry.l7;
  if (l7 === "allow-all") return true;
  if (l7.parser === "http" && request.kind === "http") return l7.rules.some((rule) => httpRuleMatches(rule, request));
  if (l7.parser === "dns" && request.kind === "dns") return l7.rules.some((matcher) => nameMatches(matcher, request.query));
  if (l7.parser === "kafka" && request.kind === "kafka") return l7.rules.some((rule) => kafkaRuleMatches(rule, request));
  return false;
}

/**
 * The proxy's decision, or undefined when the proxy on this side does not speak the request's
 * protocol (e.g. a TLS-only or Envoy-listener redirect, which this engine does not judge).
 */
export function evaluateL7(direction: "ingress" | "egress", proxy: ProxyKind | undefined, entries: readonly L7Entry[], request: L7Request): L7Verdict | undefined {
  if (proxy !== request.kind) return undefined;
  const allowing = entries.filter((entry) => entryAllows(entry, request));
  const seen = new Map<string, PolicyRef>();
  for (const { policy } of allowing) if (policy !== undefined) seen.set(`${policy.kind}/${policy.namespace}/${policy.name}`, policy);
  const allowed = allowing.length > 0;
  return {
    direction,
    proxy: request.kind,
    verdict: allowed ? "allowed" : "denied",
    flowVerdict: allowed ? Verdict.FORWARDED : Verdict.DROPPED,
    allowedBy: [...seen.values()],
    httpStatus: !allowed && request.kind === "http" ? 403 : undefined,
    dnsRcode: !allowed && request.kind === "dns" ? "REFUSED" : undefined,
  };
}
