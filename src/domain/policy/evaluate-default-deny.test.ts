// When an endpoint is under enforcement, deny rules, enableDefaultDeny and agent modes.

import { describe, expect, it } from "vitest";
import { Verdict } from "../../gen/flow/flow_pb.ts";
import { evaluateConnection } from "./evaluate.ts";
import type { Connection, EvaluateOptions } from "./connection.ts";
import { createPolicySet } from "./policy-set.ts";
import { yamlSet } from "./testdata/fixtures.ts";
import { egressFromA, pods, reserved, tcp } from "./testdata/construct-endpoints.ts";
import { summarizeDirection } from "./testdata/summary.ts";

const DENIED = "none DROPPED POLICY_DENIED []";
const fromA = "fromEndpoints: [{matchLabels: {app: a}}]";
const spec = (body: string, name = "p"): string =>
  `apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: ${name}, namespace: prod}\nspec:\n  endpointSelector: {matchLabels: {app: b}}\n${body}\n`;
const ingress = (yaml: string, connection: Connection = tcp(pods.a, pods.b), options: EvaluateOptions = {}): string =>
  summarizeDirection(evaluateConnection(yamlSet(yaml), connection, undefined, options).ingress);

describe("default deny per direction", () => {
  it.each<[string, string, Connection, string]>([
    ["a policy with only egress leaves ingress open", "  egress: [{}]", tcp(pods.a, pods.b), "unenforced"],
    ["ingress: [] is the same as no ingress section", "  ingress: []", tcp(pods.a, pods.b), "unenforced"],
    ["ingress: null too", "  ingress:\n  egress: [{}]", tcp(pods.a, pods.b), "unenforced"],
    ["ingress: [{}] enforces and allows nothing", "  ingress: [{}]", tcp(pods.a, pods.b), DENIED],
    ["an allow rule puts everything else into default deny", `  ingress: [{${fromA}}]`, tcp(reserved.world, pods.b), DENIED],
    ["egress: [{}] denies egress", "  egress: [{}]", tcp(pods.b, pods.a), DENIED],
    ["an ingressDeny rule alone enforces default deny too", "  ingressDeny: [{fromEntities: [world]}]", tcp(pods.a, pods.b), DENIED],
  ])("%s", (_name, body, connection, expected) => {
    const result = evaluateConnection(yamlSet(spec(body)), connection);
    expect(summarizeDirection(connection.destination === pods.b ? result.ingress : result.egress)).toBe(expected);
  });

  it("no policy at all: both sides unenforced, no policy-verdict", () => {
    const result = evaluateConnection(createPolicySet([]), tcp(pods.a, pods.b));
    expect([summarizeDirection(result.egress), summarizeDirection(result.ingress), result.verdict]).toEqual(["unenforced", "unenforced", "allowed"]);
  });

  it("only pods and hosts are subjects: traffic from world is not policed at egress", () => {
    expect(summarizeDirection(evaluateConnection(yamlSet(spec("  ingress: [{}]")), tcp(reserved.world, pods.b)).egress)).toBe("unenforced");
  });
});

describe("enableDefaultDeny", () => {
  it.each<[string, string, Connection, string]>([
    ["false: unmatched traffic passes on a synthesized allow-all", `  enableDefaultDeny: {ingress: false}\n  ingress: [{${fromA}, toPorts: [{ports: [{port: '80', protocol: TCP}]}]}]`, tcp(reserved.world, pods.b, 22), "all FORWARDED []"],
    ["false: matched traffic still names its policy", `  enableDefaultDeny: {ingress: false}\n  ingress: [{${fromA}, toPorts: [{ports: [{port: '80', protocol: TCP}]}]}]`, tcp(pods.a, pods.b, 80), "L3-L4 FORWARDED [p]"],
    ["false with a deny rule: only the deny applies", "  enableDefaultDeny: {ingress: false}\n  ingressDeny: [{fromEntities: [world]}]", tcp(reserved.world, pods.b), "L3-Only DROPPED POLICY_DENY [p]"],
    ["false with a deny rule: the rest passes", "  enableDefaultDeny: {ingress: false}\n  ingressDeny: [{fromEntities: [world]}]", tcp(pods.a, pods.b), "all FORWARDED []"],
    ["egress: false does not change ingress", "  enableDefaultDeny: {egress: false}\n  ingress: [{}]", tcp(pods.a, pods.b), DENIED],
  ])("%s", (_name, body, connection, expected) => {
    expect(ingress(spec(body), connection)).toBe(expected);
  });

  it("any default-deny policy wins over a default-allow one", () => {
    const yaml = `${spec(`  enableDefaultDeny: {ingress: false}\n  ingress: [{${fromA}}]`, "open")}---\n${spec("  ingress: [{fromEntities: [host]}]", "strict")}`;
    expect(ingress(yaml, tcp(reserved.world, pods.b))).toBe(DENIED);
  });
});

