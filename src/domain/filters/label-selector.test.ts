import { describe, expect, it } from "vitest";
import { InvalidFilterError } from "./invalid-filter-error.ts";
import { labelKeyError, labelValueError, parseLabelSelector, translateSelector } from "./label-selector-parser.ts";
import { compileLabelSelectors } from "./label-selector.ts";

describe("translateSelector (Cilium source prefixes → k8s keys)", () => {
  it.each([
    ["app=web", "any.app=web"],
    ["k8s:app=web", "k8s.app=web"],
    ["k8s:app in (a, b), !tier", "k8s.app in (a, b), !any.tier"],
    ["reserved:world", "reserved.world"],
    ["k8s:io.kubernetes.pod.namespace=x", "k8s.io.kubernetes.pod.namespace=x"],
    ["a,b", "any.a,any.b"],
    ["", ""],
    ["  ", "  any."],
  ])("%j → %j", (selector, translated) => {
    expect(translateSelector(selector)).toBe(translated);
  });
});

describe("parseLabelSelector (k8s grammar)", () => {
  it.each([
    ["app=web", [{ key: "any.app", operator: "=", values: ["web"] }]],
    ["app==web", [{ key: "any.app", operator: "==", values: ["web"] }]],
    ["app!=web", [{ key: "any.app", operator: "!=", values: ["web"] }]],
    ["app in (a,b)", [{ key: "any.app", operator: "in", values: ["a", "b"] }]],
    ["app notin (a)", [{ key: "any.app", operator: "notin", values: ["a"] }]],
    ["app in (a,,b)", [{ key: "any.app", operator: "in", values: ["a", "", "b"] }]],
    ["app in ()", [{ key: "any.app", operator: "in", values: [""] }]],
    ["app", [{ key: "any.app", operator: "exists", values: [] }]],
    ["!app", [{ key: "any.app", operator: "!", values: [] }]],
    ["n>3,n<9", [{ key: "any.n", operator: "gt", values: ["3"] }, { key: "any.n", operator: "lt", values: ["9"] }]],
    ["x in (in, notin)", [{ key: "any.x", operator: "in", values: ["in", "notin"] }]],
    ["app=", [{ key: "any.app", operator: "=", values: [""] }]],
    ["", []],
  ])("%j", (selector, requirements) => {
    expect(parseLabelSelector(selector)).toEqual(requirements);
  });

  it.each(["app=web=x", "a b", "app in (a", "app in a", "!app=x", "app=,", ",app", "app=-x", "app in (a b)", "n>x", "  "])(
    "rejects %j",
    (selector) => {
      expect(() => parseLabelSelector(selector)).toThrow();
    },
  );

  it.each([
    ["app", undefined],
    ["example.com/app", undefined],
    ["Example.com/app", "prefix"],
    ["/app", "prefix part must be non-empty"],
    ["a/b/c", "at most one"],
    ["-app", "name part"],
    ["a".repeat(64), "63"],
  ])("label key %j", (key, error) => {
    if (error === undefined) expect(labelKeyError(key)).toBeUndefined();
    else expect(labelKeyError(key)).toContain(error);
  });

  it.each([["", undefined], ["v1.2_x-y", undefined], ["-x", "must be empty or"], ["x".repeat(64), "63"]])(
    "label value %j",
    (value, error) => {
      if (error === undefined) expect(labelValueError(value)).toBeUndefined();
      else expect(labelValueError(value)).toContain(error);
    },
  );
});

describe("compileLabelSelectors (Cilium label lookup)", () => {
  it.each<[string, string[], boolean]>([
    ["app=web", ["k8s:app=web"], true],
    ["app=web", ["container:app=web"], true],
    ["k8s:app=web", ["container:app=web"], false],
    // the first label with the key decides, as in Cilium's LabelArray lookup
    ["app=b", ["k8s:app=a", "container:app=b"], false],
    ["reserved:host", ["$host"], true],
    ["reserved:host", ["reserved.host"], true],
    ["unspec:zone=a", ["zone=a"], true],
    ["zone=a", ["zone=a"], true],
    ["k8s:zone=a", ["zone=a"], false],
    ["k8s:app", ["k8s:app"], true],
    ["k8s:app=", ["k8s:app"], true],
    ["cidr:10.0.0.0/8", ["cidr:10.1.0.0/16"], true],
    ["cidr:10.1.0.0/16", ["cidr:10.0.0.0/8"], false],
    ["app", ["k8s:app=x", "k8s:apps=y"], true],
    ["!app", [], true],
    ["n>5", ["k8s:n=10"], true],
    ["n<5", ["k8s:n=10"], false],
  ])("%s on %j → %s", (selector, labels, expected) => {
    expect(compileLabelSelectors([selector], "source_label")(labels)).toBe(expected);
  });

  it("names the failing entry", () => {
    expect(() => compileLabelSelectors(["ok", "a b"], "node_labels")).toThrow(InvalidFilterError);
    expect(() => compileLabelSelectors(["ok", "a b"], "node_labels")).toThrow(/^node_labels\[1\]: invalid label selector "a b": /);
  });
});
