// The workloads of the labs (facts/lab-scenarios.md), as endpoint models. Identities are the
// numbers the seeds show (shop: cluster 1).

import type { EndpointModel } from "../endpoint.ts";

/** Seed 000, namespace default. */
export const starWars = {
  deathstar: {
    name: "deathstar-8c4c77fb7-gjspb",
    namespace: "default",
    labels: { "app.kubernetes.io/name": "deathstar", class: "deathstar", org: "empire" },
    identity: 6589,
    ips: ["172.20.1.31"],
  },
  tiefighter: {
    name: "tiefighter",
    namespace: "default",
    labels: { "app.kubernetes.io/name": "tiefighter", class: "tiefighter", org: "empire" },
    identity: 19274,
    ips: ["172.20.2.14"],
  },
  xwing: {
    name: "xwing",
    namespace: "default",
    labels: { "app.kubernetes.io/name": "xwing", class: "xwing", org: "alliance" },
    identity: 11716,
    ips: ["172.20.1.77"],
  },
} satisfies Record<string, EndpointModel>;

/** Seed 002, namespace shop (cluster 1 identities). */
export const shop = {
  frontend: { name: "frontend-79f5dbfc6c-d6gb7", namespace: "shop", labels: { app: "frontend" }, identity: 114060, ips: ["10.8.0.21"] },
  backend: { name: "backend-6c4c67dc75-g22jn", namespace: "shop", labels: { app: "backend" }, identity: 69364, ips: ["10.8.1.12"] },
  kubeDns: { name: "kube-dns-75df64b86-xrfwz", namespace: "kube-system", labels: { "k8s-app": "kube-dns" }, identity: 67025, ips: ["10.8.0.5"] },
  exampleCom: { kind: "world", name: "example.com", ips: ["23.192.228.80"] },
  cloudflare: { kind: "world", name: "1.1.1.1", ips: ["1.1.1.1"] },
} satisfies Record<string, EndpointModel>;

/** Seed 004: namespaces frontend, backend, database; kube-dns in kube-system. */
export const multiTier = {
  frontend: { name: "frontend-5d9c8", namespace: "frontend", labels: { app: "frontend", tier: "web", version: "v1" }, ips: ["172.20.1.10"] },
  testClient: { name: "test-client", namespace: "frontend", labels: { app: "test-client" }, ips: ["172.20.1.11"] },
  backend: { name: "backend-7f6b9", namespace: "backend", labels: { app: "backend", tier: "api" }, ips: ["172.20.2.10"] },
  httpApi: { name: "http-api-6c9f7", namespace: "backend", labels: { app: "http-api", tier: "api" }, ips: ["172.20.2.20"] },
  database: { name: "database-0", namespace: "database", labels: { app: "database", tier: "data" }, ips: ["172.20.3.10"] },
  kubeDns: { name: "coredns-abc", namespace: "kube-system", labels: { "k8s-app": "kube-dns" }, ips: ["172.20.0.10"] },
  httpbin: { kind: "world", name: "httpbin.org", ips: ["54.243.83.105"] },
} satisfies Record<string, EndpointModel>;
