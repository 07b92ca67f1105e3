import { describe, expect, it } from "vitest";
import type { Flow } from "../../gen/flow/flow_pb.ts";
import { L7FlowType, TrafficDirection, Verdict } from "../../gen/flow/flow_pb.ts";
import { compileFilters } from "../../domain/filters/compile-flow-filter.ts";
import { chipArgs } from "../../domain/filters/format-observe-flags.ts";
import { parseObserveFlags } from "../../domain/filters/parse-observe-flags.ts";
import { parseFlowLines } from "../../domain/flow/json-line-decoder.ts";
import { at, buildFlow, dropEvent, from, httpRequest, ips, onNode, pod, policy, policyVerdictEvent, reply, tcp, to } from "../../testing/flow-builders.ts";
import { readSample, sampleFlowFiles } from "../../testing/node/samples.ts";
import { eventTypeFlagValue, exactPattern, filterChip, identityFlagValue, quoteMeta } from "./filter-chip.ts";
import { flowDetails } from "./flow-details-model.ts";
import type { DetailSection } from "./flow-details-rows.ts";

const shopPod = { ...pod("shop", "frontend-7c9d-abcde", 16530), labels: ["k8s:app=frontend"], clusterName: "east" };

const dropped = buildFlow(
  at("2024-03-05T07:08:09.123456789Z"),
  ips("10.0.0.5", "93.184.216.34"),
  tcp(40000, 443, "SYN"),
  from(shopPod),
  to({ identity: 2, labels: ["reserved:world"] }),
  { destinationNames: ["example.com", "Upper.example."], uuid: "6b1f-uuid" },
  dropEvent(133),
  onNode("east/kind-worker"),
  { egressDeniedBy: [{ ...policy("deny-egress", "CiliumNetworkPolicy"), namespace: "shop", revision: 7n }] },
  { trafficDirection: TrafficDirection.EGRESS },
);

const http = buildFlow(
  ips("10.0.0.5", "10.0.0.9"),
  tcp(40001, 8080),
  from(shopPod),
  to(pod("shop", "cart-1", 20001)),
  httpRequest("GET", "http://cart:8080/api/v1/items?id=(1)"),
  { verdict: Verdict.FORWARDED },
  reply(false),
);

/** "Section › Label" → texts, and "Section › Label" → chip args, for compact assertions. */
function flatten(sections: DetailSection[]) {
  const texts: Record<string, string[]> = {};
  const filters: Record<string, string[]> = {};
  for (const s of sections) {
    for (const r of s.rows) {
      const key = `${s.title} › ${r.label}`;
      texts[key] = r.values.map((v) => v.text);
      const args = r.values.flatMap((v) => (v.filter === undefined ? [] : [chipArgs(v.filter).join(" ")]));
      if (args.length > 0) filters[key] = args;
    }
  }
  return { texts, filters };
}

