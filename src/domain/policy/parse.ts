// Parses cilium.io/v2 CiliumNetworkPolicy / CiliumClusterwideNetworkPolicy documents (multi-document
// YAML or plain objects) into rules, with diagnostics that carry file, line and field path.
//
// Order of work per document, as Kubernetes and Cilium do it: check kind/apiVersion, prune to the
// CRD schema (lint.ts: unknown fields are warnings, wrong types errors), then build rules from what
// is left (build-rule.ts: value checks the agent does). Note: `kubectl apply` with its default
// strict field validation refuses unknown fields outright; a server-side apply or an older client
// lets the API server prune them. Either way the fields never reach Cilium, which is what we model.

import { LineCounter, isMap, isScalar, isSeq, parseAllDocuments, type Document } from "yaml";
import type { Diagnostic, PathSegment, Reporter } from "./diagnostics.ts";
import type { PolicyKind, PolicyRef, PolicyRule } from "./types.ts";
import { formatPath, hasErrors } from "./diagnostics.ts";
import { isRecord, pruneToSchema, typeName } from "./lint.ts";
import { DOCUMENT_SCHEMA } from "./schema.ts";
import { buildRule } from "./build-rule.ts";

/** A policy document after parsing. */
export interface ParsedPolicy {
  readonly ref: PolicyRef;
  readonly kind: PolicyKind;
  readonly name: string;
  /** Empty for a clusterwide policy. */
  readonly namespace: string;
  readonly rules: readonly PolicyRule[];
  /** This document's diagnostics. */
  readonly diagnostics: readonly Diagnostic[];
  /** False when any diagnostic is an error: the API server or the agent would refuse the policy. */
  readonly valid: boolean;
  readonly file?: string;
  /** 1-based line where the document starts. */
  readonly line?: number;
}

/** Everything found in one input. */
export interface ParseResult {
  readonly policies: readonly ParsedPolicy[];
  /** All diagnostics, including those of documents that produced no policy. */
  readonly diagnostics: readonly Diagnostic[];
}

/** Where the input came from and which namespace a CNP without one lands in. */
export interface ParseOptions {
  /** File name used in diagnostics. */
  readonly file?: string;
  /** Namespace for a CiliumNetworkPolicy without metadata.namespace (what `kubectl apply -n` does); default `default`. */
  readonly namespace?: string;
}

const KINDS: readonly PolicyKind[] = ["CiliumNetworkPolicy", "CiliumClusterwideNetworkPolicy"];
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

type Locate = (path: readonly PathSegment[]) => { line: number; column: number } | undefined;

/** The labels Cilium attaches to rules of a policy, as Hubble shows them in `flow.Policy.labels`. */
export function policyLabels(kind: PolicyKind, name: string, namespace: string): string[] {
  const labels = [`k8s:io.cilium.k8s.policy.derived-from=${kind}`, `k8s:io.cilium.k8s.policy.name=${name}`];
  if (namespace !== "") labels.push(`k8s:io.cilium.k8s.policy.namespace=${namespace}`);
  return labels;
}

function buildPolicy(raw: unknown, locate: Locate, options: ParseOptions, startLine: number | undefined): { policy?: ParsedPolicy; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const report: Reporter = (path, severity, message) => {
    const where = formatPath(path);
    // A value dropped for its type is also "missing" to the rule builder; one error per field is enough.
    if (severity === "error" && diagnostics.some((d) => d.severity === "error" && d.path === where && where !== "")) return;
    const at = locate(path);
    diagnostics.push({ severity, path: where, message, file: options.file, line: at?.line ?? startLine, column: at?.column });
  };
  if (!isRecord(raw)) {
    report([], "error", `a policy document must be a mapping, not ${typeName(raw)}`);
    return { diagnostics };
  }
  const kind = raw["kind"];
  if (typeof kind !== "string") {
    report(kind === undefined ? [] : ["kind"], "error", "kind is required (CiliumNetworkPolicy or CiliumClusterwideNetworkPolicy)");
    return { diagnostics };
  }
  if (!KINDS.includes(kind as PolicyKind)) {
    report(["kind"], "warning", `kind ${kind} is not a Cilium network policy; document skipped`);
    return { diagnostics };
  }
  const policyKind = kind as PolicyKind;
  if (raw["apiVersion"] !== "cilium.io/v2") {
    report(raw["apiVersion"] === undefined ? [] : ["apiVersion"], "error", `apiVersion must be cilium.io/v2 for ${kind}, not ${JSON.stringify(raw["apiVersion"] ?? null)}`);
  }
  const doc = pruneToSchema(raw, DOCUMENT_SCHEMA, [], { kind, report });
  const pruned = isRecord(doc) ? doc : {};
  const metadata = isRecord(pruned["metadata"]) ? pruned["metadata"] : {};
  const name = typeof metadata["name"] === "string" ? metadata["name"] : "";
  if (name === "") report(["metadata"], "error", "metadata.name is required");
  else if (name.length > 253 || !DNS_SUBDOMAIN.test(name)) report(["metadata", "name"], "error", `${JSON.stringify(name)} is not a valid name (lowercase DNS subdomain)`);
  let namespace = typeof metadata["namespace"] === "string" ? metadata["namespace"] : "";
  if (policyKind === "CiliumClusterwideNetworkPolicy") {
    if (namespace !== "") report(["metadata", "namespace"], "warning", "a clusterwide policy has no namespace; Kubernetes ignores it");
    namespace = "";
  } else {
    if (namespace === "") namespace = options.namespace ?? "default";
    if (namespace.length > 63 || !DNS_LABEL.test(namespace)) report(["metadata", "namespace"], "error", `${JSON.stringify(namespace)} is not a valid namespace`);
  }
  const ref: PolicyRef = { name, namespace, kind: policyKind, labels: policyLabels(policyKind, name, namespace) };
  const ctx = { policy: ref, kind: policyKind, namespace, report };
  const rules: PolicyRule[] = [];
  const specs = Array.isArray(pruned["specs"]) ? pruned["specs"] : [];
  if (!isRecord(pruned["spec"]) && specs.length === 0) report([], "error", "spec or specs is required");
  if (isRecord(pruned["spec"])) {
    const rule = buildRule(pruned["spec"], ["spec"], ctx);
    if (rule !== undefined) rules.push(rule);
  }
  specs.forEach((spec: unknown, index) => {
    const rule = isRecord(spec) ? buildRule(spec, ["specs", index], ctx) : undefined;
    if (rule !== undefined) rules.push(rule);
  });
  diagnostics.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
  const policy: ParsedPolicy = {
    ref,
    kind: policyKind,
    name,
    namespace,
    rules,
    diagnostics,
    valid: !hasErrors(diagnostics),
    file: options.file,
    line: startLine,
  };
  return { policy, diagnostics };
}

