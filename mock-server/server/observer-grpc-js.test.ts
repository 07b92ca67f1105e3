// observer.Observer through an independent client (grpc-js + proto-loader on
// our .proto files) over a real h2c socket, against real recorded flows. The
// expectations are computed from the raw JSON lines, not from our decoder.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sampleFlowFiles } from "../../src/testing/node/samples.ts";
import { grpc, grpcJsObserver, type ObserverStub, type Plain, readAll, unary } from "../testing/grpc-js-client.ts";
import { replayFiles } from "../sources/replay-file.ts";
import { readFileSync } from "node:fs";
import { startServer, type RunningServer } from "./start.ts";

const BUFFER = 100;
const FILES = sampleFlowFiles().filter((f) => /330-dns|400-tcp/.test(f));

interface RawLine {
  flow: Plain & { time: string; source?: { namespace?: string; pod_name?: string }; destination?: { namespace?: string } };
  node_name: string;
  time: string;
}
const raw: RawLine[] = FILES.flatMap((file) =>
  readFileSync(file, "utf8").trim().split("\n").map((line) => JSON.parse(line) as RawLine),
);
/** Per node, what its ring holds: the newest BUFFER flows, oldest first. */
const rings = new Map<string, RawLine[]>();
for (const line of raw) rings.set(line.node_name, [...(rings.get(line.node_name) ?? []), line].slice(-BUFFER));
const ms = (time: string) => Date.parse(time);
/** proto-loader's Timestamp: { seconds: "…", nanos: n }. */
const plainMs = (time: unknown) => {
  const { seconds, nanos } = time as { seconds: string; nanos?: number };
  return Number(seconds) * 1000 + Math.floor((nanos ?? 0) / 1e6);
};
/** A flow's identity across decoders: time and node. */
const key = (flow: Plain) => `${flow.node_name as string} ${new Date(plainMs(flow.time)).toISOString()}`;
const keyOfRaw = (line: RawLine) => `${line.node_name} ${new Date(ms(line.time)).toISOString()}`;
/** Same multiset of flows, in non-decreasing time. */
function expectFlows(actual: Plain[], expected: RawLine[]) {
  const flows = actual.filter((r) => r.response_types === "flow").map((r) => r.flow as Plain);
  expect(flows.map(key).toSorted()).toEqual(expected.map(keyOfRaw).toSorted());
  const times = flows.map((f) => plainMs(f.time));
  expect(times).toEqual(times.toSorted((a, b) => a - b));
}
/** protobuf Timestamp as proto-loader takes it. */
const ts = (iso: string) => ({ seconds: String(Math.floor(ms(iso) / 1000)), nanos: (ms(iso) % 1000) * 1e6 });

let server: RunningServer;
let client: ObserverStub;

beforeAll(async () => {
  server = await startServer({ host: "127.0.0.1", port: 0, buffer: BUFFER, corsOrigins: [], uiDir: "dist", followQueueLimit: 50 });
  await replayFiles(FILES, (event) => server.store.add(event), { write: () => undefined });
  client = grpcJsObserver(server.url.replace("http://", ""));
});
afterAll(async () => {
  client.close();
  await server.close();
});

