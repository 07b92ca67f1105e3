import { toJson } from "@bufbuild/protobuf";
import { GetFlowsRequestSchema } from "../../gen/observer/observer_pb.ts";
import { timestampDate } from "@bufbuild/protobuf/wkt";
import { describe, expect, it } from "vitest";
import { type FlowFilter, FlowFilterSchema } from "../../gen/flow/flow_pb.ts";
import { OBSERVE_CASES_NOW, observeFlagCases, observeFlagErrorCases, observeRequestCases } from "./observe-flag-cases.ts";
import { parseObserveFlags, toGetFlowsRequest } from "./parse-observe-flags.ts";
import { type FlowFilterJson, toFilter } from "./testing.ts";

const json = (f: FlowFilter) => toJson(FlowFilterSchema, f, { useProtoFieldName: true });
const normalise = (filters: readonly FlowFilterJson[]) => filters.map((f) => json(toFilter(f)));

function parseOk(args: string | string[]) {
  const result = parseObserveFlags(args, { now: OBSERVE_CASES_NOW });
  if (!result.ok) throw new Error(`unexpected error: ${JSON.stringify(result.error)}`);
  return result.request;
}

describe("parseObserveFlags: filter flags", () => {
  it.each(observeFlagCases)("$args", ({ args, whitelist, blacklist = [] }) => {
    const request = parseOk(args);
    expect(request.whitelist.map(json)).toEqual(normalise(whitelist));
    expect(request.blacklist.map(json)).toEqual(normalise(blacklist));
  });
});

describe("parseObserveFlags: request options", () => {
  it.each(observeRequestCases)("$args", ({ args, expected }) => {
    const request = parseOk(args);
    const got = {
      ...(request.number !== undefined && { number: request.number.toString() }),
      ...(request.first && { first: true }),
      ...(request.follow && { follow: true }),
      ...(request.since && { since: timestampDate(request.since).toISOString().replace(".000Z", "Z") }),
      ...(request.until && { until: timestampDate(request.until).toISOString().replace(".000Z", "Z") }),
    };
    expect(got).toEqual(expected);
  });

  it("keeps nanosecond precision of absolute times", () => {
    const request = parseOk("--since 2024-01-01T00:00:00.123456789Z");
    expect(request.since?.nanos).toBe(123456789);
  });
});

describe("parseObserveFlags: rejected input names the flag", () => {
  it.each(observeFlagErrorCases)("$args", ({ args, flag, error }) => {
    const result = parseObserveFlags(args, { now: OBSERVE_CASES_NOW });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.flag).toBe(flag);
    expect(result.error.message).toMatch(error);
  });
});

describe("parseObserveFlags: argument handling", () => {
  it("accepts an argv array and reports the index of the bad word", () => {
    const result = parseObserveFlags(["--from-pod", "a", "--to-port", "http"]);
    expect(result).toMatchObject({ ok: false, error: { flag: "--to-port", argIndex: 2 } });
  });

  it.each<[string, FlowFilterJson[]]>([
    ["--from-pod=a", [{ source_pod: ["a"] }]],
    ["--from-pod=", [{ source_pod: [""] }]],
    ["-4f", [{ ip_version: ["IPv4"] }]],
    ["-nkube-system", [{ source_pod: ["kube-system/"] }, { destination_pod: ["kube-system/"] }]],
    ["--http-path '^/a b$' --http-url \"x\\\"y\"", [{ http_path: ["^/a b$"], http_url: ['x"y'] }]],
  ])("pflag syntax: %s", (args, whitelist) => {
    const result = parseObserveFlags(args, { validate: false });
    expect(result.ok && result.request.whitelist.map(json)).toEqual(normalise(whitelist));
  });

  it("lists recognised flags that do not change the request", () => {
    expect(parseOk("hubble observe -o jsonpb --print-node-name --color never --pod x").ignored).toEqual([
      "-o",
      "--print-node-name",
      "--color",
    ]);
  });

  it("can skip validation to mirror the CLI, which leaves it to the server", () => {
    const result = parseObserveFlags("--pod '' --protocol quic", { validate: false });
    expect(result.ok && result.request.whitelist.map(json)).toEqual([
      { source_pod: [""], protocol: ["quic"] },
      { destination_pod: [""], protocol: ["quic"] },
    ]);
  });

  it("uses defaultLast when nothing else sets the number", () => {
    expect(parseObserveFlags("", { defaultLast: 0n })).toMatchObject({ ok: true, request: { whitelist: [], blacklist: [] } });
    const result = parseObserveFlags("", { defaultLast: 0n });
    expect(result.ok && result.request.number).toBeUndefined();
  });
});

describe("toGetFlowsRequest", () => {
  it("builds the request hubble would send", () => {
    const request = toGetFlowsRequest(parseOk("--namespace shop --not --to-port 53 --last 100 --since 2024-01-01"));
    expect(toJson(GetFlowsRequestSchema, request, { useProtoFieldName: true })).toEqual({
      number: "100",
      blacklist: [{ destination_port: ["53"] }],
      whitelist: [{ source_pod: ["shop/"] }, { destination_pod: ["shop/"] }],
      since: "2024-01-01T00:00:00Z",
    });
  });
});
