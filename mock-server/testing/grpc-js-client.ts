// An independent client for tests: Google's @grpc/grpc-js with
// @grpc/proto-loader reading our .proto files at run time (no Connect, no
// protobuf-es), so server bugs cannot hide behind shared generated code.
import { fileURLToPath } from "node:url";
import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";

const PROTO_ROOT = fileURLToPath(new URL("../../src/proto/", import.meta.url));

/** JSON-like objects as proto-loader decodes them: proto field names, enum names, 64-bit as strings. */
export type Plain = Record<string, unknown>;

export interface ObserverStub extends grpc.Client {
  GetFlows(request: Plain, options?: grpc.CallOptions): grpc.ClientReadableStream<Plain>;
  GetAgentEvents(request: Plain): grpc.ClientReadableStream<Plain>;
  ServerStatus(request: Plain, callback: (error: grpc.ServiceError | null, response: Plain) => void): void;
  GetNodes(request: Plain, callback: (error: grpc.ServiceError | null, response: Plain) => void): void;
  GetNamespaces(request: Plain, callback: (error: grpc.ServiceError | null, response: Plain) => void): void;
}

const definition = protoLoader.loadSync("observer/observer.proto", {
  includeDirs: [PROTO_ROOT],
  keepCase: true,
  longs: String,
  enums: String,
  defaults: false,
  oneofs: true,
});
/** Our observer package as grpc-js sees it: the client class and its service definition (for servers). */
export const observerPackage = (grpc.loadPackageDefinition(definition) as unknown as {
  observer: {
    Observer: (new (address: string, credentials: grpc.ChannelCredentials) => ObserverStub) & { service: grpc.ServiceDefinition };
  };
}).observer;

/** A grpc-js Observer client for `host:port` (plaintext h2c unless credentials are given). */
export function grpcJsObserver(address: string, credentials = grpc.credentials.createInsecure()): ObserverStub {
  return new observerPackage.Observer(address, credentials);
}

/** Reads a server stream to its end (or error). */
export function readAll(stream: grpc.ClientReadableStream<Plain>): Promise<Plain[]> {
  return new Promise((resolve, reject) => {
    const out: Plain[] = [];
    stream.on("data", (message: Plain) => out.push(message));
    stream.on("error", reject);
    stream.on("end", () => resolve(out));
  });
}

/** Calls a unary method as a promise. */
export function unary(
  call: (request: Plain, callback: (error: grpc.ServiceError | null, response: Plain) => void) => void,
  request: Plain = {},
): Promise<Plain> {
  return new Promise((resolve, reject) => call(request, (error, response) => (error ? reject(error) : resolve(response))));
}

export { grpc };
