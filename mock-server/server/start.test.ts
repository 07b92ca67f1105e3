// The walking-skeleton server over real sockets: native gRPC (h2c) and
// gRPC-web (HTTP/1.1) clients on the same port, plus /healthz and the UI.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { create } from "@bufbuild/protobuf";
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import { Code, ConnectError, createClient, type Client } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { createGrpcWebTransport } from "@connectrpc/connect-web";
import { Verdict } from "../../src/gen/flow/flow_pb.ts";
import { GetFlowsResponseSchema, Observer, type GetFlowsResponse } from "../../src/gen/observer/observer_pb.ts";
import { NodeState } from "../../src/gen/relay/relay_pb.ts";
import { startServer, type RunningServer } from "./start.ts";

const BASE_MS = Date.UTC(2026, 0, 1, 12, 0, 0);

function flowAt(second: number, node = "kind-worker"): GetFlowsResponse {
  const time = timestampFromMs(BASE_MS + second * 1000);
  return create(GetFlowsResponseSchema, {
    responseTypes: {
      case: "flow",
      value: { time, nodeName: node, verdict: Verdict.FORWARDED, Summary: `flow ${second}` },
    },
    nodeName: node,
    time,
  });
}

let server: RunningServer;
const clients: [string, () => Client<typeof Observer>][] = [
  ["gRPC over h2c", () => createClient(Observer, createGrpcTransport({ baseUrl: server.url }))],
  ["gRPC-web over HTTP/1.1", () => createClient(Observer, createGrpcWebTransport({ baseUrl: server.url }))],
];

/** A fresh server per describe block: ten flows through a ring of seven. */
function useServer(): void {
  beforeAll(async () => {
    server = await startServer({ host: "127.0.0.1", port: 0, buffer: 7, corsOrigins: [], uiDir: "dist" });
    for (let second = 0; second < 10; second++) server.store.add(flowAt(second));
  });
  afterAll(() => server.close());
}

async function collect(client: Client<typeof Observer>, request: Parameters<Client<typeof Observer>["getFlows"]>[0]) {
  const out: GetFlowsResponse[] = [];
  for await (const response of client.getFlows(request)) out.push(response);
  return out;
}

const summaries = (responses: GetFlowsResponse[]) =>
  responses.flatMap((r) => (r.responseTypes.case === "flow" ? [r.responseTypes.value.Summary] : []));

describe.each(clients)("%s", (_name, makeClient) => {
  useServer();

  it("reports buffer and node counts in ServerStatus", async () => {
    const status = await makeClient().serverStatus({});
    expect(status.numFlows).toBe(7n);
    expect(status.maxFlows).toBe(7n);
    expect(status.seenFlows).toBe(10n);
    expect(status.numConnectedNodes).toBe(1);
    expect(status.version).toMatch(/^observatory\//);
  });

  it("sends NODE_CONNECTED first, then the last N flows oldest to newest", async () => {
    const responses = await collect(makeClient(), { number: 3n });
    expect(responses[0]?.responseTypes.case).toBe("nodeStatus");
    const status = responses[0]?.responseTypes.value as { stateChange: number; nodeNames: string[] };
    expect(status.stateChange).toBe(NodeState.NODE_CONNECTED);
    expect(status.nodeNames).toEqual(["kind-worker"]);
    expect(summaries(responses)).toEqual(["flow 7", "flow 8", "flow 9"]);
  });

  it.each([
    ["first N", { number: 2n, first: true }, ["flow 3", "flow 4"]],
    ["all buffered when number is 0", {}, ["flow 3", "flow 4", "flow 5", "flow 6", "flow 7", "flow 8", "flow 9"]],
    ["since", { since: timestampFromMs(BASE_MS + 8000) }, ["flow 8", "flow 9"]],
    ["until", { until: timestampFromMs(BASE_MS + 4000) }, ["flow 3", "flow 4"]],
  ])("selects %s", async (_case, request, expected) => {
    expect(summaries(await collect(makeClient(), request))).toEqual(expected);
  });

  it("rejects first with follow as INVALID_ARGUMENT", async () => {
    const error = await collect(makeClient(), { first: true, follow: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectError);
    expect((error as ConnectError).code).toBe(Code.InvalidArgument);
  });

  it("follows: streams flows added after the call", async () => {
    const abort = new AbortController();
    const stream = makeClient().getFlows({ follow: true }, { signal: abort.signal });
    const seen: string[] = [];
    const reading = (async () => {
      for await (const response of stream) {
        if (response.responseTypes.case === "nodeStatus") server.store.add(flowAt(100));
        seen.push(...summaries([response]));
        if (seen.length === 1) abort.abort();
      }
    })().catch((e: unknown) => e);
    await reading;
    expect(seen).toEqual(["flow 100"]);
  });

  it("answers GetAgentEvents with UNIMPLEMENTED, as Relay does", async () => {
    const error = await (async () => {
      for await (const _ of makeClient().getAgentEvents({})) void _;
    })().catch((e: unknown) => e);
    expect((error as ConnectError).code).toBe(Code.Unimplemented);
  });
});

describe("HTTP on the same port", () => {
  useServer();

  it("answers /healthz", async () => {
    const response = await fetch(`${server.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("ok\n");
  });

  it("answers an unknown gRPC-web method with grpc-status 12", async () => {
    const response = await fetch(`${server.url}/observer.Observer/NoSuchMethod`, {
      method: "POST",
      headers: { "content-type": "application/grpc-web+proto", "x-grpc-web": "1" },
      body: new Uint8Array([0, 0, 0, 0, 0]),
    });
    expect(response.headers.get("grpc-status")).toBe("12");
    expect(decodeURIComponent(response.headers.get("grpc-message") ?? "")).toContain("NoSuchMethod");
  });

  it("answers a garbage gRPC-web body with an error status and keeps serving", async () => {
    const response = await fetch(`${server.url}/observer.Observer/ServerStatus`, {
      method: "POST",
      headers: { "content-type": "application/grpc-web+proto" },
      body: new Uint8Array([0, 0, 0, 0, 3, 0xff, 0xff, 0xff]),
    });
    const body = new Uint8Array(await response.arrayBuffer());
    const trailer = new TextDecoder().decode(body);
    expect(response.headers.get("grpc-status") ?? trailer).toMatch(/grpc-status:? ?(3|13)|^(3|13)$/);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });
});
