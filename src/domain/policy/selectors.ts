// EndpointSelector: compile (with Kubernetes' label syntax checks), match against identity labels,
// and the namespace rules Cilium applies when it turns a CiliumNetworkPolicy into rules
// (`pkg/k8s/apis/cilium.io/utils`, getEndpointSelector / ParseToCiliumRule):
//   - the subject selector of a CNP always gets `k8s:io.kubernetes.pod.namespace=<policy namespace>`;
//   - a peer selector (fromEndpoints, toEndpoints, *Requires) that names no namespace gets the
//     policy's namespace (CNP) or "has some namespace" (CCNP, so it never matches reserved
//     identities), unless it selects a `reserved:` label.

import type { PathSegment, Reporter } from "./diagnostics.ts";
import type { Operator, Requirement, Selector } from "./types.ts";
import { isRecord } from "./lint.ts";
import { POD_NAMESPACE_LABEL, splitLabelKey, type IdentityLabel } from "./endpoint.ts";

const NAME_PART = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** Checks a label key (after its optional `source:` prefix) the way Kubernetes does; returns a problem or undefined. */
export function labelKeyProblem(key: string): string | undefined {
  const slash = key.lastIndexOf("/");
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && (prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix))) {
    return `label key prefix ${JSON.stringify(prefix)} must be a DNS subdomain`;
  }
  if (name.length === 0 || name.length > 63 || !NAME_PART.test(name)) {
    return `label key ${JSON.stringify(key)} is not a valid label name (alphanumerics, '-', '_', '.', at most 63 characters)`;
  }
  return undefined;
}

function labelValueProblem(value: string): string | undefined {
  return value.length > 63 || !LABEL_VALUE.test(value)
    ? `label value ${JSON.stringify(value)} is invalid (alphanumerics, '-', '_', '.', at most 63 characters)`
    : undefined;
}

function requirement(text: string, operator: Operator, values: readonly string[]): Requirement {
  const { source, key } = splitLabelKey(text, "any");
  return { source, key, operator, values };
}

/**
 * Compiles a (pruned) EndpointSelector mapping. Invalid keys, values and operator/value
 * combinations are reported as errors and left out of the selector.
 */
export function compileSelector(raw: unknown, path: readonly PathSegment[], report: Reporter): Selector {
  const requirements: Requirement[] = [];
  if (!isRecord(raw)) return { requirements };
  const matchLabels = isRecord(raw["matchLabels"]) ? raw["matchLabels"] : {};
  for (const [text, value] of Object.entries(matchLabels)) {
    const where = [...path, "matchLabels", text];
    const problem = labelKeyProblem(splitLabelKey(text, "any").key) ?? (typeof value === "string" ? labelValueProblem(value) : undefined);
    if (problem !== undefined) report(where, "error", problem);
    else if (typeof value === "string") requirements.push(requirement(text, "In", [value]));
  }
  const expressions = Array.isArray(raw["matchExpressions"]) ? raw["matchExpressions"] : [];
  expressions.forEach((item: unknown, index) => {
    const where = [...path, "matchExpressions", index];
    if (!isRecord(item)) return;
    const key = item["key"];
    const operator = item["operator"];
    const values = Array.isArray(item["values"]) ? item["values"].filter((v): v is string => typeof v === "string") : [];
    if (typeof key !== "string") return report(where, "error", "key is required");
    if (typeof operator !== "string") return report(where, "error", "operator is required (In, NotIn, Exists, DoesNotExist)");
    const keyProblem = labelKeyProblem(splitLabelKey(key, "any").key);
    if (keyProblem !== undefined) return report([...where, "key"], "error", keyProblem);
    const op = operator as Operator;
    if ((op === "In" || op === "NotIn") && values.length === 0) {
      return report([...where, "values"], "error", `values must be non-empty for operator ${op}`);
    }
    if ((op === "Exists" || op === "DoesNotExist") && values.length > 0) {
      return report([...where, "values"], "error", `values must be empty for operator ${op}`);
    }
    requirements.push(requirement(key, op, values));
  });
  return { requirements };
}

function valueOf(labels: readonly IdentityLabel[], source: string, key: string): string | undefined {
  for (const label of labels) {
    if (label.key === key && (source === "any" || label.source === source)) return label.value;
  }
  return undefined;
}

/** True when every requirement holds for the identity labels (an empty selector selects everything). */
export function selectorMatches(selector: Selector, labels: readonly IdentityLabel[]): boolean {
  for (const req of selector.requirements) {
    const value = valueOf(labels, req.source, req.key);
    switch (req.operator) {
      case "In":
        if (value === undefined || !req.values.includes(value)) return false;
        break;
      case "NotIn":
        if (value !== undefined && req.values.includes(value)) return false;
        break;
      case "Exists":
        if (value === undefined) return false;
        break;
      case "DoesNotExist":
        if (value !== undefined) return false;
        break;
    }
  }
  return true;
}

/** The namespace a selector names through `[k8s:|any:]io.kubernetes.pod.namespace`, if any requirement mentions it. */
export function namespaceRequirement(selector: Selector): Requirement | undefined {
  return selector.requirements.find((r) => r.key === POD_NAMESPACE_LABEL && (r.source === "k8s" || r.source === "any"));
}

const podNamespaceIs = (namespace: string): Requirement => ({ source: "k8s", key: POD_NAMESPACE_LABEL, operator: "In", values: [namespace] });

/** A CNP's subject selector only ever selects pods of the policy's namespace; a CCNP's is left alone. */
export function scopeSubject(selector: Selector, namespace: string): Selector {
  return namespace === "" ? selector : { requirements: [...selector.requirements, podNamespaceIs(namespace)] };
}

/** Applies Cilium's implied namespace to a peer selector (see the file comment). */
export function scopePeer(selector: Selector, namespace: string): Selector {
  if (selector.requirements.some((r) => r.source === "reserved")) return selector;
  if (namespaceRequirement(selector) !== undefined) return selector;
  const implied: Requirement =
    namespace === "" ? { source: "k8s", key: POD_NAMESPACE_LABEL, operator: "Exists", values: [] } : podNamespaceIs(namespace);
  return { requirements: [...selector.requirements, implied] };
}

/** Adds fromRequires/toRequires constraints to a peer selector. */
export function withRequirements(selector: Selector, requires: readonly Selector[]): Selector {
  return requires.length === 0 ? selector : { requirements: [...selector.requirements, ...requires.flatMap((r) => r.requirements)] };
}
