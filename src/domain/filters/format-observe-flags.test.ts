import { equals } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { type FlowFilter, FlowFilterSchema } from "../../gen/flow/flow_pb.ts";
import { chipArgs, formatObserveCommandLine, formatObserveFlags } from "./format-observe-flags.ts";
import { OBSERVE_CASES_NOW, observeFlagCases } from "./observe-flag-cases.ts";
import { parseObserveFlags } from "./parse-observe-flags.ts";
import { type FlowFilterJson, toFilter } from "./testing.ts";

function parse(args: string | string[]) {
  const result = parseObserveFlags(args, { now: OBSERVE_CASES_NOW, validate: false });
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.request;
}

const sameFilters = (a: readonly FlowFilter[], b: readonly FlowFilter[]) =>
  a.length === b.length && a.every((f, i) => equals(FlowFilterSchema, f, b[i]!));

const lists = (whitelist: FlowFilterJson[], blacklist: FlowFilterJson[] = []) => ({
  whitelist: whitelist.map(toFilter),
  blacklist: blacklist.map(toFilter),
});

describe("formatObserveFlags round-trips every parser case", () => {
  it.each(observeFlagCases)("$args", ({ args }) => {
    const request = parse(args);
    const chips = formatObserveFlags(request);
    const again = parse(chips.flatMap(chipArgs));
    expect(sameFilters(again.whitelist, request.whitelist)).toBe(true);
    expect(sameFilters(again.blacklist, request.blacklist)).toBe(true);
    // The text form parses back to the same filters too (quoting is right).
    const text = parse(formatObserveCommandLine(chips));
    expect(sameFilters(text.whitelist, request.whitelist)).toBe(true);
  });
});

describe("formatObserveFlags chooses the CLI's flags", () => {
  it.each([
    [lists([{ source_pod: ["kube-system/"] }, { destination_pod: ["kube-system/"] }]), "--namespace kube-system"],
    [lists([{ source_pod: ["a"], destination_port: ["80"] }]), "--from-pod a --to-port 80"],
    [lists([{ source_pod: ["shop/web"] }, { destination_pod: ["shop/web"] }]), "--pod shop/web"],
    [lists([{ source_identity: [2] }, { destination_identity: [2] }]), "--identity world"],
    [lists([{ event_type: [{ type: 4, match_sub_type: true }, { type: 129 }] }]), "--type trace:to-endpoint --type l7"],
    [lists([{ source_label: ["app in (a, b)"] }, { destination_label: ["app in (a, b)"] }]), "--label 'app in (a, b)'"],
    [lists([], [{ destination_pod: ["foo/"], http_method: ["PUT"] }]), "--not --to-namespace foo --not --http-method PUT"],
    [lists([{ reply: [false], ip_version: ["IPv6"] }]), "--reply=false --ipv6"],
    [lists([]), ""],
  ])("%j → %s", (filters, text) => {
    expect(formatObserveCommandLine(formatObserveFlags(filters))).toBe(text);
  });

  it("marks blacklist chips as negated", () => {
    expect(formatObserveFlags(lists([{ verdict: ["DROPPED"] }], [{ destination_port: ["53"] }]))).toEqual([
      { flag: "verdict", value: "DROPPED", negated: false },
      { flag: "to-port", value: "53", negated: true },
    ]);
  });

  it.each([
    ["three whitelist filters", lists([{ verdict: ["DROPPED"] }, { protocol: ["tcp"] }, { uuid: ["u"] }])],
    ["a pair that is not a source/destination mirror", lists([{ verdict: ["DROPPED"] }, { protocol: ["tcp"] }])],
    ["an interface index, which no flag expresses", lists([{ interface: [{ index: 3 }] }])],
    ["flags that conflict in the CLI", lists([{ source_pod: ["a/"], source_ip: ["1.1.1.1"] }])],
  ])("falls back to raw JSON for %s", (_name, filters) => {
    const chips = formatObserveFlags(filters);
    expect(chips.every((c) => c.flag === "allowlist")).toBe(true);
    expect(sameFilters(parse(chips.flatMap(chipArgs)).whitelist, filters.whitelist)).toBe(true);
  });

  it("renders a raw blacklist as --denylist", () => {
    const filters = lists([], [{ interface: [{ index: 3 }] }]);
    const chips = formatObserveFlags(filters);
    expect(chips).toEqual([{ flag: "denylist", value: '{"interface":[{"index":3}]}', negated: false }]);
    expect(sameFilters(parse(chips.flatMap(chipArgs)).blacklist, filters.blacklist)).toBe(true);
  });
});