describe("observer.Observer over native gRPC (grpc-js)", () => {
  it("ServerStatus sums the node rings", async () => {
    const status = await unary(client.ServerStatus.bind(client));
    const buffered = [...rings.values()].reduce((n, ring) => n + ring.length, 0);
    expect(status).toMatchObject({
      num_flows: String(buffered),
      max_flows: String(BUFFER * rings.size),
      seen_flows: String(raw.length),
      num_connected_nodes: { value: rings.size },
      version: expect.stringMatching(/^observatory\//),
    });
    expect(Number(status.flows_rate)).toBeGreaterThan(0);
  });

  it("GetFlows starts with NODE_CONNECTED naming every node", async () => {
    const [first] = await readAll(client.GetFlows({ number: "1" }));
    expect(first?.response_types).toBe("node_status");
    expect(first?.node_status).toMatchObject({ state_change: "NODE_CONNECTED" });
    const nodeNames = (first?.node_status as { node_names: string[] } | undefined)?.node_names ?? [];
    expect(nodeNames.toSorted()).toEqual([...rings.keys()].toSorted());
  });

  it("number: the last N flows of every node, merged oldest to newest", async () => {
    const expected = [...rings.values()].flatMap((ring) => ring.slice(-5));
    expectFlows(await readAll(client.GetFlows({ number: "5" })), expected);
  });

  it("first: the oldest N flows of every node", async () => {
    const expected = [...rings.values()].flatMap((ring) => ring.slice(0, 3));
    expectFlows(await readAll(client.GetFlows({ number: "3", first: true })), expected);
  });

  it("number 0 without follow: everything buffered", async () => {
    expectFlows(await readAll(client.GetFlows({})), [...rings.values()].flat());
  });

  it("since and until: the buffered flows inside the window", async () => {
    const all = [...rings.values()].flat().map((l) => l.time).toSorted();
    const since = all[Math.floor(all.length / 4)] ?? "";
    const until = all[Math.floor(all.length / 2)] ?? "";
    const expected = [...rings.values()].flat().filter((l) => ms(l.time) >= ms(since) && ms(l.time) <= ms(until));
    expectFlows(await readAll(client.GetFlows({ since: ts(since), until: ts(until) })), expected);
  });

  it("whitelist and blacklist select flows the way Relay does", async () => {
    const request = {
      whitelist: [{ source_pod: ["bookinfo/"] }, { destination_pod: ["bookinfo/reviews"] }],
      blacklist: [{ verdict: ["REDIRECTED"] }],
    };
    const expected = [...rings.values()].flat().filter((l) => {
      const src = l.flow.source ?? {};
      const dst = (l.flow.destination ?? {}) as { namespace?: string; pod_name?: string };
      const white = src.namespace === "bookinfo" && Boolean(src.pod_name)
        || (dst.namespace === "bookinfo" && (dst.pod_name ?? "").startsWith("reviews"));
      return white && l.flow.verdict !== "REDIRECTED";
    });
    expect(expected.length).toBeGreaterThan(10);
    expectFlows(await readAll(client.GetFlows(request)), expected);
  });

  it("field_mask returns only the listed paths", async () => {
    const responses = await readAll(client.GetFlows({ number: "2", field_mask: { paths: ["time", "verdict", "source.pod_name"] } }));
    const flows = responses.filter((r) => r.response_types === "flow").map((r) => r.flow as Plain);
    expect(flows.length).toBeGreaterThan(0);
    for (const flow of flows) {
      expect(Object.keys(flow).toSorted()).toEqual(expect.arrayContaining(["time", "verdict"]));
      expect(Object.keys(flow).every((k) => ["time", "verdict", "source"].includes(k))).toBe(true);
    }
  });

  it.each([
    ["first with follow", { first: true, follow: true }, /first cannot be combined with follow/],
    ["an invalid CIDR", { whitelist: [{ source_ip: ["10.0.0.0/99"] }] }, /source_ip/],
    ["an empty pod name", { blacklist: [{ source_pod: [""] }] }, /source_pod/],
    ["an unknown protocol", { whitelist: [{ protocol: ["carrier-pigeon"] }] }, /protocol/],
    ["an http filter on non-L7 events", { whitelist: [{ http_status_code: ["200"], event_type: [{ type: 4 }] }] }, /http/],
    ["a bad field mask path", { field_mask: { paths: ["no_such_field"] } }, /field_mask.*no_such_field/],
  ])("rejects %s with INVALID_ARGUMENT naming the field", async (_name, request, message) => {
    const error = (await readAll(client.GetFlows(request)).catch((e: unknown) => e)) as grpc.ServiceError;
    expect(error.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(error.details).toMatch(message);
  });

  it("GetNodes lists every node with its ring counters", async () => {
    const { nodes } = (await unary(client.GetNodes.bind(client))) as { nodes: Plain[] };
    expect(nodes.map((n) => n.name).toSorted()).toEqual([...rings.keys()].toSorted());
    for (const node of nodes) {
      expect(node).toMatchObject({ state: "NODE_CONNECTED", num_flows: String(rings.get(String(node.name))?.length) });
    }
  });

  it("GetNamespaces lists namespaces with flows, sorted", async () => {
    const { namespaces } = (await unary(client.GetNamespaces.bind(client))) as { namespaces: Plain[] };
    const expected = new Set(raw.flatMap((l) => [l.flow.source?.namespace, l.flow.destination?.namespace]).filter(Boolean));
    expect(namespaces.map((n) => n.namespace)).toEqual([...expected].toSorted());
  });

  it("answers GetAgentEvents and an unknown method with UNIMPLEMENTED", async () => {
    const agent = (await readAll(client.GetAgentEvents({})).catch((e: unknown) => e)) as grpc.ServiceError;
    expect(agent.code).toBe(grpc.status.UNIMPLEMENTED);
    const unknown = await new Promise<grpc.ServiceError | null>((resolve) =>
      client.makeUnaryRequest("/observer.Observer/NoSuchMethod", () => Buffer.alloc(0), (b: Buffer) => b, {}, (e) => resolve(e)),
    );
    expect(unknown?.code).toBe(grpc.status.UNIMPLEMENTED);
  });

  it("answers a garbage request body with an error status and keeps serving", async () => {
    const garbage = await new Promise<grpc.ServiceError | null>((resolve) =>
      client.makeUnaryRequest("/observer.Observer/ServerStatus", () => Buffer.from([0xff, 0xff, 0xff, 0x0f]), (b: Buffer) => b, {}, (e) => resolve(e)),
    );
    expect([grpc.status.INVALID_ARGUMENT, grpc.status.INTERNAL]).toContain(garbage?.code);
    expect(garbage?.details).toBeTruthy();
    const status = await unary(client.ServerStatus.bind(client));
    expect(status.seen_flows).toBe(String(raw.length));
  });

  it("follow: a reader that falls behind gets lost_events, never counted as flows", async () => {
    const stream = client.GetFlows({ follow: true });
    const received: Plain[] = [];
    const connected = new Promise<void>((resolve) => stream.once("data", () => resolve()));
    stream.on("data", (message: Plain) => received.push(message));
    await connected;
    stream.pause();
    const template = server.store.nodes()[0]?.at(0);
    if (!template) throw new Error("the store is empty");
    const added = 20_000;
    for (let i = 0; i < added; i++) server.store.add(template);
    stream.resume();
    const lostTotal = () =>
      received.filter((r) => r.response_types === "lost_events").reduce((n, r) => n + Number((r.lost_events as Plain).num_events_lost), 0);
    const flowsSeen = () => received.filter((r) => r.response_types === "flow").length;
    const deadline = Date.now() + 20_000;
    while (flowsSeen() + lostTotal() < added && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    stream.on("error", () => undefined); // the CANCELLED our own cancel() causes
    stream.cancel();
    expect(lostTotal()).toBeGreaterThan(0);
    expect(received.find((r) => r.response_types === "lost_events")?.lost_events).toMatchObject({ source: "HUBBLE_RING_BUFFER" });
    expect(flowsSeen() + lostTotal()).toBe(added);
  });
});
