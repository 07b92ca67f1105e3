// GetFlows over binary gRPC and gRPC-web, written by hand because it is the one hot path: a
// stream carries up to hundreds of thousands of flows a second, and Connect's handler spends
// ~10 µs of async plumbing and one socket write per message. Here each batch of events
// (get-flows-stream.ts) goes out as one write of pre-encoded envelopes, with back-pressure from
// the socket. Everything else — Connect's protocol, JSON codecs, the other methods — stays on
// Connect's handler, and both paths share the request validation and event selection.
import { gunzipSync } from "node:zlib";
import { fromBinary, toBinary } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import { type GetFlowsRequest, GetFlowsRequestSchema, GetFlowsResponseSchema } from "../../src/gen/observer/observer_pb.ts";
import { FRAME_PREFIX, writeFrame } from "./grpc-frame.ts";
import { compileRequest, FramedEvents, type GetFlowsOptions, getFlowsBatches, type StreamBatch } from "./get-flows-stream.ts";
import type { HttpRequest, HttpResponse } from "./one-port.ts";
import { encodedEvent } from "./pre-encoded.ts";

const PATH = "/observer.Observer/GetFlows";
const CONTENT_TYPE = /^application\/(grpc|grpc\+proto|grpc-web|grpc-web\+proto)(;|$)/;
const MAX_REQUEST_BYTES = 4 * 1024 * 1024;

/** True for a GetFlows call this handler serves (binary gRPC or gRPC-web). */
export function isBinaryGrpcGetFlows(req: HttpRequest): boolean {
  return req.method === "POST" && (req.url ?? "").split("?")[0] === PATH && CONTENT_TYPE.test(String(req.headers["content-type"] ?? ""));
}

export function createGrpcGetFlowsHandler(options: GetFlowsOptions): (req: HttpRequest, res: HttpResponse) => void {
  return (req, res) => {
    void serve(options, req, res).catch(() => {
      // The client went away mid-write; nothing is left to tell it.
      if (!res.writableEnded) res.destroy();
    });
  };
}

async function serve(options: GetFlowsOptions, req: HttpRequest, res: HttpResponse): Promise<void> {
  const contentType = String(req.headers["content-type"]).split(";")[0] ?? "application/grpc";
  const web = contentType.startsWith("application/grpc-web");
  const abort = new AbortController();
  // A client that leaves (or a stream reset) ends the follow loop.
  res.once("close", () => abort.abort());
  const deadline = grpcTimeoutMs(req.headers["grpc-timeout"]);
  const timer = deadline === undefined ? undefined : setTimeout(() => abort.abort(new ConnectError("deadline exceeded", Code.DeadlineExceeded)), deadline);
  let started = false;
  try {
    const request = decodeRequest(await readBody(req), req.headers["grpc-encoding"]);
    const compiled = compileRequest(request);
    res.writeHead(200, { "content-type": contentType });
    started = true;
    for await (const batch of getFlowsBatches(options, request, compiled, abort.signal, true)) {
      if (abort.signal.aborted) break;
      const written = res.write(envelopes(batch, compiled.mask === undefined));
      if (!written) await drained(res, abort.signal);
    }
    const reason: unknown = abort.signal.reason;
    if (res.destroyed) return;
    finish(res, web, started, reason instanceof ConnectError ? reason : undefined);
  } catch (error) {
    if (res.destroyed) return;
    finish(res, web, started, error instanceof ConnectError ? error : new ConnectError(error instanceof Error ? error.message : String(error), Code.Internal));
  } finally {
    clearTimeout(timer);
  }
}

/** Ends the stream with its status: trailers (gRPC), a trailers frame (gRPC-web), or trailers-only. */
function finish(res: HttpResponse, web: boolean, started: boolean, error: ConnectError | undefined): void {
  const status = { "grpc-status": String(error?.code ?? 0), "grpc-message": encodeURIComponent(error?.rawMessage ?? "") };
  if (!started) {
    // Trailers-only: the status rides in the headers (gRPC-web); native gRPC reads HTTP/2 trailers.
    res.writeHead(200, { "content-type": web ? "application/grpc-web+proto" : "application/grpc+proto", ...(web ? status : {}) });
  }
  if (web) {
    if (started) res.write(trailersFrame(status));
  } else {
    res.addTrailers(status);
  }
  res.end();
}

