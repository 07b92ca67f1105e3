// A set of parsed policies ready to evaluate, as the agent's policy repository would hold them.

import type { ParsedPolicy } from "./parse.ts";
import type { PolicyRule } from "./types.ts";

/** The policies in force and their rules. */
export interface PolicySet {
  readonly policies: readonly ParsedPolicy[];
  readonly rules: readonly PolicyRule[];
}

/** Options for building a set. */
export interface PolicySetOptions {
  /**
   * Also apply policies with errors (the API server or agent would have refused them). Off by
   * default; useful to preview what a half-fixed file would do.
   */
  readonly includeInvalid?: boolean;
}

/**
 * Builds a set like `kubectl apply` of the policies in order would: a later policy with the same
 * kind, namespace and name replaces the earlier one. Invalid policies are left out unless asked.
 */
export function createPolicySet(policies: Iterable<ParsedPolicy>, options: PolicySetOptions = {}): PolicySet {
  const byName = new Map<string, ParsedPolicy>();
  for (const policy of policies) {
    if (!policy.valid && options.includeInvalid !== true) continue;
    const key = `${policy.kind}/${policy.namespace}/${policy.name}`;
    byName.delete(key);
    byName.set(key, policy);
  }
  const kept = [...byName.values()];
  return { policies: kept, rules: kept.flatMap((policy) => policy.rules) };
}
