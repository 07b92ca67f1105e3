// Serving with --tls-cert/--tls-key (ALPN picks HTTP/2 or HTTP/1.1 on one
// port) and answering browsers on other origins only when --cors-origin says so.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient } from "@connectrpc/connect";
import { createGrpcTransport, createGrpcWebTransport } from "@connectrpc/connect-node";
import { Observer } from "../../src/gen/observer/observer_pb.ts";
import { generateTestPki, RELAY_SERVER_NAME, type TestPki } from "../sources/relay-bridge/testing/test-certs.ts";
import { startServer, type RunningServer } from "./start.ts";

describe("TLS serving", () => {
  let pki: TestPki;
  let server: RunningServer;
  beforeAll(async () => {
    pki = generateTestPki();
    server = await startServer({
      host: "127.0.0.1", port: 0, buffer: 10, corsOrigins: [], uiDir: "dist",
      tlsCert: pki.serverCert, tlsKey: pki.serverKey,
    });
  });
  afterAll(async () => {
    await server.close();
    pki.remove();
  });

  it.each([
    ["native gRPC over HTTP/2", () => createGrpcTransport({ baseUrl: server.url, nodeOptions: { ca: readFileSync(pki.caCert), servername: RELAY_SERVER_NAME } })],
    ["gRPC-web over HTTP/1.1", () => createGrpcWebTransport({ baseUrl: server.url, httpVersion: "1.1", nodeOptions: { ca: readFileSync(pki.caCert), servername: RELAY_SERVER_NAME } })],
  ])("serves %s", async (_name, transport) => {
    expect(server.url).toMatch(/^https:/);
    const status = await createClient(Observer, transport()).serverStatus({});
    expect(status.maxFlows).toBe(10n);
  });

  it("refuses a client that does not trust the certificate", async () => {
    const client = createClient(Observer, createGrpcTransport({ baseUrl: server.url, nodeOptions: { ca: readFileSync(pki.otherCaCert), servername: RELAY_SERVER_NAME } }));
    await expect(client.serverStatus({})).rejects.toThrow(/certificate/i);
  });
});

describe("CORS", () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ host: "127.0.0.1", port: 0, buffer: 10, corsOrigins: ["http://ui.example:5173"], uiDir: "dist" });
  });
  afterAll(() => server.close());

  const preflight = (origin: string) =>
    fetch(`${server.url}/observer.Observer/GetFlows`, {
      method: "OPTIONS",
      headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "content-type,x-grpc-web,x-user-agent" },
    });

  it("answers a preflight from an allowed origin with the gRPC-web headers", async () => {
    const response = await preflight("http://ui.example:5173");
    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBe("http://ui.example:5173");
    expect(response.headers.get("access-control-allow-headers")).toMatch(/x-grpc-web/i);
    expect(response.headers.get("access-control-allow-methods")).toMatch(/POST/);
  });

  it("exposes grpc-status and grpc-message to the allowed origin", async () => {
    const response = await fetch(`${server.url}/observer.Observer/ServerStatus`, {
      method: "POST",
      headers: { origin: "http://ui.example:5173", "content-type": "application/grpc-web+proto", "x-grpc-web": "1" },
      body: new Uint8Array([0, 0, 0, 0, 0]),
    });
    expect(response.headers.get("access-control-expose-headers")).toMatch(/grpc-status.*grpc-message|grpc-message.*grpc-status/i);
  });

  it("gives other origins no CORS headers, so browsers refuse them", async () => {
    const response = await preflight("http://evil.example");
    expect(response.headers.get("access-control-allow-origin")).toBeNull();
  });
});
