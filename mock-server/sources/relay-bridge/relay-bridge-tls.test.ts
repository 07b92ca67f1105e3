// The bridge to a relay that requires mTLS, as Cilium sets Relay up: a server
// certificate for *.hubble-relay.cilium.io signed by the Hubble CA, verified
// under --relay-server-name while dialling 127.0.0.1, and a client
// certificate. Certificates are made with openssl in a temp dir; the stand-in
// relay is grpc-js demanding client certificates.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { NodeState } from "../../../src/gen/relay/relay_pb.ts";
import { type RelayBridge, type RelayBridgeOptions, startRelayBridge } from "./relay-bridge.ts";
import { loadRelayTls, RelayTlsError } from "./relay-transport.ts";
import { recordingSink, waitFor, type RecordingSink } from "./testing/recording-sink.ts";
import { grpc, plainTime, StandInRelay } from "./testing/stand-in-relay.ts";
import { generateTestPki, RELAY_SERVER_NAME, type TestPki } from "./testing/test-certs.ts";

let pki: TestPki;
let relay: StandInRelay;
const bridges: RelayBridge[] = [];

beforeAll(async () => {
  pki = generateTestPki();
  const credentials = grpc.ServerCredentials.createSsl(
    readFileSync(pki.caCert),
    [{ cert_chain: readFileSync(pki.serverCert), private_key: readFileSync(pki.serverKey) }],
    true, // require and verify client certificates (mTLS)
  );
  relay = new StandInRelay({ nodes: ["k8s1"], credentials });
  await relay.start();
  relay.add({ uuid: "tls-1", time: plainTime(Date.parse("2026-11-22T10:00:00Z")), node: "k8s1" });
});
afterEach(async () => {
  await Promise.all(bridges.splice(0).map((bridge) => bridge.stop()));
});
afterAll(async () => {
  await relay.stop();
  pki.remove();
});

function start(tls: Omit<RelayBridgeOptions, "relays">): RecordingSink {
  const record = recordingSink();
  bridges.push(
    startRelayBridge(
      { relays: [{ name: "secure", address: relay.address }], backoff: { initialMs: 50, maxMs: 200, healthyAfterMs: 60_000 }, ...tls },
      record.sink,
    ),
  );
  return record;
}

const firstFailure = (record: RecordingSink) =>
  waitFor("a failure log line", () => record.logs.find((line) => line.includes("retrying in")), 10_000, () => record.logs);

