// Who a rule is about: selectors, implied namespaces, entities, CIDRs, FQDNs, clusterwide policies.

import { describe, expect, it } from "vitest";
import { evaluateConnection } from "./evaluate.ts";
import type { Connection } from "./connection.ts";
import type { EndpointModel } from "./endpoint.ts";
import { yamlSet } from "./testdata/fixtures.ts";
import { egressFromA, ingressToB, pods, reserved, tcp } from "./testdata/construct-endpoints.ts";
import { summarizeDirection } from "./testdata/summary.ts";

const ccnp = (spec: string): string => `apiVersion: cilium.io/v2\nkind: CiliumClusterwideNetworkPolicy\nmetadata: {name: c}\nspec:\n${spec}\n`;

const ingress = (yaml: string, connection: Connection, options = {}): string => summarizeDirection(evaluateConnection(yamlSet(yaml), connection, undefined, options).ingress);
const egress = (yaml: string, connection: Connection): string => summarizeDirection(evaluateConnection(yamlSet(yaml), connection).egress);

const DENIED = "none DROPPED POLICY_DENIED []";

describe("fromEndpoints: labels, sources and implied namespace", () => {
  it.each<[string, string, EndpointModel, string]>([
    ["matchLabels", "{fromEndpoints: [{matchLabels: {app: a}}]}", pods.a, "L3-Only FORWARDED [p]"],
    ["the policy's namespace is implied", "{fromEndpoints: [{matchLabels: {app: a}}]}", pods.devA, DENIED],
    ["an explicit namespace label", "{fromEndpoints: [{matchLabels: {app: a, io.kubernetes.pod.namespace: dev}}]}", pods.devA, "L3-Only FORWARDED [p]"],
    ["…with the k8s: prefix", "{fromEndpoints: [{matchLabels: {app: a, 'k8s:io.kubernetes.pod.namespace': dev}}]}", pods.devA, "L3-Only FORWARDED [p]"],
    ["…which then excludes the policy's own namespace", "{fromEndpoints: [{matchLabels: {app: a, io.kubernetes.pod.namespace: dev}}]}", pods.a, DENIED],
    ["namespace labels alone stay in the policy's namespace", "{fromEndpoints: [{matchLabels: {io.cilium.k8s.namespace.labels.team: blue}}]}", pods.devA, DENIED],
    ["namespace labels with any namespace", "{fromEndpoints: [{matchLabels: {io.cilium.k8s.namespace.labels.team: blue}, matchExpressions: [{key: io.kubernetes.pod.namespace, operator: Exists}]}]}", pods.devA, "L3-Only FORWARDED [p]"],
    ["any namespace via matchExpressions", "{fromEndpoints: [{matchLabels: {app: a}, matchExpressions: [{key: io.kubernetes.pod.namespace, operator: Exists}]}]}", pods.devA, "L3-Only FORWARDED [p]"],
    ["k8s: source prefix", "{fromEndpoints: [{matchLabels: {'k8s:app': a}}]}", pods.a, "L3-Only FORWARDED [p]"],
    ["any: source prefix", "{fromEndpoints: [{matchLabels: {'any:app': a}}]}", pods.a, "L3-Only FORWARDED [p]"],
    ["In", "{fromEndpoints: [{matchExpressions: [{key: app, operator: In, values: [x, a]}]}]}", pods.a, "L3-Only FORWARDED [p]"],
    ["NotIn excludes", "{fromEndpoints: [{matchExpressions: [{key: app, operator: NotIn, values: [a]}]}]}", pods.a, DENIED],
    ["NotIn matches pods without the label", "{fromEndpoints: [{matchExpressions: [{key: app, operator: NotIn, values: [a]}]}]}", pods.plain, "L3-Only FORWARDED [p]"],
    ["Exists", "{fromEndpoints: [{matchExpressions: [{key: env, operator: Exists}]}]}", pods.a2, "L3-Only FORWARDED [p]"],
    ["Exists misses", "{fromEndpoints: [{matchExpressions: [{key: env, operator: Exists}]}]}", pods.a, DENIED],
    ["DoesNotExist", "{fromEndpoints: [{matchExpressions: [{key: app, operator: DoesNotExist}]}]}", pods.plain, "L3-Only FORWARDED [p]"],
    ["DoesNotExist misses", "{fromEndpoints: [{matchExpressions: [{key: app, operator: DoesNotExist}]}]}", pods.a, DENIED],
    ["{} is every pod of the namespace", "{fromEndpoints: [{}]}", pods.plain, "L3-Only FORWARDED [p]"],
    ["{} excludes other namespaces", "{fromEndpoints: [{}]}", pods.devA, DENIED],
    ["{} excludes reserved identities", "{fromEndpoints: [{}]}", reserved.world, DENIED],
    ["an empty list selects nobody", "{fromEndpoints: []}", pods.a, DENIED],
    ["a reserved: selector gets no namespace", "{fromEndpoints: [{matchLabels: {'reserved:remote-node': ''}}]}", reserved.remoteNode, "L3-Only FORWARDED [p]"],
  ])("%s", (_name, entry, source, expected) => {
    expect(ingress(ingressToB(entry), tcp(source, pods.b))).toBe(expected);
  });

  it.each<[string, EndpointModel, string]>([
    ["fromRequires from another policy constrains fromEndpoints: missing env", pods.a, DENIED],
    ["…satisfied", pods.a2, "L3-Only FORWARDED [p]"],
  ])("%s", (_name, source, expected) => {
    const yaml = `${ingressToB("{fromEndpoints: [{matchLabels: {app: a}}]}")}---\n${ingressToB("{fromRequires: [{matchLabels: {env: prod}}]}", "req")}`;
    expect(ingress(yaml, tcp(source, pods.b))).toBe(expected);
  });
});

