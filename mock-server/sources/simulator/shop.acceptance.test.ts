// Acceptance: the shop Zero-Trust ladder (seed 002, facts/lab-scenarios.md scenario 2) served by
// a real server and read back over gRPC, stage by stage in both clusters: every observed outcome
// of the lab table, the compact lines the seed prints, the jsonpb allowed-by lists the author's
// jq shows, and the Grafana signals of grafana-panels §3 computed from the same flows.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DropReason, DropReasonSchema, TrafficDirection, Verdict, type Flow } from "../../../src/gen/flow/flow_pb.ts";
import { enumName } from "../../../src/domain/flow/enum-name.ts";
import { allowedBy, compact, inCluster, jsonpb, startLab, type LabHarness, type StageWindow } from "./lab-harness.ts";

const CLUSTERS = [
  { name: "cluster1", frontend: 114060, backend: 69364, kubeDns: 67025, dnsHash: "75df64b86", backendIp: "34.118.239.118" },
  { name: "cluster2", frontend: 135917, backend: 163287, kubeDns: 156453, dnsHash: "55899b7fc", backendIp: "34.118.228.223" },
] as const;
type ClusterFacts = (typeof CLUSTERS)[number];

const FE = (c: ClusterFacts) => `shop/frontend-79f5dbfc6c-[a-z0-9]{5}:\\d+ \\(ID:${c.frontend}\\)`;
const BE = (c: ClusterFacts) => `shop/backend-6c4c67dc75-[a-z0-9]{5}:80 \\(ID:${c.backend}\\)`;
const DNS = (c: ClusterFacts) => `kube-system/kube-dns-${c.dnsHash}-[a-z0-9]{5}:53 \\(ID:${c.kubeDns}\\)`;
const esc = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Compact lines (without time) of the flows matching `pattern`. */
function lines(flows: readonly Flow[], pattern: string): string[] {
  const re = new RegExp(`^${pattern}$`);
  return flows.map(compact).filter((line) => re.test(line));
}

const isPolicyVerdict = (f: Flow) => f.eventType?.type === 5;
const fromFrontend = (f: Flow) => f.source?.labels.includes("k8s:app=frontend") === true;
const toBackend = (f: Flow) => f.destination?.labels.includes("k8s:app=backend") === true;
const httpOf = (f: Flow) => (f.l7?.record.case === "http" ? f.l7.record.value : undefined);
const policyNames = (flows: readonly Flow[]) => new Set(flows.filter(isPolicyVerdict).flatMap((f) => [...allowedBy(f, "ingress"), ...allowedBy(f, "egress")]));

