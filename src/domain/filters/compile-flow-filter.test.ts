import { create } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { FlowFilterSchema, FlowSchema } from "../../gen/flow/flow_pb.ts";
import { compileFilters, compileFlowFilter, validateFlowFilter } from "./compile-flow-filter.ts";
import { filterErrorCases, filterListCases, filterMatchCases } from "./filter-cases.ts";
import { InvalidFilterError } from "./invalid-filter-error.ts";
import { flow, pod, source, tcp, toFilter, toFlow } from "./testing.ts";

describe("compileFlowFilter: facts C.2 case table", () => {
  it.each(filterMatchCases)("$name", ({ filter, matches, rejects }) => {
    const predicate = compileFlowFilter(toFilter(filter));
    expect(matches.length + rejects.length).toBeGreaterThan(0);
    for (const json of matches) expect(predicate(toFlow(json)), `should match ${JSON.stringify(json)}`).toBe(true);
    for (const json of rejects) expect(predicate(toFlow(json)), `should reject ${JSON.stringify(json)}`).toBe(false);
  });
});

describe("compileFlowFilter: invalid filters", () => {
  it.each(filterErrorCases)("$name", ({ filter, error }) => {
    const thrown = (() => {
      try {
        compileFlowFilter(toFilter(filter));
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(thrown).toBeInstanceOf(InvalidFilterError);
    const e = thrown as InvalidFilterError;
    expect(e.message).toMatch(error);
    expect(e.message.startsWith(`${e.field}: `)).toBe(true);
  });
});

describe("compileFilters: facts C.1 combination rules", () => {
  it.each(filterListCases)("$name", ({ whitelist, blacklist, matches, rejects }) => {
    const passes = compileFilters({ whitelist: whitelist.map(toFilter), blacklist: blacklist.map(toFilter) });
    for (const json of matches) expect(passes(toFlow(json)), `should pass ${JSON.stringify(json)}`).toBe(true);
    for (const json of rejects) expect(passes(toFlow(json)), `should be filtered ${JSON.stringify(json)}`).toBe(false);
  });

  it("accepts a GetFlowsRequest-like object with missing lists", () => {
    expect(compileFilters({})(create(FlowSchema))).toBe(true);
  });

  it.each([
    ["whitelist", { whitelist: [toFilter({}), toFilter({ source_pod: [""] })] }, "whitelist[1].source_pod[0]"],
    ["blacklist", { blacklist: [toFilter({ destination_port: ["x"] })] }, "blacklist[0].destination_port[0]"],
  ])("reports an invalid %s filter with its position", (_list, lists, field) => {
    expect(() => compileFilters(lists)).toThrow(InvalidFilterError);
    try {
      compileFilters(lists);
    } catch (e) {
      expect((e as InvalidFilterError).field).toBe(field);
      expect((e as InvalidFilterError).message).toMatch(new RegExp(`^${field.replace(/[[\].]/g, "\\$&")}: `));
    }
  });
});

describe("validateFlowFilter", () => {
  it.each([
    [{ source_pod: ["default/"] }, undefined],
    [{ source_pod: [""] }, "source_pod[0]"],
    [{ protocol: ["tcp"], verdict: ["DROPPED"] }, undefined],
    [{ http_status_code: ["404"], event_type: [{ type: 4 }] }, "http_status_code"],
  ])("%j → %s", (filter, field) => {
    expect(validateFlowFilter(toFilter(filter))?.field).toBe(field);
  });

  it("reports the first invalid field in Hubble's order (uuid … ip_trace_id)", () => {
    const filter = create(FlowFilterSchema, { sourcePod: [""], protocol: ["nope"], nodeName: [""] });
    expect(validateFlowFilter(filter)?.field).toBe("protocol[0]");
  });
});

describe("compiled predicates", () => {
  it("can be evaluated many times with stable results (no hidden state)", () => {
    const predicate = compileFlowFilter(toFilter({ node_name: ["k8s*"], source_ip: ["10.0.0.0/8"], source_label: ["app=web"] }));
    const hit = toFlow({ node_name: "k8s1", IP: { source: "10.1.2.3" }, source: { labels: ["k8s:app=web"] } });
    const miss = toFlow({ node_name: "other", IP: { source: "10.1.2.3" }, source: { labels: ["k8s:app=web"] } });
    const results = Array.from({ length: 6 }, (_, i) => predicate(i % 2 === 0 ? hit : miss));
    expect(results).toEqual([true, false, true, false, true, false]);
  });

  it("evaluates a realistic mixed filter over many flows quickly", () => {
    const passes = compileFilters({
      whitelist: [toFilter({ source_pod: ["shop/"], destination_port: ["80", "443"] }), toFilter({ verdict: ["DROPPED"] })],
      blacklist: [toFilter({ source_label: ["k8s:app=canary"] })],
    });
    const flows = Array.from({ length: 1000 }, (_, i) =>
      toFlow(flow(source(pod(i % 3 === 0 ? "shop" : "default", `web-${i}`, [`k8s:app=${i % 10 === 0 ? "canary" : "web"}`])), tcp(40000, i % 2 === 0 ? 80 : 8080))),
    );
    const start = performance.now();
    let selected = 0;
    for (let round = 0; round < 200; round++) for (const f of flows) if (passes(f)) selected++;
    const perSecond = (200 * flows.length) / ((performance.now() - start) / 1000);
    expect(selected).toBe(200 * flows.filter((_, i) => i % 3 === 0 && i % 2 === 0 && i % 10 !== 0).length);
    expect(perSecond).toBeGreaterThan(200_000);
  });
});
