import { describe, expect, it } from "vitest";
import type { Flow } from "../../../gen/flow/flow_pb.ts";
import { type EndpointInit, type FlowInit, from, reply, tcp, to, udp } from "../../../testing/flow-builders.ts";
import { compileFilters } from "../../filters/compile-flow-filter.ts";
import { FROM_ENDPOINT, T0_MS, TO_ENDPOINT, backend, flowAt, frontend, kubeDns, podEp, trace, worldEp } from "./map-fixtures.ts";
import { type EdgeSelection, describeSelection } from "./selection.ts";
import { ServiceMapAggregator } from "./service-map-aggregator.ts";
import type { GraphModel } from "./graph-model.ts";

function modelOf(flows: readonly Flow[]): GraphModel {
  const aggregator = new ServiceMapAggregator();
  aggregator.add(flows);
  return aggregator.model({ windowMs: "all", nowMs: T0_MS });
}

const req = (a: EndpointInit, b: EndpointInit, l4: FlowInit, ...more: FlowInit[]) => flowAt(1, from(a), to(b), l4, reply(false), trace(TO_ENDPOINT), ...more);
const rep = (a: EndpointInit, b: EndpointInit, l4: FlowInit, ...more: FlowInit[]) => flowAt(1, from(b), to(a), l4, reply(true), trace(FROM_ENDPOINT), ...more);
const deployment = podEp("shop", "cart-6b746f74dc-9rcxx", 700, ["k8s:app=cart"], { workloads: [{ name: "cart", kind: "Deployment" }] });
const plainPod = podEp("shop", "backend-6c4c67dc75-qz2xk", 69364);
const names = (n: string): FlowInit => ({ destinationNames: [n] });

describe("edge selection", () => {
  it.each<[string, Flow, Flow, Flow, string, string]>([
    [
      "label-grouped workloads",
      req(frontend, backend, tcp(40000, 80, "SYN")),
      rep(frontend, backend, tcp(80, 40000, "SYN", "ACK")),
      req(frontend, backend, tcp(40000, 8080, "SYN")),
      "shop/frontend → shop/backend 80/TCP",
      "--protocol tcp --from-namespace shop --to-namespace shop --from-label k8s:app=frontend --to-label k8s:app=backend --to-port 80",
    ],
    [
      "pod-name and workload grouping",
      req(deployment, plainPod, tcp(40000, 80, "SYN")),
      rep(deployment, plainPod, tcp(80, 40000, "SYN", "ACK")),
      req(frontend, plainPod, tcp(40000, 80, "SYN")),
      "shop/cart → shop/backend 80/TCP",
      "--protocol tcp --from-namespace shop --to-pod shop/backend- --from-workload Deployment/cart --to-port 80",
    ],
    [
      "DNS to kube-dns",
      req(frontend, kubeDns, udp(45000, 53)),
      rep(frontend, kubeDns, udp(53, 45000)),
      req(frontend, kubeDns, tcp(45000, 53)),
      "shop/frontend → kube-system/kube-dns 53/UDP",
      "--protocol udp --from-namespace shop --to-namespace kube-system --from-label k8s:app=frontend --to-label k8s:k8s-app=kube-dns --to-port 53",
    ],
    [
      "to a DNS name",
      req(frontend, worldEp, tcp(40000, 443, "SYN"), names("example.com")),
      rep(frontend, worldEp, tcp(443, 40000, "SYN", "ACK"), { sourceNames: ["example.com"] }),
      req(frontend, worldEp, tcp(40000, 443, "SYN"), names("other.example.com")),
      "shop/frontend → example.com 443/TCP",
      "--protocol tcp --from-namespace shop --to-fqdn example.com --from-label k8s:app=frontend --to-port 443",
    ],
  ])("%s", (_, request, answer, other, title, args) => {
    const model = modelOf([request, answer, other]);
    const edgeId = [...model.edges.values()].find((e) => e.flows === 2)!.id;
    const selection = describeSelection(model, edgeId) as EdgeSelection;
    const matches = compileFilters({ whitelist: selection.filters });
    expect([selection.kind, selection.title, selection.observeArgs]).toEqual(["edge", title, args]);
    expect([matches(request), matches(answer), matches(other)]).toEqual([true, true, false]);
  });

  it("describes both ends for the flow table", () => {
    const model = modelOf([req(frontend, backend, tcp(40000, 80, "SYN"))]);
    const selection = describeSelection(model, [...model.edges.keys()][0]!) as EdgeSelection;
    expect([selection.from, selection.to, selection.port, selection.protocol]).toEqual([
      { kind: "workload", name: "frontend", namespace: "shop", workload: "frontend" },
      { kind: "workload", name: "backend", namespace: "shop", workload: "backend" },
      80,
      "TCP",
    ]);
  });
});

describe("node selection", () => {
  const flows = [req({ ...frontend, clusterName: "c1" }, { ...backend, clusterName: "c2" }, tcp(40000, 80, "SYN")), req(frontend, { identity: 1, labels: ["reserved:host"] }, tcp(40000, 10250, "SYN"))];

  it.each<[string, string, string]>([
    ["a workload, either direction, in its cluster", "wl|c1|shop|frontend", "--namespace shop --label k8s:app=frontend --cluster c1"],
    ["a namespace", "ns|c2|shop", "--namespace shop --cluster c2"],
    ["a cluster", "cl|c1", "--cluster c1"],
    ["an entity", "ent||host", "--identity host"],
  ])("%s", (_, id, args) => {
    const selection = describeSelection(modelOf(flows), id);
    expect(selection?.observeArgs).toBe(args);
  });

  it("is undefined for an unknown id", () => {
    expect(describeSelection(modelOf(flows), "nope")).toBeUndefined();
  });
});