describe("fromEntities", () => {
  it.each<[string, string, EndpointModel, string]>([
    ["all matches pods as the wildcard", "all", pods.a, "all FORWARDED [p]"],
    ["all matches world", "all", reserved.world, "all FORWARDED [p]"],
    ["world", "world", reserved.world, "L3-Only FORWARDED [p]"],
    ["world is not a pod", "world", pods.a, DENIED],
    ["world includes IPv6", "world", reserved.world6, "L3-Only FORWARDED [p]"],
    ["world-ipv4", "world-ipv4", reserved.world, "L3-Only FORWARDED [p]"],
    ["world-ipv6 is not IPv4", "world-ipv6", reserved.world, DENIED],
    ["world-ipv6", "world-ipv6", reserved.world6, "L3-Only FORWARDED [p]"],
    ["cluster: local pods", "cluster", pods.devA, "L3-Only FORWARDED [p]"],
    ["cluster: nodes", "cluster", reserved.remoteNode, "L3-Only FORWARDED [p]"],
    ["cluster: not world", "cluster", reserved.world, DENIED],
    ["cluster: not another cluster's pods", "cluster", pods.remoteA, DENIED],
    ["remote-node", "remote-node", reserved.remoteNode, "L3-Only FORWARDED [p]"],
    ["kube-apiserver", "kube-apiserver", reserved.apiserver, "L3-Only FORWARDED [p]"],
    ["health", "health", reserved.health, "L3-Only FORWARDED [p]"],
    ["init", "init", reserved.init, "L3-Only FORWARDED [p]"],
    ["ingress", "ingress", reserved.ingress, "L3-Only FORWARDED [p]"],
    ["unmanaged", "unmanaged", reserved.unmanaged, "L3-Only FORWARDED [p]"],
    ["health is not init", "health", reserved.init, DENIED],
    ["none", "none", reserved.world, DENIED],
  ])("%s", (_name, entity, source, expected) => {
    expect(ingress(ingressToB(`{fromEntities: [${entity}]}`), tcp(source, pods.b))).toBe(expected);
  });

  it.each([
    ["host is always allowed in (allow-localhost)", true, "L3-Only FORWARDED []"],
    ["unless the agent says otherwise", false, DENIED],
  ])("%s", (_name, allowLocalhost, expected) => {
    expect(ingress(ingressToB("{}"), tcp(reserved.host, pods.b), { allowLocalhost })).toBe(expected);
  });

  it("fromEntities host allows the host by policy", () => {
    expect(ingress(ingressToB("{fromEntities: [host]}"), tcp(reserved.host, pods.b), { allowLocalhost: false })).toBe("L3-Only FORWARDED [p]");
  });

  it("fromNodes selects nodes by their labels", () => {
    const yaml = ingressToB("{fromNodes: [{matchLabels: {kubernetes.io/hostname: k8s-w1}}]}");
    expect([ingress(yaml, tcp(reserved.remoteNode, pods.b)), ingress(yaml, tcp(pods.a, pods.b))]).toEqual(["L3-Only FORWARDED [p]", DENIED]);
  });
});