/** grafana-panels §3 "Top 10 Port Distribution": forwarded/redirected, l4, is_reply known and false. */
function topPort(flows: readonly Flow[]): string {
  const counts = new Map<string, number>();
  for (const f of flows) {
    if ((f.verdict !== Verdict.FORWARDED && f.verdict !== Verdict.REDIRECTED) || f.isReply !== false) continue;
    const l4 = f.l4?.protocol;
    if (l4?.case !== "TCP" && l4?.case !== "UDP") continue;
    const key = `${l4.value.destinationPort}/${l4.case}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].toSorted((a, b) => b[1] - a[1])[0]?.[0] ?? "";
}

let lab: LabHarness;
const windows = new Map<number, StageWindow>();
const stageFlows = new Map<number, Flow[]>();

beforeAll(async () => {
  lab = await startLab("shop");
  for (let stage = 1; stage <= 5; stage++) windows.set(stage, lab.runStage(stage, 40));
  for (const [stage, window] of windows) stageFlows.set(stage, await lab.flows(window));
}, 120_000);
afterAll(() => lab.close());

const flowsOf = (stage: number) => stageFlows.get(stage) ?? [];

describe.each(CLUSTERS)("shop lab in $name", (c) => {
  it("stage 1 allow-all: policy-verdict:all on DNS and FE→BE, allow-all in ingress_allowed_by, /get answered", () => {
    const flows = inCluster(flowsOf(1), c.name);
    expect(lines(flows, `${FE(c)} -> ${DNS(c)} policy-verdict:all EGRESS ALLOWED \\(UDP\\)`).length).toBeGreaterThan(0);
    expect(lines(flows, `${FE(c)} -> ${BE(c)} policy-verdict:all EGRESS ALLOWED \\(TCP Flags: SYN\\)`).length).toBeGreaterThan(0);
    expect(lines(flows, `${FE(c)} -> ${BE(c)} policy-verdict:all INGRESS ALLOWED \\(TCP Flags: SYN\\)`).length).toBeGreaterThan(0);
    const ingress = flows.filter((f) => isPolicyVerdict(f) && fromFrontend(f) && toBackend(f) && f.trafficDirection === TrafficDirection.INGRESS);
    expect(ingress.length).toBeGreaterThan(0);
    for (const f of ingress) {
      // The author's jq: {verdict, ing: ingress_allowed_by names, eg: egress_allowed_by names}.
      expect({ verdict: jsonpb(f).flow["verdict"], ing: allowedBy(f, "ingress"), eg: allowedBy(f, "egress") }).toEqual({ verdict: "FORWARDED", ing: ["allow-all"], eg: [] });
    }
    // The HTTP exchange completes: the backend's response reaches the frontend.
    expect(lines(flows, `${FE(c)} <- ${BE(c)} to-endpoint FORWARDED \\(TCP Flags: ACK, PSH\\)`).length).toBeGreaterThan(0);
    expect(flows.filter((f) => f.verdict === Verdict.DROPPED)).toEqual([]);
    // Grafana: Forwarded ≫ Dropped, TCPv4 SYN and SYN-ACK, Top 10 Port led by 80/TCP.
    expect(flows.filter((f) => f.verdict === Verdict.FORWARDED).length).toBeGreaterThan(100);
    const tcpFlags = flows.filter((f) => f.l4?.protocol.case === "TCP" && f.verdict === Verdict.FORWARDED).map((f) => (f.l4?.protocol.case === "TCP" ? f.l4.protocol.value.flags : undefined));
    expect(tcpFlags.some((flags) => flags?.SYN === true && !flags.ACK)).toBe(true);
    expect(tcpFlags.some((flags) => flags?.SYN === true && flags.ACK)).toBe(true);
    expect(topPort(flows)).toBe("80/TCP");
    expect(flows.some((f) => f.l7 !== undefined)).toBe(false);
  });

  it("stage 2 DNS: queries through the DNS proxy, A answered with the ClusterIP, AAAA empty, L3-L4 EGRESS ALLOWED (UDP)", () => {
    const flows = inCluster(flowsOf(2), c.name);
    expect(lines(flows, `${FE(c)} -> ${DNS(c)} dns-request proxy FORWARDED \\(DNS Query backend.shop.svc.cluster.local. A\\)`).length).toBeGreaterThan(0);
    expect(lines(flows, `${FE(c)} -> ${DNS(c)} dns-request proxy FORWARDED \\(DNS Query backend.shop.svc.cluster.local. AAAA\\)`).length).toBeGreaterThan(0);
    expect(lines(flows, `${FE(c)} <- ${DNS(c)} dns-response proxy FORWARDED \\(DNS Answer "${esc(c.backendIp)}" TTL: 30 \\(Proxy backend.shop.svc.cluster.local. A\\)\\)`).length).toBeGreaterThan(0);
    expect(lines(flows, `${FE(c)} <- ${DNS(c)} dns-response proxy FORWARDED \\(DNS Answer  TTL: 4294967295 \\(Proxy backend.shop.svc.cluster.local. AAAA\\)\\)`).length).toBeGreaterThan(0);
    const dnsVerdicts = flows.filter((f) => isPolicyVerdict(f) && f.l4?.protocol.case === "UDP");
    expect(dnsVerdicts.length).toBeGreaterThan(0);
    for (const f of dnsVerdicts) {
      expect(compact(f)).toMatch(new RegExp(`^${FE(c)} -> ${DNS(c)} policy-verdict:L3-L4 EGRESS ALLOWED \\(UDP\\)$`));
      expect({ verdict: f.verdict, eg: allowedBy(f, "egress") }).toEqual({ verdict: Verdict.REDIRECTED, eg: ["allow-dns"] });
    }
    // Grafana: L7 Flow Distribution shows DNS (4 L7 flows per nslookup); Forwarded dominates; REDIRECTED appears.
    const l7Dns = flows.filter((f) => f.eventType?.type === 129 && f.l7?.record.case === "dns");
    expect(l7Dns.length).toBeGreaterThan(20);
    expect(l7Dns.every((f) => f.l7?.record.case === "dns" && f.l7.record.value.observationSource === "proxy")).toBe(true);
    expect(flows.filter((f) => f.verdict === Verdict.FORWARDED).length).toBeGreaterThan(10 * Math.max(1, flows.filter((f) => f.verdict === Verdict.DROPPED).length));
    expect(flows.some((f) => f.verdict === Verdict.REDIRECTED)).toBe(true);
  });

  it("stage 3 L4: L3-L4 ALLOWED on both sides with to-endpoint SYN, no HTTP records, example.com still reachable", () => {
    const flows = inCluster(flowsOf(3), c.name);
    expect(lines(flows, `${FE(c)} -> ${BE(c)} policy-verdict:L3-L4 EGRESS ALLOWED \\(TCP Flags: SYN\\)`).length).toBeGreaterThan(0);
    expect(lines(flows, `${FE(c)} -> ${BE(c)} policy-verdict:L3-L4 INGRESS ALLOWED \\(TCP Flags: SYN\\)`).length).toBeGreaterThan(0);
    expect(lines(flows, `${FE(c)} -> ${BE(c)} to-endpoint FORWARDED \\(TCP Flags: SYN\\)`).length).toBeGreaterThan(0);
    const feBe = flows.filter((f) => isPolicyVerdict(f) && fromFrontend(f) && toBackend(f));
    expect(feBe.every((f) => f.policyMatchType === 2 && f.verdict === Verdict.FORWARDED)).toBe(true);
    expect(new Set(feBe.flatMap((f) => [...allowedBy(f, "egress"), ...allowedBy(f, "ingress")]))).toEqual(new Set(["allow-frontend-egress", "allow-frontend-to-backend"]));
    expect(lines(flows, `${FE(c)} <- ${BE(c)} to-endpoint FORWARDED \\(TCP Flags: ACK, PSH\\)`).length).toBeGreaterThan(0);
    expect(flows.some((f) => httpOf(f) !== undefined)).toBe(false);
    expect(lines(flows, `${FE(c)} -> example.com:443 \\(world\\) policy-verdict:all EGRESS ALLOWED \\(TCP Flags: SYN\\)`).length).toBeGreaterThan(0);
    expect(lines(flows, `${FE(c)} <- example.com:443 \\(world\\) to-endpoint FORWARDED \\(TCP Flags: SYN, ACK\\)`).length).toBeGreaterThan(0);
    expect(flows.filter((f) => f.verdict === Verdict.DROPPED)).toEqual([]);
  });

  it("stage 4 L7: /status/200 and /status/500 both FORWARDED through Envoy (allow-all opens L7), REDIRECTED by allow-frontend-l7", () => {
    const flows = inCluster(flowsOf(4), c.name);
    for (const code of [200, 500]) {
      const path = `http://backend.shop.svc.cluster.local/status/${code}`;
      expect(lines(flows, `${FE(c)} -> ${BE(c)} http-request FORWARDED \\(HTTP/1.1 GET ${esc(path)}\\)`).length).toBeGreaterThan(0);
      expect(lines(flows, `${FE(c)} <- ${BE(c)} http-response FORWARDED \\(HTTP/1.1 ${code} \\d+ms \\(GET ${esc(path)}\\)\\)`).length).toBeGreaterThan(0);
    }
    const feBe = flows.filter((f) => isPolicyVerdict(f) && fromFrontend(f) && toBackend(f));
    const seen = new Set(feBe.map((f) => `verdict=${jsonpb(f).flow["verdict"] as string} ing=${allowedBy(f, "ingress").join(",")}`));
    expect(seen).toEqual(new Set(["verdict=REDIRECTED ing=allow-frontend-l7", "verdict=FORWARDED ing="]));
    expect(new Set(feBe.filter((f) => f.trafficDirection === TrafficDirection.EGRESS).flatMap((f) => allowedBy(f, "egress")))).toEqual(new Set(["allow-frontend-egress"]));
    expect(feBe.filter((f) => f.verdict === Verdict.REDIRECTED).every((f) => f.proxyPort > 0)).toBe(true);
    // Grafana: HTTP in L7 Flow Distribution, a REDIRECTED line, httpV2 reporter=server (ingress).
    const responses = flows.filter((f) => httpOf(f) !== undefined && f.isReply === true);
    expect(responses.length).toBeGreaterThan(10);
    expect(responses.every((f) => f.trafficDirection === TrafficDirection.INGRESS)).toBe(true);
    expect(flows.some((f) => f.verdict === Verdict.REDIRECTED && isPolicyVerdict(f) && f.l4?.protocol.case === "TCP")).toBe(true);
    expect(flows.filter((f) => f.verdict === Verdict.DROPPED)).toEqual([]);
  });

  it("stage 5 default-deny: DNS works, /status/200 → 200, /get → DROPPED + 403, world egress denied, allow-all gone", () => {
    const flows = inCluster(flowsOf(5), c.name);
    expect(lines(flows, `${FE(c)} <- ${DNS(c)} dns-response proxy FORWARDED \\(DNS Answer "${esc(c.backendIp)}" TTL: 30 \\(Proxy backend.shop.svc.cluster.local. A\\)\\)`).length).toBeGreaterThan(0);
    const status200 = "http://backend.shop.svc.cluster.local/status/200";
    expect(lines(flows, `${FE(c)} <- ${BE(c)} http-response FORWARDED \\(HTTP/1.1 200 \\d+ms \\(GET ${esc(status200)}\\)\\)`).length).toBeGreaterThan(0);
    const get = "http://backend.shop.svc.cluster.local/get";
    const getRequests = flows.filter((f) => httpOf(f)?.url === get && f.isReply === false);
    const getResponses = flows.filter((f) => httpOf(f)?.url === get && f.isReply === true);
    expect(getRequests.length).toBeGreaterThan(0);
    expect(getRequests.every((f) => compact(f).endsWith(`http-request DROPPED (HTTP/1.1 GET ${get})`))).toBe(true);
    expect(getResponses.length).toBe(getRequests.length);
    expect(getResponses.every((f) => f.verdict === Verdict.FORWARDED && httpOf(f)?.code === 403)).toBe(true);
    // L7 denials carry no drop reason: Grafana's Drop Reason shows DROP_REASON_UNKNOWN for them.
    expect(getRequests.every((f) => f.dropReasonDesc === DropReason.DROP_REASON_UNKNOWN && jsonpb(f).flow["drop_reason_desc"] === undefined)).toBe(true);
    for (const world of ["example.com:443", "1.1.1.1:80"]) {
      expect(lines(flows, `${FE(c)} <> ${esc(world)} \\(world\\) policy-verdict:none EGRESS DENIED \\(TCP Flags: SYN\\)`).length).toBeGreaterThan(0);
      expect(lines(flows, `${FE(c)} <> ${esc(world)} \\(world\\) Policy denied DROPPED \\(TCP Flags: SYN\\)`).length).toBeGreaterThan(0);
      expect(lines(flows, `${FE(c)} <- ${esc(world)} \\(world\\) .*`)).toEqual([]);
    }
    // `curl --max-time 3 https://example.com`: the SYN and its retransmits 1 s and 3 s later (the
    // last one races curl's "Connection timed out after 3002 milliseconds"); each attempt is a
    // denied verdict.
    const attempts = new Map<number, number[]>();
    for (const f of flows.filter((x) => isPolicyVerdict(x) && x.verdict === Verdict.DROPPED && compact(x).includes("example.com:443"))) {
      const port = f.l4?.protocol.case === "TCP" ? f.l4.protocol.value.sourcePort : 0;
      attempts.set(port, [...(attempts.get(port) ?? []), Number(f.time?.seconds ?? 0n) * 1000 + Math.floor((f.time?.nanos ?? 0) / 1e6)]);
    }
    const gaps = [...attempts.values()].map((times) => times.slice(1).map((t, i) => Math.round((t - (times[i] ?? 0)) / 100) / 10));
    expect(gaps.some((g) => g.length >= 1)).toBe(true);
    expect(gaps.every((g) => g.length <= 2 && g.every((gap, i) => gap === [1, 2][i]))).toBe(true);
    // `/status/200` always answers 200 (the author's 10/10).
    const status200Responses = flows.filter((f) => httpOf(f)?.url === status200 && f.isReply === true);
    expect(status200Responses.length).toBeGreaterThan(0);
    expect(status200Responses.every((f) => httpOf(f)?.code === 200)).toBe(true);
    expect(flows.filter((f) => httpOf(f)?.url === status200 && f.verdict !== Verdict.FORWARDED)).toEqual([]);
    const worldDrops = flows.filter((f) => f.verdict === Verdict.DROPPED && f.destination?.identity === 2);
    expect(worldDrops.every((f) => f.dropReasonDesc === DropReason.POLICY_DENIED && f.dropReason === 133)).toBe(true);
    expect(new Set(worldDrops.map((f) => f.eventType?.type))).toEqual(new Set([1, 5]));
    const feBe = flows.filter((f) => isPolicyVerdict(f) && fromFrontend(f) && toBackend(f));
    expect(new Set(feBe.filter((f) => f.trafficDirection === TrafficDirection.EGRESS).flatMap((f) => allowedBy(f, "egress")))).toEqual(new Set(["allow-frontend-egress"]));
    expect(new Set(feBe.filter((f) => f.trafficDirection === TrafficDirection.INGRESS).flatMap((f) => allowedBy(f, "ingress")))).toEqual(new Set(["allow-frontend-l7"]));
    expect(policyNames(flows)).toEqual(new Set(["allow-dns", "allow-frontend-egress", "allow-frontend-l7"]));
  });
});