describe("deny rules take precedence", () => {
  it.each<[string, string, Connection, string]>([
    ["deny beats allow-all", `  ingress: [{fromEntities: [all]}]\n  ingressDeny: [{${fromA}}]`, tcp(pods.a, pods.b), "L3-Only DROPPED POLICY_DENY [p]"],
    ["others still pass", `  ingress: [{fromEntities: [all]}]\n  ingressDeny: [{${fromA}}]`, tcp(pods.a2, pods.b), "L3-Only DROPPED POLICY_DENY [p]"],
    ["a pod the deny does not select", `  ingress: [{fromEntities: [all]}]\n  ingressDeny: [{${fromA}}]`, tcp(pods.plain, pods.b), "all FORWARDED [p]"],
    ["deny on a port", "  ingress: [{fromEntities: [all]}]\n  ingressDeny: [{toPorts: [{ports: [{port: '22', protocol: TCP}]}]}]", tcp(pods.a, pods.b, 22), "L4-Only DROPPED POLICY_DENY [p]"],
    ["other ports pass", "  ingress: [{fromEntities: [all]}]\n  ingressDeny: [{toPorts: [{ports: [{port: '22', protocol: TCP}]}]}]", tcp(pods.a, pods.b, 80), "all FORWARDED [p]"],
    ["a broad deny beats a narrower allow", `  ingress: [{${fromA}, toPorts: [{ports: [{port: '80', protocol: TCP}]}]}]\n  ingressDeny: [{fromEntities: [all]}]`, tcp(pods.a, pods.b, 80), "all DROPPED POLICY_DENY [p]"],
    ["deny range", "  ingress: [{fromEntities: [all]}]\n  ingressDeny: [{toPorts: [{ports: [{port: '1000', endPort: 2000, protocol: TCP}]}]}]", tcp(pods.a, pods.b, 1500), "L4-Only DROPPED POLICY_DENY [p]"],
  ])("%s", (_name, body, connection, expected) => {
    expect(ingress(spec(body), connection)).toBe(expected);
  });

  it("a deny in another policy names that policy", () => {
    const yaml = `${spec("  ingress: [{fromEntities: [all]}]", "allow")}---\n${spec("  ingressDeny: [{fromEntities: [world]}]", "block")}`;
    const result = evaluateConnection(yamlSet(yaml), tcp(reserved.world, pods.b));
    expect([summarizeDirection(result.ingress), result.ingress.deniedBy.map((p) => p.name), result.ingress.allowedBy]).toEqual(["L3-Only DROPPED POLICY_DENY [block]", ["block"], []]);
  });

  it("egressDeny with a CIDR", () => {
    const yaml = `apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: p, namespace: prod}\nspec:\n  endpointSelector: {matchLabels: {app: a}}\n  egress: [{toEntities: [world]}]\n  egressDeny: [{toCIDR: [8.8.8.8/32]}]\n`;
    const result = evaluateConnection(yamlSet(yaml), tcp(pods.a, reserved.world));
    expect(summarizeDirection(result.egress)).toBe("L3-Only DROPPED POLICY_DENY [p]");
  });
});

describe("agent modes", () => {
  it.each<[string, string, EvaluateOptions, string]>([
    ["always: endpoints without policy are in default deny", egressFromA("{}"), { enforcementMode: "always" }, DENIED],
    ["never: policies are ignored", spec("  ingress: [{}]"), { enforcementMode: "never" }, "unenforced"],
    ["audit: drops become AUDIT", spec("  ingress: [{}]"), { auditMode: true }, "none AUDIT []"],
  ])("%s", (_name, yaml, options, expected) => {
    expect(ingress(yaml, tcp(pods.a, pods.b), options)).toBe(expected);
  });

  it("audit mode lets the connection through", () => {
    const result = evaluateConnection(yamlSet(spec("  ingress: [{}]")), tcp(pods.a, pods.b), undefined, { auditMode: true });
    expect([result.verdict, result.ingress.verdict, result.ingress.flowVerdict, result.ingress.dropReason]).toEqual(["audit", "audit", Verdict.AUDIT, undefined]);
  });

  it("the connection is denied when either side denies", () => {
    const yaml = `${egressFromA("{}", "lockdown")}---\n${spec(`  ingress: [{${fromA}}]`)}`;
    const result = evaluateConnection(yamlSet(yaml), tcp(pods.a, pods.b));
    expect([result.verdict, summarizeDirection(result.egress), summarizeDirection(result.ingress)]).toEqual(["denied", DENIED, "L3-Only FORWARDED [p]"]);
  });
});
