import { describe, expect, it } from "vitest";
import { type Flow, TrafficDirection } from "../../gen/flow/flow_pb.ts";
import { Count } from "../aggregation/service-map/flow-orientation.ts";
import { from, ips, onNode, reply, tcp, to, traceEvent, udp } from "../../testing/flow-builders.ts";
import { backend, flowAt, frontend, kubeDns, world } from "../policy-attribution/attribution-fixtures.ts";
import { flowEdge, nodeLabel } from "./flow-edge.ts";
import { EDGE } from "./stage-fixtures.ts";

const node = onNode("cluster1/node-a");

describe("flowEdge", () => {
  it.each<[string, Flow, [string, string, string, Count, boolean] | undefined]>([
    ["a request at the server", flowAt(0, node, from(frontend), to(backend), tcp(40000, 80, "SYN"), reply(false), traceEvent(0)), [EDGE.feBe, "shop/frontend", "shop/backend", Count.receiverTrace, true]],
    ["its reply folds onto the same edge", flowAt(0, node, from(backend), to(frontend), tcp(80, 40000, "SYN", "ACK"), reply(true), traceEvent(5)), [EDGE.feBe, "shop/frontend", "shop/backend", Count.receiverTrace, true]],
    ["a request leaving the client", flowAt(0, node, from(frontend), to(backend), tcp(40000, 80, "SYN"), reply(false), traceEvent(5)), [EDGE.feBe, "shop/frontend", "shop/backend", Count.senderTrace, false]],
    ["a DNS query", flowAt(0, node, from(frontend), to(kubeDns), udp(40001, 53), reply(false), traceEvent(5)), [EDGE.feDns, "shop/frontend", "kube-system/kube-dns", Count.senderTrace, false]],
    ["an ingress policy verdict annotates and shows the server's node", flowAt(0, node, from(frontend), to(backend), tcp(40000, 80, "SYN"), { eventType: { type: 5 }, trafficDirection: TrafficDirection.INGRESS }), [EDGE.feBe, "shop/frontend", "shop/backend", Count.annotation, true]],
    ["the world by its DNS name", flowAt(0, node, from(frontend), to(world), { destinationNames: ["Example.COM."] }, tcp(40002, 443, "SYN"), reply(false), traceEvent(5)), [EDGE.feExample, "shop/frontend", "example.com", Count.senderTrace, false]],
    ["a socket-LB translation is not on the map", flowAt(0, node, from(frontend), to(backend), tcp(0, 80), { eventType: { type: 7 } }), undefined],
    ["a flow without endpoints or addresses", flowAt(0, traceEvent(0)), undefined],
  ])("%s", (_, flow, expected) => {
    const edge = flowEdge(flow);
    expect(edge === undefined ? undefined : [edge.id, nodeLabel(edge.source), nodeLabel(edge.target), edge.count, edge.byServer]).toEqual(expected);
  });

  it("splits the world by address when asked", () => {
    const flow = flowAt(0, node, from(frontend), to(world), ips("10.0.0.1", "1.1.1.1"), tcp(40003, 80, "SYN"), reply(false), traceEvent(5));
    expect([flowEdge(flow)?.target.id, flowEdge(flow, true)?.target.id]).toEqual(["world", "world|1.1.1.1"]);
  });
});