/** Finds the source offset of a path: the key for mapping entries, the item for list entries. */
function offsetOf(doc: Document, path: readonly PathSegment[]): number | undefined {
  let node: unknown = doc.contents;
  let offset = isMap(node) || isSeq(node) || isScalar(node) ? node.range?.[0] : undefined;
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(segment));
      if (pair === undefined) return offset;
      offset = isScalar(pair.key) ? (pair.key.range?.[0] ?? offset) : offset;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === "number") {
      const item: unknown = node.items[segment];
      if (!(isMap(item) || isSeq(item) || isScalar(item))) return offset;
      offset = item.range?.[0] ?? offset;
      node = item;
    } else {
      return offset;
    }
  }
  return offset;
}

/** Parses every document of a YAML text. Never throws: syntax errors become diagnostics. */
export function parsePolicyYaml(text: string, options: ParseOptions = {}): ParseResult {
  const lineCounter = new LineCounter();
  const diagnostics: Diagnostic[] = [];
  const policies: ParsedPolicy[] = [];
  const position = (offset: number | undefined): { line: number; column: number } | undefined =>
    offset === undefined ? undefined : { line: lineCounter.linePos(offset).line, column: lineCounter.linePos(offset).col };
  let docs: Document[];
  try {
    const parsed = parseAllDocuments(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
    docs = Array.isArray(parsed) ? parsed : [];
  } catch (error) {
    return { policies, diagnostics: [{ severity: "error", path: "", message: `YAML: ${String(error)}`, file: options.file }] };
  }
  for (const doc of docs) {
    const contents: unknown = doc.contents;
    const start = position(isMap(contents) || isSeq(contents) || isScalar(contents) ? contents.range?.[0] : doc.range?.[0]);
    for (const problem of [...doc.errors, ...doc.warnings]) {
      const at = position(problem.pos[0]);
      const severity = doc.errors.includes(problem) ? "error" : "warning";
      diagnostics.push({ severity, path: "", message: `YAML: ${problem.message}`, file: options.file, line: at?.line, column: at?.column });
    }
    if (doc.errors.length > 0 || doc.contents === null) continue;
    let raw: unknown;
    try {
      raw = doc.toJS({ maxAliasCount: 100 });
    } catch (error) {
      diagnostics.push({ severity: "error", path: "", message: `YAML: ${error instanceof Error ? error.message : String(error)}`, file: options.file, line: start?.line });
      continue;
    }
    // `---` with nothing after it, or an explicit null, is an empty document, not a mistake.
    if (raw === null || raw === undefined) continue;
    const result = buildPolicy(raw, (path) => position(offsetOf(doc, path)), options, start?.line);
    diagnostics.push(...result.diagnostics);
    if (result.policy !== undefined) policies.push(result.policy);
  }
  return { policies, diagnostics };
}

/** Parses an already-decoded document (e.g. JSON from the API); diagnostics have paths but no lines. */
export function parsePolicyObject(document: unknown, options: ParseOptions = {}): ParseResult {
  const result = buildPolicy(document, () => undefined, options, undefined);
  return { policies: result.policy === undefined ? [] : [result.policy], diagnostics: result.diagnostics };
}