describe("CIDR rules", () => {
  it.each<[string, string, EndpointModel, string]>([
    ["fromCIDR", "{fromCIDR: [8.8.0.0/16]}", reserved.world, "L3-Only FORWARDED [p]"],
    ["fromCIDR outside", "{fromCIDR: [8.8.0.0/16]}", reserved.world9, DENIED],
    ["CIDR rules do not select pods", "{fromCIDR: [10.0.0.0/8]}", pods.a, DENIED],
    ["fromCIDRSet", "{fromCIDRSet: [{cidr: 8.0.0.0/8, except: [8.8.0.0/16]}]}", reserved.world8_1, "L3-Only FORWARDED [p]"],
    ["except carves out", "{fromCIDRSet: [{cidr: 8.0.0.0/8, except: [8.8.0.0/16]}]}", reserved.world, DENIED],
    ["IPv6", "{fromCIDR: ['2001:db8::/32']}", reserved.world6, "L3-Only FORWARDED [p]"],
    ["0.0.0.0/0 is IPv4 only", "{fromCIDR: [0.0.0.0/0]}", reserved.world6, DENIED],
  ])("%s", (_name, entry, source, expected) => {
    expect(ingress(ingressToB(entry), tcp(source, pods.b))).toBe(expected);
  });

  it("uses the connection's address over the endpoint's", () => {
    expect(ingress(ingressToB("{fromCIDR: [9.9.9.0/24]}"), tcp(reserved.world, pods.b, 80, { sourceIp: "9.9.9.9" }))).toBe("L3-Only FORWARDED [p]");
  });

  it("toCIDRSet except on egress", () => {
    const yaml = egressFromA("{toCIDRSet: [{cidr: 0.0.0.0/0, except: [9.9.9.9/32]}]}");
    expect([egress(yaml, tcp(pods.a, reserved.world)), egress(yaml, tcp(pods.a, reserved.world9))]).toEqual(["L3-Only FORWARDED [p]", DENIED]);
  });
});

