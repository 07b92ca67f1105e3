// Scenario files: the built-ins load, and a bad file is refused with `file:line: path: message`
// for every problem, including cross-references and the policy files its stages name.
import { describe, expect, it } from "vitest";
import { builtinScenarioNames, loadScenario, loadScenarioText } from "./scenario-load.ts";
import { ScenarioError } from "./yaml-reader.ts";

const MINIMAL = `name: mini
clusters:
  - name: c1
    podCIDR: 10.0.0.0/16
    nodes:
      - { name: n1, ip: 192.168.0.10 }
workloads:
  - name: dns
    namespace: kube-system
    labels: { k8s-app: kube-dns }
    ports: [{ port: 53, protocol: UDP }]
  - name: client
    namespace: app
    labels: { app: client }
services:
  - name: kube-dns
    namespace: kube-system
    selector: { k8s-app: kube-dns }
    ports: [{ port: 53, protocol: UDP }]
traffic:
  - from: app/client
    rate: 1
    dns: { query: kube-dns.kube-system.svc.cluster.local }
stages:
  - name: open
  - name: closed
    apply: [deny.yaml]
`;

const DENY = `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: { name: deny, namespace: app }
spec:
  endpointSelector: {}
  egress: [{}]
`;

const files: Record<string, string> = { "/lab/deny.yaml": DENY, "/lab/broken.yaml": "apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: { name: Bad_Name }\nspec: {}\n" };
const readFile = (path: string): string => {
  const text = files[path];
  if (text === undefined) throw new Error("ENOENT");
  return text;
};

function problems(text: string): readonly string[] {
  try {
    loadScenarioText(text, "/lab/mini.yaml", readFile);
  } catch (error) {
    if (error instanceof ScenarioError) return error.problems;
    throw error;
  }
  return [];
}

describe("built-in scenarios", () => {
  it("are shop and starwars, and load without errors", () => {
    expect(builtinScenarioNames()).toEqual(["shop", "starwars"]);
    const shop = loadScenario("shop");
    expect(shop.spec.stages.map((s) => s.name)).toEqual(["Allow-All", "DNS", "L4", "L7", "Default-Deny"]);
    // default-deny's `ingress: []` / `egress: []` are accepted with the engine's warnings.
    expect(shop.warnings).toHaveLength(2);
    expect(loadScenario("starwars").spec.stages).toHaveLength(3);
  });

  it("computes each stage as the sum of stages 1..n (stage 4 deletes allow-frontend-to-backend, 5 deletes allow-all)", () => {
    const { stagePolicies } = loadScenario("shop");
    const names = (stage: number) => stagePolicies[stage - 1]?.get("cluster2")?.policies.map((p) => p.policy.name);
    expect(names(3)).toEqual(["allow-all", "allow-dns", "allow-frontend-to-backend", "allow-frontend-egress"]);
    expect(names(4)).toEqual(["allow-all", "allow-dns", "allow-frontend-egress", "allow-frontend-l7"]);
    expect(names(5)).toEqual(["allow-dns", "allow-frontend-egress", "allow-frontend-l7", "default-deny"]);
  });

  it("names the built-ins when a name is unknown", () => {
    expect(() => loadScenario("death-star")).toThrow(/no built-in scenario "death-star" \(built in: shop, starwars/);
  });
});

describe("scenario validation", () => {
  it("accepts the minimal scenario", () => {
    expect(problems(MINIMAL)).toEqual([]);
  });

  it.each([
    ["an unknown top-level field", MINIMAL.replace("name: mini\n", "name: mini\ncolour: red\n"), '/lab/mini.yaml:2: colour: unknown field "colour" (known: name, description, cilium, clusters, dns, workloads, services, external, traffic, stages)'],
    ["a bad pod CIDR", MINIMAL.replace("10.0.0.0/16", "10.0.0.0/33"), '/lab/mini.yaml:4: clusters[0].podCIDR: "10.0.0.0/33" is not an IPv4 CIDR of /24 or larger'],
    ["a node name that is not a string", MINIMAL.replace("name: n1,", "name: 7,"), "/lab/mini.yaml:6: clusters[0].nodes[0].name: expected a string, got a number"],
    ["a workload on a missing node", MINIMAL.replace("    labels: { app: client }\n", "    labels: { app: client }\n    nodes: [n9]\n"), '/lab/mini.yaml:15: workloads[1].nodes[0]: no node "n9" in the workload\'s clusters'],
    ["a generator without a client", MINIMAL.replace("from: app/client", "from: app/server"), "/lab/mini.yaml:21: traffic[0].from: no workload app/server"],
    ["a generator with two actions", MINIMAL.replace("    dns: {", "    ping: { host: 1.1.1.1 }\n    dns: {"), "/lab/mini.yaml:21: traffic[0]: only one of dns, ping per generator"],
    ["a negative rate", MINIMAL.replace("rate: 1", "rate: -1"), "/lab/mini.yaml:22: traffic[0].rate: -1 is out of range 0..100000"],
    ["a service selecting nothing", MINIMAL.replace("selector: { k8s-app: kube-dns }", "selector: { k8s-app: coredns }"), "/lab/mini.yaml:18: services[0].selector: selects no workload in namespace kube-system"],
    ["a missing stages list", MINIMAL.slice(0, MINIMAL.indexOf("stages:")), "/lab/mini.yaml:1: (document): stages is required"],
    ["a label value that is not a string", MINIMAL.replace("labels: { app: client }", "labels: { app: client, tier: 3 }"), "/lab/mini.yaml:14: workloads[1].labels.tier: label values are strings; quote 3"],
    ["a YAML syntax error", MINIMAL.replace("  - name: open\n", "  - name: [open\n"), /^\/lab\/mini\.yaml:26: \(document\): YAML: /],
  ])("refuses %s", (_what, text, expected) => {
    const found = problems(text);
    if (typeof expected === "string") expect(found).toContain(expected);
    else expect(found.some((line) => expected.test(line))).toBe(true);
  });

  it("refuses a missing policy file and a policy file with errors, at the stage's line", () => {
    expect(problems(MINIMAL.replace("apply: [deny.yaml]", "apply: [nope.yaml]"))).toEqual(["/lab/mini.yaml:27: stages[1].apply[0]: cannot read policy file /lab/nope.yaml"]);
    const broken = problems(MINIMAL.replace("apply: [deny.yaml]", "apply: [broken.yaml]"));
    expect(broken).toHaveLength(1);
    expect(broken[0]).toMatch(/^\/lab\/mini\.yaml:27: stages\[1\]\.apply\[0\]: policy file has errors:\n {2}\/lab\/broken\.yaml:3: error: metadata\.name: "Bad_Name" is not a valid name/);
  });

  it("refuses deleting a policy that is not in force at that stage", () => {
    const text = `${MINIMAL}  - name: reopen\n    delete: [app/deny, app/other]\n`;
    expect(problems(text)).toEqual(["/lab/mini.yaml:29: stages[2].delete[1]: app/other is not in force in cluster c1 before this stage (policy CiliumNetworkPolicy/app/other)"]);
  });

  it("reports every problem at once", () => {
    const text = MINIMAL.replace("rate: 1", "rate: fast").replace("10.0.0.0/16", "nope").replace("name: mini", "name: Mini");
    expect(problems(text)).toHaveLength(3);
  });
});
