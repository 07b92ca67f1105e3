import { describe, expect, it } from "vitest";
import type { PathSegment, Severity } from "./diagnostics.ts";
import { compileSelector, scopePeer, scopeSubject, selectorMatches } from "./selectors.ts";
import { identityLabels, type EndpointModel } from "./endpoint.ts";

const compile = (raw: unknown): { selector: ReturnType<typeof compileSelector>; problems: string[] } => {
  const problems: string[] = [];
  const selector = compileSelector(raw, ["sel"], (path: readonly PathSegment[], severity: Severity, message: string) => problems.push(`${severity} ${path.join(".")}: ${message}`));
  return { selector, problems };
};
const labelsOf = (endpoint: EndpointModel) => identityLabels(endpoint, "default");
const pod: EndpointModel = { namespace: "shop", labels: { app: "frontend", "k8s:tier": "web" }, serviceAccount: "fe" };
const ns = (raw: unknown, namespace: string, subject = false) => {
  const { selector } = compile(raw);
  return (subject ? scopeSubject(selector, namespace) : scopePeer(selector, namespace)).requirements.map((r) => `${r.source}:${r.key} ${r.operator} ${r.values.join(",")}`.trim());
};

describe("selectorMatches on identity labels", () => {
  it.each<[string, unknown, boolean]>([
    ["empty selects all", {}, true],
    ["plain key matches any source", { matchLabels: { app: "frontend" } }, true],
    ["k8s: source", { matchLabels: { "k8s:app": "frontend" } }, true],
    ["wrong source", { matchLabels: { "reserved:app": "frontend" } }, false],
    ["prefixed pod label", { matchLabels: { tier: "web" } }, true],
    ["implied namespace label", { matchLabels: { "io.kubernetes.pod.namespace": "shop" } }, true],
    ["service account label", { matchLabels: { "io.cilium.k8s.policy.serviceaccount": "fe" } }, true],
    ["cluster label", { matchLabels: { "io.cilium.k8s.policy.cluster": "default" } }, true],
    ["namespace name label", { matchLabels: { "io.cilium.k8s.namespace.labels.kubernetes.io/metadata.name": "shop" } }, true],
    ["NotIn on a missing key", { matchExpressions: [{ key: "env", operator: "NotIn", values: ["prod"] }] }, true],
    ["all requirements must hold", { matchLabels: { app: "frontend", tier: "db" } }, false],
  ])("%s", (_name, raw, expected) => {
    expect(selectorMatches(compile(raw).selector, labelsOf(pod))).toBe(expected);
  });

  it("reserved identities carry reserved: labels", () => {
    expect(selectorMatches(compile({ matchLabels: { "reserved:world": "" } }).selector, labelsOf({ kind: "world", ips: ["1.1.1.1"] }))).toBe(true);
  });
});

describe("namespace scoping", () => {
  it.each<[string, unknown, string, boolean, string[]]>([
    ["CNP peer gets its namespace", { matchLabels: { app: "a" } }, "shop", false, ["any:app In a", "k8s:io.kubernetes.pod.namespace In shop"]],
    ["CCNP peer must have some namespace", {}, "", false, ["k8s:io.kubernetes.pod.namespace Exists"]],
    ["an explicit namespace is kept", { matchLabels: { "io.kubernetes.pod.namespace": "dev" } }, "shop", false, ["any:io.kubernetes.pod.namespace In dev"]],
    ["reserved selectors are left alone", { matchLabels: { "reserved:host": "" } }, "shop", false, ["reserved:host In"]],
    ["CNP subject always gets its namespace", { matchLabels: { "io.kubernetes.pod.namespace": "dev" } }, "shop", true, ["any:io.kubernetes.pod.namespace In dev", "k8s:io.kubernetes.pod.namespace In shop"]],
    ["CCNP subject is left alone", {}, "", true, []],
  ])("%s", (_name, raw, namespace, subject, expected) => {
    expect(ns(raw, namespace, subject)).toEqual(expected);
  });
});

describe("compileSelector problems", () => {
  it.each<[string, unknown, string]>([
    ["key without operator", { matchExpressions: [{ key: "a" }] }, "error sel.matchExpressions.0: operator is required (In, NotIn, Exists, DoesNotExist)"],
    ["operator without key", { matchExpressions: [{ operator: "Exists" }] }, "error sel.matchExpressions.0: key is required"],
    ["bad key prefix", { matchLabels: { "Bad_Prefix/app": "a" } }, 'error sel.matchLabels.Bad_Prefix/app: label key prefix "Bad_Prefix" must be a DNS subdomain'],
    ["value too long", { matchLabels: { app: "x".repeat(64) } }, "error sel.matchLabels.app: label value"],
  ])("%s", (_name, raw, expected) => {
    expect(compile(raw).problems).toContainEqual(expect.stringContaining(expected));
  });
});
