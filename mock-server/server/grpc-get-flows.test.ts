// The hand-written GetFlows path (binary gRPC and gRPC-web): what Connect's handler would
// otherwise have done for us — deadlines, compressed requests, back-pressure, trailers — checked
// with grpc-js (native gRPC) and raw gRPC-web frames over real sockets.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { create, toBinary } from "@bufbuild/protobuf";
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import { type GetFlowsResponse, GetFlowsResponseSchema } from "../../src/gen/observer/observer_pb.ts";
import { buildFlow, onNode } from "../../src/testing/flow-builders.ts";
import { countGrpcFlows, countGrpcWebFlows } from "../bench/frame-counter.ts";
import { grpc, observerPackage, type ObserverStub, type Plain, readAll } from "../testing/grpc-js-client.ts";
import { grpcTimeoutMs } from "./grpc-get-flows.ts";
import { startServer, type RunningServer } from "./start.ts";

const FLOWS = 20_000;
let server: RunningServer;
let address: string;

beforeAll(async () => {
  server = await startServer({ host: "127.0.0.1", port: 0, buffer: 32_767, corsOrigins: [], uiDir: "dist" });
  for (let i = 0; i < FLOWS; i++) {
    const time = timestampFromMs(1_700_000_000_000 + i);
    const flow = buildFlow(onNode(`node-${i % 2}`), { time, Summary: `flow ${i}` });
    server.store.add(create(GetFlowsResponseSchema, { responseTypes: { case: "flow", value: flow }, nodeName: flow.nodeName, time }));
  }
  address = server.url.replace("http://", "");
});
afterAll(() => server.close());

function withClient<T>(options: grpc.ClientOptions, use: (client: ObserverStub) => Promise<T>): Promise<T> {
  const Observer = observerPackage.Observer as unknown as new (address: string, credentials: grpc.ChannelCredentials, options: grpc.ClientOptions) => ObserverStub;
  const client = new Observer(address, grpc.credentials.createInsecure(), options);
  return use(client).finally(() => client.close());
}

describe("GetFlows fast path", () => {
  it.each([
    ["5S", 5000],
    ["250m", 250],
    ["2M", 120_000],
    ["1H", 3_600_000],
    ["1500u", 1.5],
    ["bogus", undefined],
    [undefined, undefined],
  ])("grpc-timeout %s is %s ms", (header, expected) => {
    expect(grpcTimeoutMs(header)).toBe(expected);
  });

  it("streams every buffered flow, in time order, to a reader that applies back-pressure", async () => {
    const responses = await withClient({}, async (client) => {
      const stream = client.GetFlows({});
      // A slow start: the server must wait on the socket, not buffer without bound or drop.
      stream.pause();
      await new Promise((r) => setTimeout(r, 300));
      stream.resume();
      return readAll(stream);
    });
    const flows = responses.filter((r) => r.response_types === "flow").map((r) => (r.flow as Plain).Summary);
    expect(flows).toHaveLength(FLOWS);
    expect(flows.slice(0, 3)).toEqual(["flow 0", "flow 1", "flow 2"]);
    expect(flows.at(-1)).toBe(`flow ${FLOWS - 1}`);
  });

  it("accepts a gzip-compressed request", async () => {
    const responses = await withClient({ "grpc.default_compression_algorithm": 2 }, (client) => readAll(client.GetFlows({ number: "5" })));
    expect(responses.filter((r) => r.response_types === "flow")).toHaveLength(10);
  });

  it("ends a follow stream at the client's deadline with DEADLINE_EXCEEDED", async () => {
    const error = await withClient({}, (client) =>
      readAll(client.GetFlows({ follow: true }, { deadline: Date.now() + 500 })).then(
        () => undefined,
        (e: grpc.ServiceError) => e,
      ),
    );
    expect(error?.code).toBe(grpc.status.DEADLINE_EXCEEDED);
  });

  it("serves gRPC-web (binary) with its trailers frame, and native gRPC, the same flows", async () => {
    const web = await countGrpcWebFlows(server.url, { number: 100n });
    const native = await countGrpcFlows(server.url, { number: 100n });
    expect(web.flows).toBe(200);
    expect(native).toEqual(web);
  });

  it("answers a bad filter on gRPC-web with a trailers-only INVALID_ARGUMENT naming the field", async () => {
    const response = await fetch(`${server.url}/observer.Observer/GetFlows`, {
      method: "POST",
      headers: { "content-type": "application/grpc-web+proto" },
      // GetFlowsRequest{ whitelist: [FlowFilter{ http_status_code: "abc" }] } in one envelope.
      body: new Uint8Array([0, 0, 0, 0, 7, 0x2a, 5, 0x4a, 3, 0x61, 0x62, 0x63]),
    });
    expect(response.headers.get("grpc-status")).toBe("3");
    expect(decodeURIComponent(response.headers.get("grpc-message") ?? "")).toMatch(/http_status_code/);
  });

  it.each([
    { name: "an unfiltered follower gets the run's envelopes as they are", request: {}, nodes: ["node-0", "node-1"] },
    { name: "a filtered follower gets the matching events, framed one by one", request: { whitelist: [{ node_name: ["node-1"] }] }, nodes: ["node-1"] },
    { name: "a masked follower gets the masked events", request: { field_mask: { paths: ["Summary", "node_name"] } }, nodes: ["node-0", "node-1"] },
  ])("follows runs added with their envelopes: $name", async ({ request, nodes }) => {
    const run: GetFlowsResponse[] = Array.from({ length: 6 }, (_, i) => {
      const time = timestampFromMs(1_800_000_000_000 + i);
      const flow = buildFlow(onNode(`node-${i % 2}`), { time, Summary: `run flow ${i}` });
      return create(GetFlowsResponseSchema, { responseTypes: { case: "flow", value: flow }, nodeName: flow.nodeName, time });
    });
    const envelopes = Buffer.concat(
      run.map((event) => {
        const message = toBinary(GetFlowsResponseSchema, event);
        const envelope = Buffer.alloc(5 + message.length);
        envelope.writeUInt32BE(message.length, 1);
        envelope.set(message, 5);
        return envelope;
      }),
    );
    const expected = run.filter((event) => nodes.includes(event.nodeName)).map((event) => (event.responseTypes.value as { Summary?: string }).Summary);
    const summaries = await withClient({}, async (client) => {
      const stream = client.GetFlows({ follow: true, ...request });
      const received: string[] = [];
      await new Promise<void>((resolve, reject) => {
        // The node-status notice comes first: the stream is subscribed, the run may go in.
        stream.once("data", () => server.store.addRun(run, envelopes));
        stream.on("data", (response: Plain) => {
          if (response.response_types !== "flow") return;
          received.push(String((response.flow as Plain).Summary));
          if (received.length === expected.length) resolve();
        });
        stream.on("error", reject);
      });
      stream.on("error", () => undefined); // the CANCELLED our own cancel() causes
      stream.cancel();
      return received;
    });
    expect(summaries).toEqual(expected);
  });
});
