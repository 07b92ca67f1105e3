// Turns one pruned rule body (`spec` or `specs[i]`) into a PolicyRule, checking what the agent's
// rule sanitizer and the CRD's oneOf constraints reject, and warning about constructs that are
// accepted but do not do what they look like (empty `ingress: []`, deprecated requires).

import type { PathSegment, Reporter } from "./diagnostics.ts";
import type { PeerRule, PolicyKind, PolicyRef, PolicyRule, Selector } from "./types.ts";
import { formatPath } from "./diagnostics.ts";
import { isRecord } from "./lint.ts";
import { compileSelector, namespaceRequirement, scopeSubject } from "./selectors.ts";
import { buildPeers, buildRequires, type PeerContext } from "./build-peers.ts";
import { buildPortKeys } from "./build-ports.ts";

/** What rule building needs to know about the policy the rule belongs to. */
export interface RuleContext {
  readonly policy: PolicyRef;
  readonly kind: PolicyKind;
  /** Policy namespace; empty for a clusterwide policy. */
  readonly namespace: string;
  readonly report: Reporter;
}

type Section = "ingress" | "ingressDeny" | "egress" | "egressDeny";

function buildEntries(spec: Record<string, unknown>, section: Section, path: readonly PathSegment[], ctx: RuleContext): PeerRule[] {
  const raw = spec[section];
  if (!Array.isArray(raw)) return [];
  const ingress = section.startsWith("ingress");
  const deny = section.endsWith("Deny");
  if (raw.length === 0) {
    const direction = ingress ? "ingress" : "egress";
    ctx.report([...path, section], "warning", `an empty list is the same as no ${section} section: it does not put endpoints into ${direction} default deny (write \`${section}: [{}]\` for that)`);
  }
  const peerCtx: PeerContext = { namespace: ctx.namespace, report: ctx.report };
  const entries: PeerRule[] = [];
  raw.forEach((entry: unknown, index) => {
    const where = [...path, section, index];
    if (!isRecord(entry)) return;
    const peers = buildPeers(entry, ingress, where, peerCtx);
    const ports = buildPortKeys(entry, ingress, deny, where, ctx.report);
    const listedPorts = ["toPorts", "icmps"].some((field) => Array.isArray(entry[field]) && entry[field].length > 0);
    if (isRecord(entry["authentication"]) && entry["authentication"]["mode"] === "required") {
      ctx.report([...where, "authentication"], "warning", "mutual authentication is not simulated; traffic is evaluated as if already authenticated");
    }
    // Listed ports that all failed to parse must not turn the entry into an all-ports rule.
    entries.push({ path: formatPath(where), deny, peers: listedPorts && ports.length === 0 ? null : peers, ports });
  });
  return entries;
}

function requires(spec: Record<string, unknown>, ingress: boolean, path: readonly PathSegment[], ctx: RuleContext): Selector[] {
  const peerCtx: PeerContext = { namespace: ctx.namespace, report: ctx.report };
  const sections: Section[] = ingress ? ["ingress", "ingressDeny"] : ["egress", "egressDeny"];
  return sections.flatMap((section) => {
    const raw = spec[section];
    if (!Array.isArray(raw)) return [];
    return raw.flatMap((entry: unknown, index) =>
      isRecord(entry) ? buildRequires(entry, ingress ? "fromRequires" : "toRequires", [...path, section, index], peerCtx) : [],
    );
  });
}

function subjectOf(spec: Record<string, unknown>, path: readonly PathSegment[], ctx: RuleContext): PolicyRule["subject"] | undefined {
  const hasEndpoints = isRecord(spec["endpointSelector"]);
  const hasNodes = isRecord(spec["nodeSelector"]);
  if (hasEndpoints === hasNodes) {
    ctx.report(path, "error", hasNodes ? "endpointSelector and nodeSelector are mutually exclusive" : "endpointSelector (or, in a clusterwide policy, nodeSelector) is required");
    return undefined;
  }
  if (hasNodes) {
    if (ctx.kind === "CiliumNetworkPolicy") {
      ctx.report([...path, "nodeSelector"], "error", "nodeSelector can only be used in a CiliumClusterwideNetworkPolicy");
      return undefined;
    }
    return { node: true, selector: compileSelector(spec["nodeSelector"], [...path, "nodeSelector"], ctx.report) };
  }
  const selector = compileSelector(spec["endpointSelector"], [...path, "endpointSelector"], ctx.report);
  const named = namespaceRequirement(selector);
  if (ctx.namespace !== "" && named !== undefined && !(named.operator === "In" && named.values.includes(ctx.namespace))) {
    ctx.report([...path, "endpointSelector"], "warning", `a CiliumNetworkPolicy only selects pods of its own namespace (${ctx.namespace}); this selector names another one and selects nothing`);
  }
  return { node: false, selector: scopeSubject(selector, ctx.namespace) };
}

/** Builds the rule, or returns undefined when it has no usable subject (errors already reported). */
export function buildRule(spec: Record<string, unknown>, path: readonly PathSegment[], ctx: RuleContext): PolicyRule | undefined {
  const subject = subjectOf(spec, path, ctx);
  const sections: Section[] = ["ingress", "ingressDeny", "egress", "egressDeny"];
  if (sections.every((section) => spec[section] === undefined)) {
    ctx.report(path, "warning", "no ingress, ingressDeny, egress or egressDeny section: the rule selects endpoints but changes nothing");
  }
  const ingress = [...buildEntries(spec, "ingress", path, ctx), ...buildEntries(spec, "ingressDeny", path, ctx)];
  const egress = [...buildEntries(spec, "egress", path, ctx), ...buildEntries(spec, "egressDeny", path, ctx)];
  const defaultDeny = isRecord(spec["enableDefaultDeny"]) ? spec["enableDefaultDeny"] : {};
  if (subject === undefined) return undefined;
  return {
    policy: ctx.policy,
    path: formatPath(path),
    namespace: ctx.namespace,
    subject,
    ingress,
    egress,
    hasIngress: ingress.length > 0,
    hasEgress: egress.length > 0,
    defaultDenyIngress: defaultDeny["ingress"] !== false,
    defaultDenyEgress: defaultDeny["egress"] !== false,
    ingressRequires: requires(spec, true, path, ctx),
    egressRequires: requires(spec, false, path, ctx),
  };
}
