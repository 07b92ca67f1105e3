// Every row of the filter case table (facts C.1, C.2) through the real server,
// with two clients: Google's grpc-js (native gRPC, h2c) and connect-web
// (gRPC-web over HTTP/1.1). Each case's flows are stored with a marker in
// Summary (no filter looks at Summary), so one server holds all cases.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { create, fromJson, type JsonObject } from "@bufbuild/protobuf";
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import { Code, ConnectError, createClient } from "@connectrpc/connect";
import { createGrpcWebTransport } from "@connectrpc/connect-web";
import { FlowSchema } from "../../src/gen/flow/flow_pb.ts";
import { GetFlowsRequestSchema, GetFlowsResponseSchema, Observer } from "../../src/gen/observer/observer_pb.ts";
import { filterErrorCases, filterListCases, filterMatchCases } from "../../src/domain/filters/filter-cases.ts";
import type { FlowJson } from "../../src/domain/filters/testing.ts";
import { grpc, grpcJsObserver, type ObserverStub, type Plain, readAll } from "../testing/grpc-js-client.ts";
import { startServer, type RunningServer } from "./start.ts";

interface Query {
  whitelist: readonly JsonObject[];
  blacklist: readonly JsonObject[];
}
/** Summaries of the flows a query returns, by client. */
type Run = (query: Query) => Promise<string[]>;

let server: RunningServer;
let grpcJs: ObserverStub;
const runs: Record<string, Run> = {
  "grpc-js (native gRPC)": async ({ whitelist, blacklist }) => {
    const responses = await readAll(grpcJs.GetFlows({ whitelist, blacklist }));
    return responses.filter((r) => r.response_types === "flow").map((r) => String((r.flow as Plain).Summary));
  },
  "connect-web (gRPC-web)": async ({ whitelist, blacklist }) => {
    const client = createClient(Observer, createGrpcWebTransport({ baseUrl: server.url }));
    const request = fromJson(GetFlowsRequestSchema, { whitelist: [...whitelist], blacklist: [...blacklist] });
    const out: string[] = [];
    for await (const response of client.getFlows(request)) {
      if (response.responseTypes.case === "flow") out.push(response.responseTypes.value.Summary);
    }
    return out;
  },
};

const marker = (group: string, index: number, kind: "m" | "r", n: number) => `${group}${index}:${kind}${n}`;
let clock = Date.UTC(2026, 0, 1);
function store(json: FlowJson, summary: string): void {
  const flow = fromJson(FlowSchema, json);
  flow.Summary = summary;
  flow.time ??= timestampFromMs(clock++);
  server.store.add(create(GetFlowsResponseSchema, { responseTypes: { case: "flow", value: flow }, nodeName: flow.nodeName, time: flow.time }));
}

beforeAll(async () => {
  server = await startServer({ host: "127.0.0.1", port: 0, buffer: 100_000, corsOrigins: [], uiDir: "dist" });
  filterMatchCases.forEach((c, i) => {
    c.matches.forEach((f, n) => store(f, marker("c", i, "m", n)));
    c.rejects.forEach((f, n) => store(f, marker("c", i, "r", n)));
  });
  filterListCases.forEach((c, i) => {
    c.matches.forEach((f, n) => store(f, marker("l", i, "m", n)));
    c.rejects.forEach((f, n) => store(f, marker("l", i, "r", n)));
  });
  grpcJs = grpcJsObserver(server.url.replace("http://", ""));
});
afterAll(async () => {
  grpcJs.close();
  await server.close();
});

describe.each(Object.entries(runs))("filters over %s", (_client, run) => {
  it.each(filterMatchCases.map((c, i) => [c.name, c, i] as const))("%s", async (_name, c, i) => {
    const returned = (await run({ whitelist: [c.filter], blacklist: [] })).filter((s) => s.startsWith(`c${i}:`));
    expect(returned.toSorted()).toEqual(c.matches.map((_, n) => marker("c", i, "m", n)).toSorted());
  });

  it.each(filterListCases.map((c, i) => [c.name, c, i] as const))("whitelist/blacklist: %s", async (_name, c, i) => {
    const returned = (await run({ whitelist: c.whitelist, blacklist: c.blacklist })).filter((s) => s.startsWith(`l${i}:`));
    expect(returned.toSorted()).toEqual(c.matches.map((_, n) => marker("l", i, "m", n)).toSorted());
  });

  it.each(filterErrorCases.map((c) => [c.name, c] as const))("rejects with INVALID_ARGUMENT: %s", async (_name, c) => {
    const error = await run({ whitelist: [c.filter], blacklist: [] }).then(() => undefined, (e: unknown) => e);
    const code = error instanceof ConnectError ? error.code : (error as grpc.ServiceError | undefined)?.code;
    // grpc-js decodes grpc-message with decodeURI, which leaves reserved characters
    // (%3A, %2F, %5B) encoded; Go clients such as the hubble CLI decode all of them.
    const details = (error as grpc.ServiceError | undefined)?.details ?? "";
    const reserved = /%(23|24|26|2B|2C|2F|3A|3B|3D|3F|40|5B|5D)/gi;
    const message = error instanceof ConnectError ? error.rawMessage : details.replace(reserved, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    expect(code).toBe(error instanceof ConnectError ? Code.InvalidArgument : grpc.status.INVALID_ARGUMENT);
    // The server says where in the request the bad field is; the table names the field.
    expect(message).toMatch(/^whitelist\[0\]\./);
    expect(message?.replace(/^whitelist\[0\]\./, "")).toMatch(c.error);
  });
});