/** gRPC-web's last frame: flag 0x80, then the trailers as HTTP/1 header lines. */
function trailersFrame(status: Record<string, string>): Buffer {
  const text = Buffer.from(Object.entries(status).map(([key, value]) => `${key}: ${value}\r\n`).join(""), "latin1");
  const frame = Buffer.alloc(FRAME_PREFIX + text.length);
  writeFrame(frame, 0, text, 0x80);
  return frame;
}

/**
 * One buffer of length-prefixed messages; buffered events use their cached encoding, and runs the
 * store had framed already are copied as they are.
 */
function envelopes(batch: StreamBatch, cached: boolean): Buffer {
  // A follower's usual batch, one framed run: written as it is, no copy.
  const [only] = batch;
  if (batch.length === 1 && only instanceof FramedEvents) return Buffer.from(only.bytes.buffer, only.bytes.byteOffset, only.bytes.length);
  // Framed runs carry their 5-byte prefixes; events get theirs here.
  const messages = batch.map((item) =>
    item instanceof FramedEvents ? item : cached && item.responseTypes.case === "flow" ? encodedEvent(item) : toBinary(GetFlowsResponseSchema, item),
  );
  let length = 0;
  for (const message of messages) length += message instanceof FramedEvents ? message.bytes.length : FRAME_PREFIX + message.length;
  const out = Buffer.allocUnsafe(length);
  let offset = 0;
  for (const message of messages) {
    if (message instanceof FramedEvents) {
      out.set(message.bytes, offset);
      offset += message.bytes.length;
    } else offset = writeFrame(out, offset, message);
  }
  return out;
}

function decodeRequest(body: Buffer, encoding: string | string[] | undefined): GetFlowsRequest {
  if (body.length < FRAME_PREFIX) throw new ConnectError("request has no gRPC message", Code.Internal);
  const length = body.readUInt32BE(1);
  if (body.length < FRAME_PREFIX + length) throw new ConnectError(`request message truncated: ${body.length - FRAME_PREFIX} of ${length} bytes`, Code.Internal);
  let message: Uint8Array = body.subarray(FRAME_PREFIX, FRAME_PREFIX + length);
  if (((body[0] ?? 0) & 1) === 1) {
    if (encoding !== "gzip") throw new ConnectError(`compressed request with unsupported grpc-encoding "${String(encoding ?? "")}"`, Code.Unimplemented);
    message = gunzipSync(message, { maxOutputLength: MAX_REQUEST_BYTES });
  }
  try {
    return fromBinary(GetFlowsRequestSchema, message);
  } catch (error) {
    throw new ConnectError(`cannot decode observer.GetFlowsRequest: ${error instanceof Error ? error.message : String(error)}`, Code.Internal);
  }
}

function readBody(req: HttpRequest): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_REQUEST_BYTES) {
        reject(new ConnectError(`request larger than ${MAX_REQUEST_BYTES} bytes`, Code.ResourceExhausted));
        req.removeAllListeners("data");
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.once("end", () => resolve(Buffer.concat(chunks)));
    req.once("error", reject);
  });
}

function drained(res: HttpResponse, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off("drain", done);
      signal.removeEventListener("abort", done);
      resolve();
    };
    res.on("drain", done);
    signal.addEventListener("abort", done, { once: true });
  });
}

const TIMEOUT_UNITS_MS: Record<string, number> = { H: 3_600_000, M: 60_000, S: 1000, m: 1, u: 0.001, n: 0.000_001 };

/** The `grpc-timeout` header ("5S", "250m", …) in milliseconds, or undefined without one. */
export function grpcTimeoutMs(header: string | string[] | undefined): number | undefined {
  const match = typeof header === "string" ? /^(\d{1,8})([HMSmun])$/.exec(header) : null;
  if (match === null) return undefined;
  return Number(match[1]) * (TIMEOUT_UNITS_MS[match[2] ?? "S"] ?? 1000);
}
