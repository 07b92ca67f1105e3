// The bridge against stand-in Relays built on grpc-js (an independent gRPC
// implementation) over real h2c sockets on 127.0.0.1: backlog and follow,
// cluster tagging, a relay restart mid-stream without loss or duplicates, an
// error status, and two relays merged by time.
import { createServer, type Socket } from "node:net";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { NodeState } from "../../../src/gen/relay/relay_pb.ts";
import { type RelayBridge, type RelayBridgeOptions, startRelayBridge } from "./relay-bridge.ts";
import { recordingSink, waitFor, type RecordingSink } from "./testing/recording-sink.ts";
import { grpc, plainTime, StandInRelay } from "./testing/stand-in-relay.ts";

const BASE_MS = Date.parse("2026-11-22T10:00:00.000Z");
const FAST_RETRY = { initialMs: 40, maxMs: 200, healthyAfterMs: 60_000 };

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).toReversed()) await cleanup();
});

async function standIn(nodes?: string[]): Promise<StandInRelay> {
  const relay = new StandInRelay(nodes ? { nodes } : {});
  await relay.start();
  cleanups.push(() => relay.stop());
  return relay;
}

function bridge(options: Partial<RelayBridgeOptions> & Pick<RelayBridgeOptions, "relays">): { bridge: RelayBridge; record: RecordingSink } {
  const record = recordingSink();
  const started = startRelayBridge({ tls: false, backoff: FAST_RETRY, ...options }, record.sink);
  cleanups.push(() => started.stop());
  return { bridge: started, record };
}

const uuids = (record: RecordingSink) => record.flows().map((flow) => flow.uuid);

