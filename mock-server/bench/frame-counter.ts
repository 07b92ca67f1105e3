// A bench client that reads GetFlows streams without decoding flows: it splits the gRPC (or
// gRPC-web) envelopes and looks only at each response's top-level field numbers. Decoding a
// ~900-byte Flow costs a JS client more than the server spends sending it, so a decoding client
// would measure itself, not the server. Used by `npm run bench` only.
import { connect, constants } from "node:http2";
import { create, toBinary } from "@bufbuild/protobuf";
import { BinaryReader, WireType } from "@bufbuild/protobuf/wire";
import { GetFlowsRequestSchema, type GetFlowsRequest } from "../../src/gen/observer/observer_pb.ts";
import type { MessageInitShape } from "@bufbuild/protobuf";

export interface StreamCounts {
  flows: number;
  lostEvents: number;
  /** Bytes of response messages received. */
  bytes: number;
}

type Request = MessageInitShape<typeof GetFlowsRequestSchema>;

const FLOW_FIELD = 1;
const LOST_EVENTS_FIELD = 3;

/** Splits envelopes out of a byte stream and counts what each response carries. */
class EnvelopeCounter {
  readonly counts: StreamCounts = { flows: 0, lostEvents: 0, bytes: 0 };
  private pending: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): void {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    let offset = 0;
    while (this.pending.length - offset >= 5) {
      const flags = this.pending[offset] ?? 0;
      const length = this.pending.readUInt32BE(offset + 1);
      if (this.pending.length - offset - 5 < length) break;
      // Bit 0x80 marks gRPC-web's trailers frame: not a message.
      if ((flags & 0x80) === 0) this.count(this.pending.subarray(offset + 5, offset + 5 + length));
      offset += 5 + length;
    }
    this.pending = this.pending.subarray(offset);
  }

  private count(message: Uint8Array): void {
    this.counts.bytes += message.length;
    const reader = new BinaryReader(message);
    while (reader.pos < reader.len) {
      const [field, wireType] = reader.tag();
      if (field === FLOW_FIELD && wireType === WireType.LengthDelimited) {
        this.counts.flows++;
        return;
      }
      if (field === LOST_EVENTS_FIELD && wireType === WireType.LengthDelimited) {
        this.counts.lostEvents += lostCount(reader.bytes());
        return;
      }
      reader.skip(wireType, field);
    }
  }
}

/** num_events_lost (field 2) of a LostEvent. */
function lostCount(lostEvent: Uint8Array): number {
  const reader = new BinaryReader(lostEvent);
  while (reader.pos < reader.len) {
    const [field, wireType] = reader.tag();
    if (field === 2 && wireType === WireType.Varint) return Number(reader.uint64());
    reader.skip(wireType, field);
  }
  return 0;
}

function envelope(request: GetFlowsRequest): Buffer {
  const body = toBinary(GetFlowsRequestSchema, request);
  const frame = Buffer.alloc(5 + body.length);
  frame.writeUInt32BE(body.length, 1);
  frame.set(body, 5);
  return frame;
}

/** GetFlows over native gRPC (h2c), until the server ends the stream or `signal` aborts. */
export function countGrpcFlows(baseUrl: string, request: Request, signal?: AbortSignal): Promise<StreamCounts> {
  const counter = new EnvelopeCounter();
  return new Promise((resolve, reject) => {
    const session = connect(baseUrl);
    session.on("error", reject);
    const stream = session.request({
      [constants.HTTP2_HEADER_METHOD]: "POST",
      [constants.HTTP2_HEADER_PATH]: "/observer.Observer/GetFlows",
      "content-type": "application/grpc+proto",
      te: "trailers",
    });
    const finish = () => {
      session.close();
      resolve(counter.counts);
    };
    signal?.addEventListener("abort", () => stream.close(constants.NGHTTP2_CANCEL), { once: true });
    stream.on("data", (chunk: Buffer) => counter.push(chunk));
    stream.on("trailers", (trailers) => {
      const status = trailers["grpc-status"];
      if (status !== undefined && status !== "0") reject(new Error(`grpc-status ${String(status)}: ${String(trailers["grpc-message"] ?? "")}`));
    });
    stream.on("close", finish);
    stream.on("error", (error) => (signal?.aborted ? finish() : reject(error)));
    stream.end(envelope(create(GetFlowsRequestSchema, request)));
  });
}

/** GetFlows over gRPC-web (HTTP/1.1, binary), until the stream ends or `signal` aborts. */
export async function countGrpcWebFlows(baseUrl: string, request: Request, signal?: AbortSignal): Promise<StreamCounts> {
  const counter = new EnvelopeCounter();
  try {
    const response = await fetch(`${baseUrl}/observer.Observer/GetFlows`, {
      method: "POST",
      headers: { "content-type": "application/grpc-web+proto", "x-grpc-web": "1" },
      body: new Uint8Array(envelope(create(GetFlowsRequestSchema, request))),
      ...(signal ? { signal } : {}),
    });
    if (!response.ok || response.body === null) throw new Error(`HTTP ${response.status}`);
    for await (const chunk of response.body) counter.push(Buffer.from(chunk));
  } catch (error) {
    if (!signal?.aborted) throw error;
  }
  return counter.counts;
}