describe("relay bridge over mTLS", () => {
  it("streams with the Hubble CA, the server name and a client certificate", async () => {
    const record = start({ tls: true, ca: pki.caCert, cert: pki.clientCert, key: pki.clientKey, serverName: RELAY_SERVER_NAME });
    await waitFor("the flow over mTLS", () => record.flows().length === 1, 10_000, () => record.logs);
    expect(record.flows()[0]).toMatchObject({ uuid: "tls-1", nodeName: "secure/k8s1" });
    expect(record.statuses).toEqual([
      { relay: "secure", address: relay.address, state: NodeState.NODE_CONNECTED, nodeNames: ["secure/k8s1"] },
    ]);
    expect(record.logs).toEqual([`relay-bridge: secure (${relay.address}): streaming flows (backlog of up to 4095 flows)`]);
  });

  it("without a client certificate: refused, logged with the flags to add, relay unavailable", async () => {
    const record = start({ tls: true, ca: pki.caCert, serverName: RELAY_SERVER_NAME });
    expect(await firstFailure(record)).toMatch(
      new RegExp(
        "^relay-bridge: secure \\(127\\.0\\.0\\.1:\\d+\\): unreachable: " +
          "TLS: the relay requires a client certificate \\(mTLS\\) and rejected the connection " +
          "\\(give --relay-cert and --relay-key\\); retrying in",
      ),
    );
    const status = await waitFor("NODE_UNAVAILABLE", () => record.statuses.find((s) => s.state === NodeState.NODE_UNAVAILABLE));
    expect(status).toMatchObject({ relay: "secure", nodeNames: ["secure"], message: expect.stringMatching(/client certificate/) });
    expect(record.events).toEqual([]);
  });

  it.each([
    [
      "no server name: the certificate does not cover 127.0.0.1",
      () => ({ tls: true, ca: pki.caCert, cert: pki.clientCert, key: pki.clientKey }),
      /unreachable: TLS: the relay's certificate \(DNS:\*\.hubble-relay\.cilium\.io\) is not valid for "127\.0\.0\.1" \(set --relay-server-name to a name the certificate holds/,
    ],
    [
      "the wrong CA",
      () => ({ tls: true, ca: pki.otherCaCert, cert: pki.clientCert, key: pki.clientKey, serverName: RELAY_SERVER_NAME }),
      /unreachable: TLS: the relay's certificate is not trusted \(.*\) \(set --relay-ca to the CA that signed it/,
    ],
    [
      "cleartext to a TLS relay",
      () => ({ tls: false }),
      /unreachable: the relay reset the stream before answering: .* \(if the relay serves TLS, add --relay-tls\); retrying in/,
    ],
  ])("%s: a log line that says which flag to fix", async (_name, options, message) => {
    const record = start(options());
    expect(await firstFailure(record)).toMatch(message);
    expect(record.events).toEqual([]);
  });

  it("TLS to a cleartext relay: says to leave out --relay-tls", async () => {
    const plain = new StandInRelay();
    await plain.start();
    try {
      const record = recordingSink();
      bridges.push(startRelayBridge({ relays: [{ address: plain.address }], tls: true, ca: pki.caCert }, record.sink));
      expect(await firstFailure(record)).toMatch(/unreachable: TLS handshake failed: the relay does not answer in TLS \(leave out --relay-tls/);
    } finally {
      await plain.stop();
    }
  });
});

describe("relay TLS options", () => {
  it.each([
    [{ tls: false, ca: "ca.crt" }, /--relay-ca need --relay-tls/],
    [{ tls: false, cert: "c", key: "k", serverName: "x" }, /--relay-cert, --relay-key, --relay-server-name need --relay-tls/],
    [{ tls: true, cert: "c" }, /--relay-cert and --relay-key go together/],
    [{ tls: true, serverName: "10.0.0.1" }, /--relay-server-name must be a DNS name/],
    [{ tls: true, ca: "/nonexistent/ca.crt" }, /--relay-ca: cannot read \/nonexistent\/ca\.crt: ENOENT/],
  ])("rejects %j", (options, message) => {
    expect(() => loadRelayTls(options)).toThrow(RelayTlsError);
    expect(() => loadRelayTls(options)).toThrow(message);
  });

  it("rejects a file that is not PEM, and startRelayBridge throws before dialling", () => {
    const notPem = join(pki.dir, "server.csr.txt");
    expect(() => loadRelayTls({ tls: true, key: pki.clientKey, cert: "/dev/null" })).toThrow(/--relay-cert: \/dev\/null is not a PEM file/);
    const record = recordingSink();
    expect(() => startRelayBridge({ relays: [{ address: relay.address }], tls: true, ca: notPem }, record.sink)).toThrow(/--relay-ca: cannot read/);
    expect(() => startRelayBridge({ relays: [{ address: "no-port" }], tls: false }, record.sink)).toThrow(/--relay "no-port": missing port/);
    expect(() => startRelayBridge({ relays: [], tls: false }, record.sink)).toThrow(/no relay given/);
    expect(record.logs).toEqual([]);
  });

  it("loads the PEM files it is given", () => {
    const material = loadRelayTls({ tls: true, ca: pki.caCert, cert: pki.clientCert, key: pki.clientKey, serverName: RELAY_SERVER_NAME });
    expect(material?.ca?.toString()).toContain("BEGIN CERTIFICATE");
    expect(material?.key?.toString()).toContain("PRIVATE KEY");
    expect(material?.serverName).toBe(RELAY_SERVER_NAME);
    expect(loadRelayTls({ tls: false })).toBeUndefined();
  });
});