describe("relay bridge over h2c", () => {
  it("streams the backlog then new flows in order, tagging nodes and endpoints with the relay's NAME", async () => {
    const relay = await standIn(["k8s1", "k8s2"]);
    for (let i = 1; i <= 5; i++) {
      relay.add({ uuid: `f${i}`, time: plainTime(BASE_MS + i * 10), node: i % 2 ? "k8s1" : "k8s2", ...(i === 4 ? { sourceCluster: "other" } : {}) });
    }
    const { bridge: started, record } = bridge({ relays: [{ name: "east", address: relay.address }], backlog: 3 });

    await waitFor("the backlog of 3", () => record.flows().length >= 3, 10_000, () => record.logs);
    expect(relay.requests[0]).toMatchObject({ follow: true, number: "3" });
    expect(relay.requests[0]).not.toHaveProperty("since");
    relay.add({ uuid: "f6", time: plainTime(BASE_MS + 60), node: "k8s2" });
    relay.add({ uuid: "f7", time: plainTime(BASE_MS + 70), node: "k8s1" });
    await waitFor("two new flows", () => record.flows().length >= 5);

    const flows = record.flows();
    expect(flows.map((f) => f.uuid)).toEqual(["f3", "f4", "f5", "f6", "f7"]);
    expect(flows.map((f) => f.nodeName)).toEqual(["east/k8s1", "east/k8s2", "east/k8s1", "east/k8s2", "east/k8s1"]);
    expect(flows.every((f) => f.flowNodeName === f.nodeName && f.destinationCluster === "east")).toBe(true);
    expect(flows.map((f) => f.sourceCluster)).toEqual(["east", "other", "east", "east", "east"]);
    expect(record.statuses[0]).toEqual({
      relay: "east",
      address: relay.address,
      state: NodeState.NODE_CONNECTED,
      nodeNames: ["east/k8s1", "east/k8s2"],
    });
    expect(record.logs).toEqual([`relay-bridge: east (${relay.address}): streaming flows (backlog of up to 3 flows)`]);

    const [info] = started.relays();
    expect(info).toMatchObject({ name: "east", address: relay.address, state: NodeState.NODE_CONNECTED, flowsReceived: 5 });
    expect(info?.connectedSince).toBeGreaterThan(Date.now() - 60_000);
    expect(info?.lastError).toBeUndefined();
    expect(started.unavailableNodes()).toEqual([]);

    const status = await started.serverStatus();
    expect(status).toMatchObject({ numFlows: 7n, maxFlows: 4095n, numConnectedNodes: 2, numUnavailableNodes: 0, version: "1.19.2-standin" });
    const nodes = await started.getNodes();
    expect(nodes.nodes.map((node) => node.name)).toEqual(["east/k8s1", "east/k8s2"]);

    await started.stop();
    await waitFor("the stand-in to see the stream cancelled", () => relay.followerCount === 0);
  });

  it("survives a relay restart: reports it unavailable, resumes from `since`, loses and doubles nothing", async () => {
    const relay = await standIn(["k8s1"]);
    for (let i = 1; i <= 3; i++) relay.add({ uuid: `f${i}`, time: plainTime(BASE_MS + i * 1000), node: "k8s1" });
    const { bridge: started, record } = bridge({ relays: [{ name: "west", address: relay.address }] });
    await waitFor("the backlog", () => record.flows().length === 3);
    // Two flows share the newest timestamp: the resume boundary.
    relay.add({ uuid: "f4", time: plainTime(BASE_MS + 4000), node: "k8s1" });
    relay.add({ uuid: "f5", time: plainTime(BASE_MS + 5000), node: "k8s1" });
    relay.add({ uuid: "f6", time: plainTime(BASE_MS + 5000), node: "k8s1" });
    await waitFor("the live flows", () => record.flows().length === 6);

    await relay.stop();
    const unavailable = () => record.statuses.find((s) => s.state === NodeState.NODE_UNAVAILABLE);
    const down = await waitFor("NODE_UNAVAILABLE", unavailable, 10_000, () => record.statuses);
    expect(down).toMatchObject({ relay: "west", nodeNames: ["west/k8s1"], message: expect.stringMatching(/connection lost/) });
    const label = `relay-bridge: west (${relay.address})`;
    const refused = () => record.logs.some((l) => l.includes("connection refused"));
    await waitFor("a retry refused while the relay is down", refused, 10_000, () => record.logs);
    expect(record.logs.find((l) => l.includes("connection lost"))).toMatch(
      new RegExp(`^${escape(label)}: unreachable: connection lost: .*; retrying in \\d+\\.\\d s \\(attempt 1\\)$`),
    );
    expect(started.relays()[0]).toMatchObject({ state: NodeState.NODE_UNAVAILABLE, lastError: "connection refused" });
    expect(started.relays()[0]?.connectedSince).toBeUndefined();
    expect(started.unavailableNodes()).toEqual(["west/k8s1"]);

    // While it is down the relay records more: one at the boundary's timestamp, one after.
    relay.add({ uuid: "f7", time: plainTime(BASE_MS + 5000), node: "k8s1" });
    relay.add({ uuid: "f8", time: plainTime(BASE_MS + 6000), node: "k8s1" });
    const requestsBefore = relay.requests.length;
    await relay.start();
    await waitFor("the resumed stream", () => record.flows().length >= 8, 10_000, () => uuids(record));
    relay.add({ uuid: "f9", time: plainTime(BASE_MS + 7000), node: "k8s1" });
    await waitFor("a live flow after the resume", () => record.flows().length >= 9);

    expect(uuids(record)).toEqual(["f1", "f2", "f3", "f4", "f5", "f6", "f7", "f8", "f9"]);
    // proto-loader leaves out zero fields: nanos 0 and number 0 are absent.
    expect(relay.requests.slice(requestsBefore)).toEqual([{ follow: true, since: { seconds: String((BASE_MS + 5000) / 1000) } }]);
    expect(started.relays()[0]).toMatchObject({ state: NodeState.NODE_CONNECTED, flowsReceived: 9, duplicatesDropped: 2 });
    // One report per distinct failure (the lost connection, then refused retries), then connected again.
    const states = record.statuses.map((s) => s.state).filter((state, i, all) => state !== all[i - 1]);
    expect(states).toEqual([NodeState.NODE_CONNECTED, NodeState.NODE_UNAVAILABLE, NodeState.NODE_CONNECTED]);
    expect(record.logs.at(-1)).toBe(`${label}: streaming flows (resuming after ${new Date(BASE_MS + 5000).toISOString()})`);
  });

  it("reports an error status from the relay as NODE_ERROR with its message, and recovers", async () => {
    const relay = await standIn(["k8s1"]);
    relay.failWith({ code: grpc.status.PERMISSION_DENIED, details: "observer access denied" });
    const { bridge: started, record } = bridge({ relays: [{ address: relay.address }] });
    const error = await waitFor("NODE_ERROR", () => record.statuses.find((s) => s.state === NodeState.NODE_ERROR));
    expect(error).toEqual({
      relay: relay.address,
      address: relay.address,
      state: NodeState.NODE_ERROR,
      nodeNames: [relay.address],
      message: "[permission_denied] observer access denied",
    });
    expect(record.logs[0]).toMatch(
      new RegExp(`^relay-bridge: ${escape(relay.address)}: error from relay: \\[permission_denied\\] observer access denied; retrying in`),
    );
    expect(started.relays()[0]).toMatchObject({ state: NodeState.NODE_ERROR, lastError: "[permission_denied] observer access denied" });

    relay.failWith(undefined);
    relay.add({ uuid: "ok", time: plainTime(BASE_MS), node: "k8s1" });
    await waitFor("the flow after recovery", () => record.flows().length === 1);
    expect(record.flows()[0]?.nodeName).toBe("k8s1"); // an unnamed relay tags nothing
    expect(record.statuses.at(-1)).toMatchObject({ state: NodeState.NODE_CONNECTED, nodeNames: ["k8s1"] });
  });

  it("merges two relays by time, each tagged with its NAME", async () => {
    const east = await standIn(["k8s1"]);
    const west = await standIn(["k8s1"]);
    for (let i = 0; i < 10; i++) {
      const relay = i % 2 === 0 ? east : west;
      relay.add({ uuid: `${i % 2 === 0 ? "e" : "w"}${i}`, time: plainTime(BASE_MS + i * 100), node: "k8s1" });
    }
    // A long sort window: every release below is earned by the other relay
    // passing the flow's time, not by a timer, so slow machines order alike.
    const { bridge: started, record } = bridge({
      relays: [
        { name: "east", address: east.address },
        { name: "west", address: west.address },
      ],
      sortWindowMs: 5_000,
    });
    // w9 waits until east has passed 900 ms.
    await waitFor("both backlogs", () => record.flows().length === 9, 10_000, () => uuids(record));
    // Live: each relay's flows arrive on their own connection, interleaved in time.
    west.add({ uuid: "w10", time: plainTime(BASE_MS + 1000), node: "k8s1" });
    east.add({ uuid: "e11", time: plainTime(BASE_MS + 1100), node: "k8s1" });
    west.add({ uuid: "w12", time: plainTime(BASE_MS + 1200), node: "k8s1" });
    east.add({ uuid: "e13", time: plainTime(BASE_MS + 1300), node: "k8s1", sourceCluster: "" });
    west.add({ uuid: "w14", time: plainTime(BASE_MS + 1400), node: "k8s1" }); // waits for east, which is quiet now
    await waitFor("the live flows", () => record.flows().length === 14, 10_000, () => uuids(record));

    const flows = record.flows();
    expect(flows.map((f) => f.uuid)).toEqual(["e0", "w1", "e2", "w3", "e4", "w5", "e6", "w7", "e8", "w9", "w10", "e11", "w12", "e13"]);
    const times = flows.map((f) => f.timeNs);
    expect(times).toEqual(times.toSorted((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    for (const flow of flows) {
      const cluster = flow.uuid.startsWith("e") ? "east" : "west";
      expect(flow).toMatchObject({ nodeName: `${cluster}/k8s1`, sourceCluster: cluster, destinationCluster: cluster });
    }
    expect(started.relays().map((r) => [r.name, r.flowsReceived])).toEqual([
      ["east", 7],
      ["west", 8],
    ]);
    const status = await started.serverStatus();
    expect(status).toMatchObject({ numConnectedNodes: 2, numFlows: 15n, maxFlows: 8190n, flowsRate: 3 });
    // Stopping lets go of what was held for merging.
    await started.stop();
    expect(uuids(record).at(-1)).toBe("w14");
  });

  it("counts a relay that does not answer as unavailable in the merged ServerStatus and GetNodes", async () => {
    const up = await standIn(["k8s1"]);
    const gone = await standIn(["k8s9"]);
    const { bridge: started, record } = bridge({
      relays: [
        { name: "up", address: up.address },
        { name: "gone", address: gone.address },
      ],
    });
    await waitFor("both relays connected", () => record.statuses.filter((s) => s.state === NodeState.NODE_CONNECTED).length === 2);
    await gone.stop();
    await waitFor("the outage", () => started.relays()[1]?.state === NodeState.NODE_UNAVAILABLE);
    const status = await started.serverStatus();
    expect(status).toMatchObject({ numConnectedNodes: 1, numUnavailableNodes: 1, unavailableNodes: ["gone/k8s9"] });
    const nodes = await started.getNodes();
    expect(nodes.nodes.map((n) => [n.name, n.state])).toEqual([
      ["gone/k8s9", NodeState.NODE_UNAVAILABLE],
      ["up/k8s1", NodeState.NODE_CONNECTED],
    ]);
    expect(started.unavailableNodes()).toEqual(["gone/k8s9"]);
  });
});

describe("relay bridge connection timeout", () => {
  it("gives up on a relay that accepts TCP but never completes the TLS handshake, and retries", async () => {
    const sockets = new Set<Socket>();
    const silent = createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    cleanups.push(async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    });
    const address = `127.0.0.1:${(silent.address() as AddressInfo).port}`;
    const { record } = bridge({ relays: [{ name: "mute", address }], tls: true, connectTimeoutMs: 300 });
    const line = await waitFor("the timeout", () => record.logs.find((l) => l.includes("retrying")), 10_000, () => record.logs);
    expect(line).toMatch(/^relay-bridge: mute \(127\.0\.0\.1:\d+\): unreachable: no connection within 0\.3 s; retrying in/);
    expect(record.statuses).toEqual([
      { relay: "mute", address, state: NodeState.NODE_UNAVAILABLE, nodeNames: ["mute"], message: "no connection within 0.3 s" },
    ]);
    await waitFor("a second attempt", () => sockets.size >= 2);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
