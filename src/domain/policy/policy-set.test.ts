import { describe, expect, it } from "vitest";
import { parsePolicyYaml } from "./parse.ts";
import { createPolicySet } from "./policy-set.ts";

const policy = (name: string, namespace: string, body: string): string =>
  `apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: ${name}, namespace: ${namespace}}\nspec:\n  endpointSelector: {}\n${body}\n---\n`;

describe("createPolicySet", () => {
  const text = policy("a", "x", "  ingress: [{}]") + policy("b", "x", "  ingress: [{fromEntities: [bogus]}]") + policy("a", "y", "  egress: [{}]") + policy("a", "x", "  egress: [{}]");
  const { policies } = parsePolicyYaml(text);

  it.each<[string, boolean, string[]]>([
    ["a later policy with the same name replaces the earlier one; invalid ones are left out", false, ["x/a egress", "y/a egress"]],
    ["invalid ones can be included on request", true, ["x/b ingress", "y/a egress", "x/a egress"]],
  ])("%s", (_name, includeInvalid, expected) => {
    const set = createPolicySet(policies, { includeInvalid });
    const described = set.rules.map((rule) => `${rule.namespace}/${rule.policy.name} ${rule.hasIngress ? "ingress" : "egress"}`);
    expect(described.toSorted()).toEqual(expected.toSorted());
  });
});