describe("flowDetails", () => {
  it("lays out a dropped flow with policy attribution and filters", () => {
    const { texts, filters } = flatten(flowDetails(dropped));
    expect(texts["Flow › Time"]).toEqual(["2024-03-05T07:08:09.123456789Z", "Mar  5 07:08:09.123"]);
    expect(texts["Flow › Drop reason"]).toEqual(["POLICY_DENIED", "Policy denied (133)"]);
    expect(texts["Policy › Egress denied by"]).toEqual(["shop/deny-egress (CiliumNetworkPolicy, revision 7)"]);
    expect(texts["Destination › Identity"]).toEqual(["2 (world)"]);
    expect(texts["Destination › DNS names"]).toEqual(["example.com", "Upper.example."]);
    expect(filters).toEqual({
      "Flow › Verdict": ["--verdict DROPPED"],
      "Flow › Drop reason": ["--drop-reason-desc POLICY_DENIED"],
      "Flow › Event": ["--type drop"],
      "Flow › Traffic direction": ["--traffic-direction egress"],
      "Flow › Node": ["--node-name east/kind-worker"],
      "Flow › UUID": ["--uuid 6b1f-uuid"],
      "Source › Pod": ["--from-pod shop/frontend-7c9d-abcde"],
      "Source › Namespace": ["--from-namespace shop"],
      "Source › Identity": ["--from-identity 16530"],
      "Source › Cluster": ["--from-cluster east"],
      "Source › Labels": ["--from-label k8s:app=frontend"],
      "Source › IP": ["--from-ip 10.0.0.5"],
      "Source › Port": ["--from-port 40000"],
      "Destination › Identity": ["--to-identity world"],
      "Destination › Labels": ["--to-label reserved:world"],
      "Destination › DNS names": ["--to-fqdn example.com"],
      "Destination › IP": ["--to-ip 93.184.216.34"],
      "Destination › Port": ["--to-port 443"],
      "L3/L4 › Protocol": ["--protocol tcp"],
      "L3/L4 › IP version": ["--ipv4"],
      "L3/L4 › TCP flags": ["--tcp-flags SYN"],
    });
    expect(flowDetails(dropped).map((s) => s.id)).toEqual(["overview", "source", "destination", "l4", "policy", "trace"]);
  });

  it("quotes HTTP values as anchored RE2 patterns", () => {
    const { texts, filters } = flatten(flowDetails(http));
    expect(texts["HTTP › Path"]).toEqual(["/api/v1/items"]);
    expect(filters["HTTP › Method"]).toEqual(["--http-method GET"]);
    expect(filters["HTTP › Path"]).toEqual(["--http-path ^/api/v1/items$"]);
    expect(filters["HTTP › URL"]).toEqual(["--http-url ^http://cart:8080/api/v1/items\\?id=\\(1\\)$"]);
    expect(filters["Flow › Is reply"]).toEqual(["--reply=false"]);
    expect(filters["Flow › Event"]).toEqual(["--type l7"]);
  });

  it("leaves out what a flow does not have", () => {
    expect(flowDetails(buildFlow()).map((s) => s.id)).toEqual(["overview"]);
    const { texts } = flatten(flowDetails(buildFlow()));
    expect(texts["Flow › Verdict"]).toEqual(["VERDICT_UNKNOWN"]);
    expect(texts["Source › Pod"]).toBeUndefined();
  });

  it("shows the policy match type of policy verdicts", () => {
    const flow = buildFlow(policyVerdictEvent(Verdict.AUDIT, 2, TrafficDirection.INGRESS));
    expect(flatten(flowDetails(flow)).texts["Policy › Match type"]).toEqual(["L3-L4 (2)"]);
  });

  it("offers DNS query filters", () => {
    const dns = buildFlow({ eventType: { type: 129 }, l7: { type: L7FlowType.REQUEST, record: { case: "dns", value: { query: "api.example.com.", qtypes: ["AAAA"] } } } });
    expect(flatten(flowDetails(dns)).filters["DNS › Query"]).toEqual(["--dns-query ^api\\.example\\.com\\.$"]);
  });

  // The strongest check: every filter button selects the very flow it was made from.
  it("offers only filters that select the flow itself (builder flows and every recorded sample)", () => {
    const samples = sampleFlowFiles().flatMap((file) =>
      parseFlowLines(readSample(file.slice(file.lastIndexOf("/") + 1)), file)
        .events.slice(0, 40)
        .flatMap((e) => (e.event.responseTypes.case === "flow" ? [e.event.responseTypes.value] : [])),
    );
    const flows: Flow[] = [dropped, http, ...samples];
    expect(samples.length).toBeGreaterThan(100);
    let checked = 0;
    for (const flow of flows) {
      for (const s of flowDetails(flow)) {
        for (const r of s.rows) {
          for (const v of r.values) {
            if (v.filter === undefined) continue;
            const parsed = parseObserveFlags(chipArgs(v.filter), { defaultLast: 0n });
            if (!parsed.ok) throw new Error(`${chipArgs(v.filter).join(" ")}: ${parsed.error.message}`);
            const matches = compileFilters(parsed.request)(flow);
            expect(matches, `${s.title} › ${r.label}: ${chipArgs(v.filter).join(" ")}`).toBe(true);
            checked++;
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });
});

describe("filter chips", () => {
  it.each([
    ["from-pod", "shop/frontend", true],
    ["verdict", "DROPPED", true],
    ["verdict", "NOPE", false],
    ["from-port", "99999", false],
    ["to-fqdn", "bad name!", false],
    ["from-label", "k8s:app=frontend", true],
    ["http-status", "403", true],
  ])("--%s %s valid: %s", (flag, value, valid) => {
    expect(filterChip(flag, value) !== undefined).toBe(valid);
  });

  it.each([
    ["a.b", "a\\.b"],
    ["/x?(y)|[z]{1}^$*+\\", "/x\\?\\(y\\)\\|\\[z\\]\\{1\\}\\^\\$\\*\\+\\\\"],
  ])("quoteMeta(%s)", (text, quoted) => {
    expect(quoteMeta(text)).toBe(quoted);
    expect(exactPattern(text)).toBe(`^${quoted}$`);
  });

  it.each([
    [{ type: 4, subType: 0 }, "trace:to-endpoint"],
    [{ type: 4, subType: 200 }, "trace"],
    [{ type: 1, subType: 133 }, "drop"],
    [{ type: 5, subType: 0 }, "policy-verdict"],
    [{ type: 129, subType: 0 }, "l7"],
    [{ type: 77, subType: 0 }, "77"],
  ])("event type %j → -t %s", (eventType, expected) => {
    expect(eventTypeFlagValue(buildFlow({ eventType }))).toBe(expected);
  });

  it("names reserved identities and numbers the rest", () => {
    expect([identityFlagValue(2), identityFlagValue(6), identityFlagValue(0), identityFlagValue(16530)]).toEqual(["world", "remote-node", "0", "16530"]);
  });
});
