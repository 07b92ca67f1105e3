// Small endpoints and policy templates for the construct tests (evaluate-*.test.ts).

import type { EndpointModel } from "../endpoint.ts";
import type { Connection } from "../connection.ts";

/** Pods in namespace prod (a, b, a2 with env=prod), one in dev with a's labels, one in another cluster. */
export const pods = {
  a: { name: "a", namespace: "prod", labels: { app: "a" }, ips: ["10.0.1.1"] },
  a2: { name: "a2", namespace: "prod", labels: { app: "a", env: "prod" }, ips: ["10.0.1.2"] },
  b: { name: "b", namespace: "prod", labels: { app: "b" }, ips: ["10.0.1.3"], namedPorts: { http: { port: 8080 }, dns: { port: 53, protocol: "UDP" } } },
  plain: { name: "plain", namespace: "prod", labels: { role: "x" }, ips: ["10.0.1.4"] },
  devA: { name: "dev-a", namespace: "dev", labels: { app: "a" }, ips: ["10.0.2.1"], namespaceLabels: { team: "blue" } },
  remoteA: { name: "remote-a", namespace: "prod", labels: { app: "a" }, cluster: "cluster-2", ips: ["10.1.1.1"] },
} satisfies Record<string, EndpointModel>;

/** Reserved identities. */
export const reserved = {
  world: { kind: "world", ips: ["8.8.8.8"] },
  world9: { kind: "world", ips: ["9.9.9.9"] },
  world8_1: { kind: "world", ips: ["8.1.1.1"] },
  world6: { kind: "world", ips: ["2001:db8::1"] },
  host: { kind: "host", labels: { "node-role.kubernetes.io/control-plane": "" } },
  remoteNode: { kind: "remote-node", labels: { "kubernetes.io/hostname": "k8s-w1" } },
  apiserver: { kind: "kube-apiserver" },
  health: { kind: "health" },
  init: { kind: "init" },
  ingress: { kind: "ingress" },
  unmanaged: { kind: "unmanaged" },
} satisfies Record<string, EndpointModel>;

/** A CNP named `name` in prod selecting app=b, with the given ingress entries (YAML flow style). */
export function ingressToB(entries: string, name = "p", extra = ""): string {
  return `apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: ${name}, namespace: prod}\nspec:\n  endpointSelector: {matchLabels: {app: b}}\n  ingress: [${entries}]\n${extra}`;
}

/** A CNP named `name` in prod selecting app=a, with the given egress entries. */
export function egressFromA(entries: string, name = "p"): string {
  return `apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: ${name}, namespace: prod}\nspec:\n  endpointSelector: {matchLabels: {app: a}}\n  egress: [${entries}]\n`;
}

/** TCP connection to port 80 unless told otherwise. */
export function tcp(source: EndpointModel, destination: EndpointModel, port = 80, extra: Partial<Connection> = {}): Connection {
  return { source, destination, protocol: "TCP", port, ...extra };
}
