// Differential test on the recorded Hubble captures: each filter must select exactly the flows an
// independent oracle over the raw JSON selects, and evaluation must keep up with a busy Relay.
import { type JsonObject, type JsonValue, fromJson } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { type Flow, type FlowFilter } from "../../gen/flow/flow_pb.ts";
import { GetFlowsResponseSchema } from "../../gen/observer/observer_pb.ts";
import { readSample, sampleFlowFiles } from "../../testing/node/samples.ts";
import { compileFilters } from "./compile-flow-filter.ts";
import { parseObserveFlags } from "./parse-observe-flags.ts";

interface Sample {
  json: JsonObject;
  flow: Flow;
}

const samples: Sample[] = sampleFlowFiles().flatMap((path) =>
  readSample(path.split("/").pop()!)
    .split("\n")
    .filter((line) => line.trim() !== "")
    .flatMap((line): Sample[] => {
      const response = fromJson(GetFlowsResponseSchema, JSON.parse(line) as JsonValue, { ignoreUnknownFields: true });
      const raw = (JSON.parse(line) as { flow?: JsonObject }).flow;
      return response.responseTypes.case === "flow" && raw ? [{ json: raw, flow: response.responseTypes.value }] : [];
    }),
);

// Minimal typed access to the raw JSON, for the oracles.
const get = (json: JsonValue | undefined, ...path: string[]): JsonValue | undefined =>
  path.reduce<JsonValue | undefined>((v, key) => (v && typeof v === "object" && !Array.isArray(v) ? v[key] : undefined), json);
const l4Port = (j: JsonObject, side: string) =>
  get(j, "l4", "TCP", `${side}_port`) ?? get(j, "l4", "UDP", `${side}_port`) ?? get(j, "l4", "SCTP", `${side}_port`);

function select(args: string): (flow: Flow) => boolean {
  const parsed = parseObserveFlags(args);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return compileFilters(parsed.request);
}

describe("filters on recorded Hubble flows", () => {
  it("has samples to work with", () => {
    expect(samples.length).toBeGreaterThan(1000);
  });

  it.each<[string, (j: JsonObject) => boolean]>([
    ["--protocol dns", (j) => get(j, "l7", "dns") !== undefined],
    ["--protocol http", (j) => get(j, "l7", "http") !== undefined],
    ["--protocol udp", (j) => get(j, "l4", "UDP") !== undefined],
    ["--http-status 2+", (j) => { const c = get(j, "l7", "http", "code"); return typeof c === "number" && c >= 200 && c < 300; }],
    ["--http-method get", (j) => get(j, "l7", "http", "method") === "GET"],
    ["--from-namespace kube-system", (j) => get(j, "source", "namespace") === "kube-system"],
    ["--namespace istio-system", (j) => get(j, "source", "namespace") === "istio-system" || get(j, "destination", "namespace") === "istio-system"],
    ["--to-port 53", (j) => l4Port(j, "destination") === 53],
    ["--port 53", (j) => l4Port(j, "destination") === 53 || l4Port(j, "source") === 53],
    ["--from-label k8s:app=prometheus", (j) => ((get(j, "source", "labels") ?? []) as string[]).includes("k8s:app=prometheus")],
    ["--to-label reserved:world", (j) => ((get(j, "destination", "labels") ?? []) as string[]).includes("reserved:world")],
    ["--dns-query 'svc\\.cluster\\.local\\.$'", (j) => String(get(j, "l7", "dns", "query") ?? "").endsWith("svc.cluster.local.")],
    ["--traffic-direction egress --not --verdict FORWARDED", (j) => get(j, "traffic_direction") === "EGRESS" && get(j, "verdict") !== "FORWARDED"],
    ["--tcp-flags SYN", (j) => get(j, "l4", "TCP", "flags", "SYN") === true],
    ["--from-ip 10.156.0.0/16", (j) => String(get(j, "IP", "source") ?? "").startsWith("10.156.")],
  ])("%s selects what the oracle selects", (args, oracle) => {
    const passes = select(args);
    const expected = samples.filter((s) => oracle(s.json)).length;
    const got = samples.filter((s) => passes(s.flow)).length;
    expect(expected).toBeGreaterThan(0);
    expect(expected).toBeLessThan(samples.length);
    expect(got).toBe(expected);
  });

  it("evaluates well over 100k flows per second", () => {
    const filters: { whitelist: FlowFilter[]; blacklist: FlowFilter[] } = (() => {
      const parsed = parseObserveFlags("--namespace kube-system --to-port 53 --not --from-label k8s:k8s-app=kube-dns");
      if (!parsed.ok) throw new Error(parsed.error.message);
      return parsed.request;
    })();
    const passes = compileFilters(filters);
    const flows = samples.map((s) => s.flow);
    const rounds = 100;
    const start = performance.now();
    let selected = 0;
    for (let r = 0; r < rounds; r++) for (const f of flows) if (passes(f)) selected++;
    const perSecond = (rounds * flows.length) / ((performance.now() - start) / 1000);
    expect(selected % rounds).toBe(0);
    expect(perSecond).toBeGreaterThan(100_000);
  });
});
