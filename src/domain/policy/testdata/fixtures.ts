/// <reference types="vite/client" />
// Test support: the YAML fixtures in this folder, loaded as text through Vite's `?raw` glob so
// tests need no Node file APIs (src/domain stays free of node:*), plus a helper for inline YAML.

import { parsePolicyYaml, type ParsedPolicy } from "../parse.ts";
import { createPolicySet, type PolicySet } from "../policy-set.ts";
import { formatDiagnostic } from "../diagnostics.ts";

const FILES = import.meta.glob<string>("./**/*.yaml", { query: "?raw", import: "default", eager: true });

/** Text of a fixture, by path relative to this folder (`shop/allow-all.yaml`). */
export function fixtureText(name: string): string {
  const text = FILES[`./${name}`];
  if (text === undefined) throw new Error(`no fixture ${name}; have ${Object.keys(FILES).join(", ")}`);
  return text;
}

/** Parsed policies of fixtures, in the order given. */
export function fixturePolicies(...names: string[]): ParsedPolicy[] {
  return names.flatMap((name) => parsePolicyYaml(fixtureText(name), { file: name }).policies);
}

/** A policy set as `kubectl apply -f` of the fixtures in order would leave it. */
export function fixtureSet(...names: string[]): PolicySet {
  return createPolicySet(fixturePolicies(...names));
}

/** A policy set from inline YAML; throws when the YAML has errors, so a typo cannot pass a test silently. */
export function yamlSet(text: string, namespace = "default"): PolicySet {
  const result = parsePolicyYaml(text, { namespace });
  const errors = result.diagnostics.filter((d) => d.severity === "error");
  if (errors.length > 0) throw new Error(errors.map(formatDiagnostic).join("\n"));
  return createPolicySet(result.policies);
}
