import { describe, expect, it } from "vitest";
import { FlowType, L7FlowType, TrafficDirection, Verdict } from "../../gen/flow/flow_pb.ts";
import {
  at,
  buildFlow,
  dropEvent,
  from,
  httpResponse,
  ips,
  type EndpointInit,
  onNode,
  policy,
  policyVerdictEvent,
  reply,
  tcp,
  to,
  traceEvent,
  udp,
} from "../../testing/flow-builders.ts";
import { DEFAULT_COLUMN_IDS, FLOW_COLUMNS, cellTexts, flowColumn } from "./flow-columns.ts";

const withApp = (namespace: string, podName: string, identity: number, app: string, more: EndpointInit = {}): EndpointInit => ({
  namespace,
  podName,
  identity,
  labels: [`k8s:app=${app}`, `k8s:io.kubernetes.pod.namespace=${namespace}`],
  ...more,
});

// A denied SYN from frontend to a world address known by DNS name.
const dropped = buildFlow(
  at("2024-03-05T07:08:09.123456789Z"),
  ips("10.0.0.5", "93.184.216.34"),
  tcp(40000, 443, "SYN"),
  from(withApp("shop", "frontend-7c9d-abcde", 16530, "frontend")),
  to({ identity: 2, labels: ["reserved:world"] }),
  { destinationNames: ["example.com"] },
  dropEvent(133),
  onNode("kind-worker"),
  { egressDeniedBy: [{ ...policy("deny-egress", "CiliumNetworkPolicy"), namespace: "shop" }], trafficDirection: TrafficDirection.EGRESS },
);

const httpFlow = buildFlow(
  at("2024-03-05T07:08:10Z"),
  ips("10.0.0.5", "10.0.0.9"),
  tcp(40001, 8080),
  from(withApp("shop", "frontend-7c9d-abcde", 16530, "frontend")),
  to(withApp("shop", "cart-5f-xyz", 20001, "cart", { clusterName: "east", workloads: [{ kind: "Deployment", name: "cart" }] })),
  httpResponse(403, 3_456_789n, "POST", "http://cart:8080/api/cart?id=1"),
  { verdict: Verdict.FORWARDED, destinationService: { name: "cart", namespace: "shop" } },
  reply(true),
);

const dnsFlow = buildFlow(
  ips("10.0.0.5", "10.96.0.10"),
  udp(5353, 53),
  {
    Type: FlowType.L7,
    verdict: Verdict.FORWARDED,
    eventType: { type: 129 },
    l7: { type: L7FlowType.RESPONSE, record: { case: "dns", value: { query: "nope.example.", qtypes: ["A"], rcode: 3 } } },
  },
);

const value = (id: string, flow = dropped): string => flowColumn(id)!.value(flow);

describe("flow columns", () => {
  it.each([
    ["time", dropped, "Mar  5 07:08:09.123"],
    ["src-pod", dropped, "shop/frontend-7c9d-abcde"],
    ["src-ip", dropped, "10.0.0.5"],
    ["src-identity", dropped, "shop/frontend (ID:16530)"],
    ["dst-pod", dropped, ""],
    ["dst-ip", dropped, "93.184.216.34"],
    ["dst-identity", dropped, "example.com (world)"],
    ["dst-port", dropped, "443"],
    ["l7", dropped, ""],
    ["direction", dropped, "egress"],
    ["verdict", dropped, "DROPPED"],
    ["auth", dropped, ""],
    ["tcp-flags", dropped, "SYN"],
    ["event-type", dropped, "Policy denied"],
    ["policy", dropped, "denied by shop/deny-egress"],
    ["drop-reason", dropped, "POLICY_DENIED"],
    ["summary", dropped, ""],
    ["node", dropped, "kind-worker"],
    ["protocol", dropped, "TCP"],
    ["src-port", dropped, "40000"],
    ["dst-names", dropped, "example.com"],
    ["src-labels", dropped, "k8s:app=frontend, k8s:io.kubernetes.pod.namespace=shop"],
    ["is-reply", dropped, ""],
    ["l7", httpFlow, "← 403 POST /api/cart 3ms"],
    ["dst-identity", httpFlow, "shop/cart (ID:20001)"],
    ["dst-cluster", httpFlow, "east"],
    ["dst-service", httpFlow, "shop/cart"],
    ["dst-workload", httpFlow, "Deployment/cart"],
    ["is-reply", httpFlow, "yes"],
    ["event-type", httpFlow, "http-response"],
    ["l7", dnsFlow, "← DNS A nope.example. Non-Existent Domain"],
    ["dst-port", dnsFlow, "53"],
    ["src-identity", dnsFlow, "(unknown)"],
    ["time", dnsFlow, "N/A"],
  ])("%s of %#", (id, flow, expected) => {
    expect(value(id, flow)).toBe(expected);
  });

  it("reads the policy verdict and trace event words like hubble observe", () => {
    const verdict = buildFlow(policyVerdictEvent(Verdict.FORWARDED, 2, TrafficDirection.INGRESS), {
      ingressAllowedBy: [policy("allow-frontend", "CiliumNetworkPolicy"), policy("base", "CiliumClusterwideNetworkPolicy")],
    });
    expect(value("event-type", verdict)).toBe("policy-verdict:L3-L4 INGRESS");
    expect(value("policy", verdict)).toBe("allowed by allow-frontend, base");
    expect(value("event-type", buildFlow(traceEvent(3)))).toBe("to-stack");
  });

  it("has Hubble UI's thirteen columns, unique ids, and defaults in table order", () => {
    expect(FLOW_COLUMNS.filter((c) => c.hubbleUi === true).map((c) => c.title)).toEqual([
      "Timestamp",
      "Source pod",
      "Source IP",
      "Source identity",
      "Destination pod",
      "Destination IP",
      "Destination identity",
      "Dst port",
      "L7 info",
      "Traffic direction",
      "Verdict",
      "Authentication",
      "TCP flags",
    ]);
    expect(new Set(FLOW_COLUMNS.map((c) => c.id)).size).toBe(FLOW_COLUMNS.length);
    expect(DEFAULT_COLUMN_IDS).toEqual(["time", "src-identity", "dst-identity", "dst-port", "l7", "verdict", "event-type", "policy"]);
    for (const column of FLOW_COLUMNS) expect(column.width).toBeGreaterThan(0);
  });

  it("gives every column a text for an empty flow", () => {
    expect(cellTexts(buildFlow(), FLOW_COLUMNS).every((text) => typeof text === "string")).toBe(true);
  });
});
