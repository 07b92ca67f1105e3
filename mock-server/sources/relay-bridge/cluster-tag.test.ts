// Tagging a named relay's events with its cluster.
import { create } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { GetFlowsResponseSchema } from "../../../src/gen/observer/observer_pb.ts";
import { NodeState } from "../../../src/gen/relay/relay_pb.ts";
import { tagNodeName, tagResponse } from "./cluster-tag.ts";

describe("tagNodeName", () => {
  it.each([
    ["k8s1", "east", "east/k8s1"],
    ["kind-worker.example.com", "east", "east/kind-worker.example.com"],
    ["west/k8s1", "east", "west/k8s1"],
    ["east/k8s1", "east", "east/k8s1"],
    ["", "east", ""],
    ["k8s1", undefined, "k8s1"],
  ])("%s with cluster %s → %s", (name, cluster, expected) => {
    expect(tagNodeName(name, cluster)).toBe(expected);
  });
});

const status = () =>
  create(GetFlowsResponseSchema, {
    nodeName: "relay-0",
    responseTypes: { case: "nodeStatus", value: { stateChange: NodeState.NODE_CONNECTED, nodeNames: ["k8s1", "west/k8s2"] } },
  });

describe("tagResponse", () => {
  it("tags a flow's node names and fills in empty endpoint clusters", () => {
    const response = create(GetFlowsResponseSchema, {
      nodeName: "k8s1",
      responseTypes: {
        case: "flow",
        value: { nodeName: "k8s1", source: { clusterName: "", podName: "a" }, destination: { clusterName: "west", podName: "b" } },
      },
    });
    tagResponse(response, "east");
    expect(response.nodeName).toBe("east/k8s1");
    if (response.responseTypes.case !== "flow") throw new Error("not a flow");
    const flow = response.responseTypes.value;
    expect(flow.nodeName).toBe("east/k8s1");
    expect(flow.source?.clusterName).toBe("east");
    expect(flow.destination?.clusterName).toBe("west");
  });

  it("tags node status names, and leaves everything alone for an unnamed relay", () => {
    const tagged = tagResponse(status(), "east");
    expect(tagged.nodeName).toBe("east/relay-0");
    expect(tagged.responseTypes.value).toMatchObject({ nodeNames: ["east/k8s1", "west/k8s2"] });
    expect(tagResponse(status(), undefined).responseTypes.value).toMatchObject({ nodeNames: ["k8s1", "west/k8s2"] });
  });
});
