// Throughput of the policy engine on a lab-sized-to-large policy set, for the simulator's budget
// (a lab runs tens of flows per second; a busy cluster thousands). Not a test: call
// benchmarkEvaluate() from a script or a vitest bench. Prints nothing.

import { parsePolicyYaml, type ParsedPolicy } from "./parse.ts";
import { createPolicySet, type PolicySet } from "./policy-set.ts";
import { evaluateConnection } from "./evaluate.ts";
import type { Connection } from "./connection.ts";
import type { EndpointModel } from "./endpoint.ts";
import type { L7Request } from "./evaluate-l7.ts";

/** Result of one benchmark run. */
export interface BenchmarkResult {
  readonly policies: number;
  readonly evaluations: number;
  readonly milliseconds: number;
  readonly evaluationsPerSecond: number;
}

const NAMESPACES = 10;

/** Five policies per namespace, covering L3/L4, L7 HTTP, DNS, deny, CIDR and FQDN rules. */
function policyYaml(ns: string): string {
  const head = (name: string): string => `apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: ${name}, namespace: ${ns}}\nspec:\n`;
  return [
    `${head("allow-dns")}  endpointSelector: {}\n  egress:\n  - toEndpoints: [{matchLabels: {io.kubernetes.pod.namespace: kube-system, k8s-app: kube-dns}}]\n    toPorts: [{ports: [{port: '53', protocol: UDP}], rules: {dns: [{matchPattern: '*'}]}}]\n`,
    `${head("frontend-egress")}  endpointSelector: {matchLabels: {app: frontend}}\n  egress:\n  - toEndpoints: [{matchLabels: {app: backend}}]\n    toPorts: [{ports: [{port: '80', protocol: TCP}]}]\n  - toFQDNs: [{matchPattern: '*.example.com'}]\n    toPorts: [{ports: [{port: '443', protocol: TCP}]}]\n`,
    `${head("backend-l7")}  endpointSelector: {matchLabels: {app: backend}}\n  ingress:\n  - fromEndpoints: [{matchLabels: {app: frontend}}]\n    toPorts: [{ports: [{port: '80', protocol: TCP}], rules: {http: [{method: GET, path: '/api/.*'}, {method: POST, path: /submit}]}}]\n`,
    `${head("block-legacy")}  endpointSelector: {matchLabels: {app: backend}}\n  ingressDeny:\n  - fromCIDRSet: [{cidr: 10.0.0.0/8, except: [10.1.0.0/16]}]\n`,
    `${head("db")}  endpointSelector: {matchLabels: {app: db}}\n  ingress:\n  - fromEndpoints: [{matchLabels: {app: backend}}]\n    toPorts: [{ports: [{port: '5432', endPort: 5440, protocol: TCP}]}]\n  - fromEntities: [host, remote-node]\n`,
  ].join("---\n");
}

/** The 50-policy set the benchmark uses (10 namespaces × 5 policies). */
export function benchmarkPolicySet(): PolicySet {
  const policies: ParsedPolicy[] = [];
  for (let i = 0; i < NAMESPACES; i++) policies.push(...parsePolicyYaml(policyYaml(`ns${i}`)).policies);
  return createPolicySet(policies);
}

function workload(): [Connection, L7Request | undefined][] {
  const out: [Connection, L7Request | undefined][] = [];
  const kubeDns: EndpointModel = { namespace: "kube-system", labels: { "k8s-app": "kube-dns" } };
  const world: EndpointModel = { kind: "world", ips: ["93.184.215.14"] };
  for (let i = 0; i < NAMESPACES; i++) {
    const ns = `ns${i}`;
    const frontend: EndpointModel = { namespace: ns, labels: { app: "frontend" } };
    const backend: EndpointModel = { namespace: ns, labels: { app: "backend" } };
    const db: EndpointModel = { namespace: ns, labels: { app: "db" } };
    out.push(
      [{ source: frontend, destination: backend, protocol: "TCP", port: 80 }, { kind: "http", method: "GET", path: "/api/items" }],
      [{ source: frontend, destination: backend, protocol: "TCP", port: 80 }, { kind: "http", method: "DELETE", path: "/api/items" }],
      [{ source: frontend, destination: kubeDns, protocol: "UDP", port: 53 }, { kind: "dns", query: "backend.svc.cluster.local." }],
      [{ source: frontend, destination: world, protocol: "TCP", port: 443, destinationNames: ["www.example.com"] }, undefined],
      [{ source: backend, destination: db, protocol: "TCP", port: 5433 }, undefined],
      [{ source: frontend, destination: db, protocol: "TCP", port: 5432 }, undefined],
    );
  }
  return out;
}

/**
 * Evaluates `iterations` connections (cycling through a mixed workload) against the 50-policy set
 * and reports the throughput. Parsing is not timed.
 */
export function benchmarkEvaluate(iterations = 10_000): BenchmarkResult {
  const set = benchmarkPolicySet();
  const connections = workload();
  const start = performance.now();
  for (let i = 0; i < iterations; i++) {
    const [connection, request] = connections[i % connections.length] as [Connection, L7Request | undefined];
    evaluateConnection(set, connection, request);
  }
  const milliseconds = performance.now() - start;
  return {
    policies: set.policies.length,
    evaluations: iterations,
    milliseconds,
    evaluationsPerSecond: milliseconds > 0 ? Math.round((iterations * 1000) / milliseconds) : Number.POSITIVE_INFINITY,
  };
}
