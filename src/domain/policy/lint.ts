// Walks a raw policy document against the CRD schema (schema.ts) and returns what the API server
// would store: unknown fields pruned (a warning each, saying what Kubernetes does with it), nulls
// dropped, and values of the wrong type reported as errors (the API server rejects such objects;
// we drop the value and carry on so one bad field does not hide the others).

import type { PathSegment, Reporter } from "./diagnostics.ts";
import type { SchemaNode } from "./schema.ts";

/** What the linter needs from its caller. */
export interface LintContext {
  /** Resource kind, used in messages: "not a CiliumNetworkPolicy field". */
  kind: string;
  report: Reporter;
}

/**
 * Why a field people write is not there, keyed by field name. The schema says a field does not
 * exist; these say what the author probably meant, which is what makes the warning useful.
 */
const UNKNOWN_FIELD_HINTS: Readonly<Record<string, string>> = {
  namespaceSelector:
    "name the namespace with the label io.kubernetes.pod.namespace in matchLabels; " +
    "without it, a peer of a CiliumNetworkPolicy only matches the policy's own namespace",
  podSelector: "this is NetworkPolicy syntax; Cilium selectors use matchLabels/matchExpressions directly",
  grpc: "Cilium has no gRPC rule type; gRPC is HTTP/2, so match /package.Service/Method with rules.http. The port keeps no L7 rules from it",
  policyEnforcement:
    "enforcement and audit mode are agent settings, policyEnforcementMode and policyAuditMode; this policy is enforced",
  fromServices: "Cilium has no fromServices; toServices exists on egress only",
  toFQDNs: "toFQDNs is only allowed in egress (allow) rules",
  rules: "deny rules cannot carry L7 rules",
};

/** Hints that depend on where the field sits. */
function hintFor(key: string, parent: string): string | undefined {
  if (key === "action") {
    return parent === "PortRuleHTTP" || parent === "PortRuleKafka"
      ? "Cilium L7 rules only allow and denies exist only at L3/L4 with ingressDeny/egressDeny, so this rule now allows what it was meant to deny"
      : "Cilium rules have no action; deny traffic with ingressDeny/egressDeny";
  }
  return Object.hasOwn(UNKNOWN_FIELD_HINTS, key) ? UNKNOWN_FIELD_HINTS[key] : undefined;
}

/** JSON-ish type name of a value, as Kubernetes would print it. */
export function typeName(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

/** True for plain objects (YAML mappings). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function expected(schema: SchemaNode): string {
  switch (schema.type) {
    case "int-or-string":
      return "an integer or a string";
    case "array":
      return "a list";
    case "map":
    case "object":
      return "a mapping";
    case "integer":
      return "an integer";
    case "boolean":
      return "a boolean";
    default:
      return "a string";
  }
}

function typeError(schema: SchemaNode, value: unknown): string {
  let hint = "";
  if (schema.type === "string" && (typeof value === "number" || typeof value === "boolean")) {
    hint = ` (quote it: "${String(value)}")`;
  } else if (schema.type === "integer" && typeof value === "string" && /^\d+$/.test(value)) {
    hint = " (write it without quotes)";
  }
  return `must be ${expected(schema)}, not ${typeName(value)}${hint}; the API server rejects the object`;
}

/**
 * Returns the value as the API server would keep it, or `undefined` when it is dropped (null, wrong
 * type). Empty lists are kept: Cilium treats `fromEndpoints: []` (selects nothing) differently from
 * an absent field (no L3 constraint).
 */
export function pruneToSchema(
  value: unknown,
  schema: SchemaNode,
  path: readonly PathSegment[],
  ctx: LintContext,
): unknown {
  if (value === null || value === undefined) return undefined;
  switch (schema.type) {
    case "any":
      return value;
    case "string":
      if (typeof value !== "string") break;
      if (schema.enum !== undefined && !schema.enum.includes(value)) {
        ctx.report(path, "error", `must be one of ${schema.enum.join(", ")}, not ${JSON.stringify(value)}; the API server rejects the object`);
        return undefined;
      }
      return value;
    case "integer":
      if (typeof value !== "number" || !Number.isInteger(value)) break;
      if ((schema.minimum !== undefined && value < schema.minimum) || (schema.maximum !== undefined && value > schema.maximum)) {
        ctx.report(path, "error", `${value} is out of range ${schema.minimum ?? "-∞"}..${schema.maximum ?? "∞"}; the API server rejects the object`);
        return undefined;
      }
      return value;
    case "boolean":
      if (typeof value !== "boolean") break;
      return value;
    case "int-or-string":
      if (typeof value === "string" || (typeof value === "number" && Number.isInteger(value))) return value;
      break;
    case "array": {
      if (!Array.isArray(value)) break;
      const out: unknown[] = [];
      value.forEach((item, index) => {
        if (item === null) {
          ctx.report([...path, index], "warning", "null list item; the API server drops it");
          return;
        }
        const kept = pruneToSchema(item, schema.items, [...path, index], ctx);
        if (kept !== undefined) out.push(kept);
      });
      return out;
    }
    case "map": {
      if (!isRecord(value)) break;
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value)) {
        const kept = pruneToSchema(item, schema.values, [...path, key], ctx);
        if (kept !== undefined) out[key] = kept;
        else if (item === null) ctx.report([...path, key], "error", `must be ${expected(schema.values)}, not null; the API server rejects the object`);
      }
      return out;
    }
    case "object":
      if (!isRecord(value)) break;
      return pruneObject(value, schema, path, ctx);
  }
  ctx.report(path, "error", typeError(schema, value));
  return undefined;
}

function pruneObject(
  value: Record<string, unknown>,
  schema: Extract<SchemaNode, { type: "object" }>,
  path: readonly PathSegment[],
  ctx: LintContext,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const fieldPath = [...path, key];
    const field = Object.hasOwn(schema.fields, key) ? schema.fields[key] : undefined;
    if (field === undefined) {
      const hint = hintFor(key, schema.name);
      ctx.report(fieldPath, "warning", `not a ${ctx.kind} field; the API server prunes it${hint === undefined ? "" : `; ${hint}`}`);
      continue;
    }
    if (item === null) {
      if (field.type === "array" || field.type === "object" || field.type === "map") {
        ctx.report(fieldPath, "warning", "null; the API server drops it, as if the field were absent");
      }
      continue;
    }
    const kept = pruneToSchema(item, field, fieldPath, ctx);
    if (kept !== undefined) out[key] = kept;
  }
  return out;
}
