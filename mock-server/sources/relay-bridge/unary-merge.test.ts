// Merging the relays' unary answers as Relay merges its nodes'.
import { create } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import {
  GetNamespacesResponseSchema,
  GetNodesResponseSchema,
  ServerStatusResponseSchema,
} from "../../../src/gen/observer/observer_pb.ts";
import { NodeState } from "../../../src/gen/relay/relay_pb.ts";
import { mergeNamespaces, mergeNodes, mergeServerStatus } from "./unary-merge.ts";

describe("mergeServerStatus", () => {
  it("sums counters and rates, keeps the longest uptime, counts silent relays' nodes as unavailable", () => {
    const merged = mergeServerStatus([
      {
        name: "east",
        address: "a:1",
        nodeNames: ["east/k8s1"],
        answer: create(ServerStatusResponseSchema, {
          numFlows: 10n, maxFlows: 4095n, seenFlows: 100n, uptimeNs: 5n, flowsRate: 1.5, version: "1.19.2",
          numConnectedNodes: 2, numUnavailableNodes: 1, unavailableNodes: ["k8s3"],
        }),
      },
      {
        address: "b:2",
        nodeNames: ["agent"],
        // A single agent: no node counts, it is one node itself.
        answer: create(ServerStatusResponseSchema, {
          numFlows: 5n, maxFlows: 4095n, seenFlows: 7n, uptimeNs: 9n, flowsRate: 0.5, version: "1.18.0",
        }),
      },
      { name: "west", address: "c:3", nodeNames: ["west/k8s1", "west/k8s2"], error: "[unavailable] connection refused" },
    ]);
    expect(merged).toMatchObject({
      numFlows: 15n,
      maxFlows: 8190n,
      seenFlows: 107n,
      uptimeNs: 9n,
      flowsRate: 2,
      numConnectedNodes: 3,
      numUnavailableNodes: 3,
      unavailableNodes: ["east/k8s3", "west/k8s1", "west/k8s2"],
      version: "1.19.2, 1.18.0",
    });
  });
});

describe("mergeNodes", () => {
  it("tags and sorts every relay's nodes, listing a silent relay's nodes as unavailable", () => {
    const merged = mergeNodes([
      {
        name: "west",
        address: "w:1",
        nodeNames: [],
        answer: create(GetNodesResponseSchema, { nodes: [{ name: "k8s2", state: NodeState.NODE_CONNECTED }, { name: "k8s1" }] }),
      },
      { name: "east", address: "e:1", nodeNames: ["east/k8s1"], error: "timeout" },
    ]);
    expect(merged.nodes.map((node) => [node.name, node.state, node.address])).toEqual([
      ["east/k8s1", NodeState.NODE_UNAVAILABLE, "e:1"],
      ["west/k8s1", NodeState.UNKNOWN_NODE_STATE, ""],
      ["west/k8s2", NodeState.NODE_CONNECTED, ""],
    ]);
  });
});

const namespacesAnswer = (namespaces: { cluster: string; namespace: string }[]) =>
  create(GetNamespacesResponseSchema, { namespaces });

describe("mergeNamespaces", () => {
  it("fills an empty cluster with the relay's NAME, drops repeats, sorts by cluster then namespace", () => {
    const merged = mergeNamespaces([
      {
        name: "west",
        address: "w:1",
        nodeNames: [],
        answer: namespacesAnswer([{ cluster: "", namespace: "shop" }, { cluster: "", namespace: "default" }]),
      },
      {
        name: "east",
        address: "e:1",
        nodeNames: [],
        answer: namespacesAnswer([{ cluster: "west", namespace: "shop" }, { cluster: "east", namespace: "kube-system" }]),
      },
      { address: "x:1", nodeNames: [], error: "down" },
    ]);
    expect(merged.namespaces.map((ns) => `${ns.cluster}/${ns.namespace}`)).toEqual(["east/kube-system", "west/default", "west/shop"]);
  });
});