describe("shop lab over server-side filters", () => {
  it("stage 5: GetFlows verdict=DROPPED from app=frontend returns only policy denials and L7 drops", async () => {
    const window = windows.get(5) as StageWindow;
    const dropped = await lab.flows(window, { verdict: [Verdict.DROPPED], sourceLabel: ["k8s:app=frontend"], nodeName: ["cluster1/"] });
    expect(dropped.length).toBeGreaterThan(0);
    const kinds = new Set(dropped.map((f) => `${f.eventType?.type === 129 ? "L7" : String(f.eventType?.type)} ${enumName(DropReasonSchema, f.dropReasonDesc)}`));
    expect(kinds).toEqual(new Set(["L7 DROP_REASON_UNKNOWN", "5 POLICY_DENIED", "1 POLICY_DENIED"]));
    expect(dropped.every((f) => f.nodeName.startsWith("cluster1/"))).toBe(true);
  });

  it("stage 2: GetFlows type l7 with dns_query returns only proxy DNS records", async () => {
    const window = windows.get(2) as StageWindow;
    const records = await lab.flows(window, { eventType: [{ type: 129 }], dnsQuery: ["backend\\.shop\\.svc\\.cluster\\.local\\."] });
    expect(records.length).toBeGreaterThan(0);
    expect(records.every((f) => f.l7?.record.case === "dns")).toBe(true);
  });
});
