import { create } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { EndpointSchema } from "../../../gen/flow/flow_pb.ts";
import type { EndpointInit } from "../../../testing/flow-builders.ts";
import { endpointCluster, endpointNode, podWorkloadName } from "./endpoint-node.ts";

const node = (ep: EndpointInit | undefined, names: string[] = [], ip = "10.0.0.9", nodeName = "", worldByAddress = false) =>
  endpointNode(ep === undefined ? undefined : create(EndpointSchema, ep), { names, ip, nodeName, worldByAddress });

describe("podWorkloadName", () => {
  it.each([
    ["frontend-79f5dbfc6c-x2x9z", "frontend"], // Deployment
    ["productpage-v1-6b746f74dc-9rcxx", "productpage-v1"],
    ["ratings-v1-b6994bb9-jgqxb", "ratings-v1"], // 8-character template hash
    ["backup-28621440-7k2xz", "backup"], // CronJob
    ["db-0", "db"], // StatefulSet
    ["redis-master-12", "redis-master"],
    ["cilium-xk2vp", "cilium"], // DaemonSet
    ["nginx-proxy", undefined], // vowels: a real word, not a suffix
    ["frontend", undefined],
  ])("%s → %s", (pod, name) => {
    expect(podWorkloadName(pod)).toBe(name);
  });
});

describe("endpointNode grouping", () => {
  it.each<[string, EndpointInit, { id: string; name: string; by: string }]>([
    [
      "workload reported by Cilium wins over labels",
      { namespace: "shop", podName: "web-v2-6b746f74dc-9rcxx", identity: 5000, labels: ["k8s:app=web"], workloads: [{ name: "web-v2", kind: "Deployment" }] },
      { id: "wl||shop|web-v2", name: "web-v2", by: "workload" },
    ],
    [
      "app.kubernetes.io/name beats app",
      { namespace: "shop", podName: "x-6b746f74dc-9rcxx", identity: 5000, labels: ["k8s:app=short", "k8s:app.kubernetes.io/name=long-name"] },
      { id: "wl||shop|long-name", name: "long-name", by: "label" },
    ],
    ["app label", { namespace: "shop", podName: "frontend-79f5dbfc6c-x2x9z", identity: 114060, labels: ["k8s:app=frontend"] }, { id: "wl||shop|frontend", name: "frontend", by: "label" }],
    ["k8s-app label", { namespace: "kube-system", podName: "coredns-558bd4d5db-w2m67", identity: 67025, labels: ["k8s:k8s-app=kube-dns"] }, { id: "wl||kube-system|kube-dns", name: "kube-dns", by: "label" }],
    ["pod name without its hash", { namespace: "shop", podName: "backend-6c4c67dc75-qz2xk", identity: 69364 }, { id: "wl||shop|backend", name: "backend", by: "pod" }],
    ["bare pod name", { namespace: "shop", podName: "debug", identity: 69364 }, { id: "wl||shop|debug", name: "debug", by: "pod" }],
    ["namespace from the pod-namespace label", { identity: 3418, labels: ["k8s:app=productpage", "k8s:io.kubernetes.pod.namespace=bookinfo"] }, { id: "wl||bookinfo|productpage", name: "productpage", by: "label" }],
    ["identity only", { identity: 12345, labels: ["k8s:tier=x"] }, { id: "wl|||identity 12345", name: "identity 12345", by: "identity" }],
    ["host by identity", { identity: 1, labels: ["reserved:host"] }, { id: "ent||host", name: "host", by: "identity" }],
    ["remote-node", { identity: 6, labels: ["reserved:remote-node"] }, { id: "ent||remote-node", name: "remote-node", by: "identity" }],
    ["kube-apiserver by labels", { identity: 0, labels: ["reserved:host", "reserved:kube-apiserver"] }, { id: "ent||kube-apiserver", name: "kube-apiserver", by: "identity" }],
    ["kube-apiserver by identity", { identity: 7 }, { id: "ent||kube-apiserver", name: "kube-apiserver", by: "identity" }],
    ["health", { identity: 4, labels: ["reserved:health"] }, { id: "ent||health", name: "health", by: "identity" }],
    ["ingress", { identity: 8, labels: ["reserved:ingress"] }, { id: "ent||ingress", name: "ingress", by: "identity" }],
    ["world-ipv4 is world", { identity: 9, labels: ["reserved:world-ipv4"] }, { id: "world", name: "world", by: "identity" }],
    ["CIDR identity is world", { identity: 16777217, labels: ["cidr:93.184.215.14/32"] }, { id: "world", name: "world", by: "identity" }],
    ["nothing known", { identity: 0 }, { id: "ent||unknown", name: "unknown", by: "identity" }],
  ])("%s", (_, ep, want) => {
    const got = node(ep);
    expect({ id: got.id, name: got.name, by: got.selector.by }).toEqual(want);
  });

  it("names the outside by its DNS name, not one anonymous world", () => {
    expect(node({ identity: 2, labels: ["reserved:world"] }, ["Example.COM.", "alias.example.com"])).toMatchObject({ id: "fqdn|example.com", kind: "fqdn", name: "example.com" });
    expect(node({ identity: 2 }, [])).toMatchObject({ id: "world", kind: "world", address: "10.0.0.9" });
    expect(node({ identity: 2 }, [], "93.184.215.14", "", true)).toMatchObject({ id: "world|93.184.215.14", selector: { by: "ip", ip: "93.184.215.14" } });
  });

  it("ignores DNS names on pods", () => {
    expect(node({ namespace: "shop", podName: "db-0", identity: 9000 }, ["db.shop.svc.cluster.local"]).id).toBe("wl||shop|db");
  });

  it("escapes the id separator in untrusted names", () => {
    expect(node({ namespace: "a|b", podName: "x%y", identity: 9000 }).id).toBe("wl||a%7Cb|x%25y");
  });

  it("clips absurdly long names", () => {
    expect(node({ namespace: "shop", podName: "p".repeat(5000), identity: 9000 }).name).toHaveLength(253);
  });
});

describe("endpointCluster", () => {
  it.each<[string, EndpointInit | undefined, string, string]>([
    ["cluster_name", { clusterName: "cluster2", labels: ["k8s:io.cilium.k8s.policy.cluster=other"] }, "cluster1/node-a", "cluster2"],
    ["policy cluster label", { labels: ["k8s:io.cilium.k8s.policy.cluster=kind-kind"] }, "node-a", "kind-kind"],
    ["Relay node prefix", {}, "cluster1/gke-node-1", "cluster1"],
    ["nothing", {}, "gke-node-1", ""],
    ["no endpoint", undefined, "c3/n", "c3"],
  ])("%s", (_, ep, nodeName, cluster) => {
    expect(endpointCluster(ep === undefined ? undefined : create(EndpointSchema, ep), nodeName)).toBe(cluster);
  });

  it("puts one workload of two clusters on two nodes", () => {
    const a = node({ namespace: "shop", podName: "db-0", identity: 7001, clusterName: "c1" });
    const b = node({ namespace: "shop", podName: "db-0", identity: 7001, clusterName: "c2" });
    expect([a.id, b.id]).toEqual(["wl|c1|shop|db", "wl|c2|shop|db"]);
  });
});
