// Encode each buffered event once, not once per stream. protobuf-es spends ~60 µs encoding a
// ~900-byte Flow, so a server that encodes per stream tops out near 16k flows/s in total, shared
// by every client (20 followers of 1k/s each would saturate it). The fast gRPC path writes the
// cached bytes itself; the Connect path gets a GetFlowsResponse that carries them as an unknown
// field, which protobuf-es copies to the wire as is. JSON clients keep the decoded event: JSON
// serialisation ignores unknown fields.
import { toBinary } from "@bufbuild/protobuf";
import { BinaryReader } from "@bufbuild/protobuf/wire";
import { type GetFlowsResponse, GetFlowsResponseSchema } from "../../src/gen/observer/observer_pb.ts";

// Keyed by the event the ring holds: an entry lives as long as the event is buffered.
const encodings = new WeakMap<GetFlowsResponse, Uint8Array>();

/** The binary encoding of a buffered event, computed on first use. */
export function encodedEvent(event: GetFlowsResponse): Uint8Array {
  let bytes = encodings.get(event);
  if (bytes === undefined) {
    bytes = toBinary(GetFlowsResponseSchema, event);
    encodings.set(event, bytes);
  }
  return bytes;
}

/**
 * Records `bytes` as the encoding of `event` (an event decoded from exactly these bytes, e.g. by
 * the replay worker), so it is never encoded again.
 */
export function rememberEncoding(event: GetFlowsResponse, bytes: Uint8Array): void {
  encodings.set(event, bytes);
}

/**
 * A response that serialises (binary) to exactly the bytes of `event`. The whole encoding rides in
 * one unknown-field entry: the writer emits the entry's tag, then its data verbatim, so the tag is
 * the encoding's first tag and the data everything after it.
 */
export function preEncoded(event: GetFlowsResponse): GetFlowsResponse {
  const bytes = encodedEvent(event);
  if (bytes.length === 0) return event;
  const reader = new BinaryReader(bytes);
  const [no, wireType] = reader.tag();
  return {
    $typeName: "observer.GetFlowsResponse",
    responseTypes: { case: undefined },
    nodeName: "",
    $unknown: [{ no, wireType, data: bytes.subarray(reader.pos) }],
  };
}