describe("toFQDNs: only IPs learnt through the DNS proxy", () => {
  it.each<[string, string, string[] | undefined, string]>([
    ["matchName", "{toFQDNs: [{matchName: example.com}]}", ["example.com"], "L3-Only FORWARDED [p]"],
    ["no name seen by the proxy", "{toFQDNs: [{matchName: example.com}]}", undefined, DENIED],
    ["another name", "{toFQDNs: [{matchName: example.com}]}", ["example.org"], DENIED],
    ["case and trailing dot do not matter", "{toFQDNs: [{matchName: Example.COM}]}", ["example.com."], "L3-Only FORWARDED [p]"],
    ["matchPattern one label", "{toFQDNs: [{matchPattern: '*.example.com'}]}", ["www.example.com"], "L3-Only FORWARDED [p]"],
    ["matchPattern is not the apex", "{toFQDNs: [{matchPattern: '*.example.com'}]}", ["example.com"], DENIED],
    ["matchPattern does not cross dots", "{toFQDNs: [{matchPattern: '*.example.com'}]}", ["a.b.example.com"], DENIED],
    ["** crosses dots", "{toFQDNs: [{matchPattern: '**.example.com'}]}", ["a.b.example.com"], "L3-Only FORWARDED [p]"],
    ["* alone matches all", "{toFQDNs: [{matchPattern: '*'}]}", ["anything.io"], "L3-Only FORWARDED [p]"],
    ["with ports", "{toFQDNs: [{matchName: example.com}], toPorts: [{ports: [{port: '443', protocol: TCP}]}]}", ["example.com"], "L3-L4 FORWARDED [p]"],
  ])("%s", (_name, entry, names, expected) => {
    expect(egress(egressFromA(entry), tcp(pods.a, reserved.world, 443, { destinationNames: names }))).toBe(expected);
  });

  it("does not apply to in-cluster addresses", () => {
    expect(egress(egressFromA("{toFQDNs: [{matchName: b.prod.svc}]}"), tcp(pods.a, pods.b, 80, { destinationNames: ["b.prod.svc"] }))).toBe(DENIED);
  });

  it("toServices is not simulated: matches nothing", () => {
    expect(egress(egressFromA("{toServices: [{k8sService: {serviceName: b, namespace: prod}}]}"), tcp(pods.a, pods.b))).toBe(DENIED);
  });
});

describe("clusterwide policies", () => {
  it.each<[string, string, Connection, string]>([
    ["select pods of every namespace", "  endpointSelector: {matchLabels: {app: a}}\n  ingress: [{}]", tcp(pods.b, pods.devA), DENIED],
    ["{} peers are pods of any namespace", "  endpointSelector: {}\n  ingress: [{fromEndpoints: [{}]}]", tcp(pods.devA, pods.b), "L3-Only FORWARDED [c]"],
    ["…but no reserved identity", "  endpointSelector: {}\n  ingress: [{fromEndpoints: [{}]}]", tcp(reserved.world, pods.b), DENIED],
    ["labels match across namespaces", "  endpointSelector: {matchLabels: {app: b}}\n  ingress: [{fromEndpoints: [{matchLabels: {app: a}}]}]", tcp(pods.devA, pods.b), "L3-Only FORWARDED [c]"],
    ["nodeSelector applies to the host only", "  nodeSelector: {}\n  ingress: [{fromEntities: [world]}]", tcp(pods.a, reserved.host), DENIED],
  ])("%s", (_name, spec, connection, expected) => {
    expect(ingress(ccnp(spec), connection)).toBe(expected);
  });

  it("a nodeSelector policy does not select pods", () => {
    expect(ingress(ccnp("  nodeSelector: {}\n  ingress: [{}]"), tcp(pods.a, pods.b))).toBe("unenforced");
  });

  it("reports a CCNP with an empty namespace in allowed-by", () => {
    const result = evaluateConnection(yamlSet(ccnp("  endpointSelector: {}\n  ingress: [{fromEntities: [all]}]")), tcp(pods.a, pods.b));
    expect(result.ingress.allowedBy).toEqual([
      { name: "c", namespace: "", kind: "CiliumClusterwideNetworkPolicy", labels: ["k8s:io.cilium.k8s.policy.derived-from=CiliumClusterwideNetworkPolicy", "k8s:io.cilium.k8s.policy.name=c"] },
    ]);
  });
});

describe("CNP subject selection", () => {
  it.each<[string, EndpointModel, string]>([
    ["selects pods of its namespace", pods.b, DENIED],
    ["not the same labels elsewhere", { ...pods.b, namespace: "dev" }, "unenforced"],
  ])("%s", (_name, destination, expected) => {
    expect(ingress(ingressToB("{}"), tcp(pods.a, destination))).toBe(expected);
  });
});
