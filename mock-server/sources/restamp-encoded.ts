// Re-stamps an encoded GetFlowsResponse without decoding it. A looping replay sends every event
// again with a new time; decoding and re-encoding a ~900-byte flow costs ~80 µs in protobuf-es,
// rewriting its two Timestamps in the bytes a few µs. The output is byte for byte what toBinary
// gives for the event after replay-file.ts's restamp (time and flow.time both set to the new
// time), so the server may stream it as the event's cached encoding (pre-encoded.ts).
//
// Hand-rolled varint scanning rather than BinaryReader: the reader allocates per field, which made
// this as slow as a re-encode.
import { BinaryReader, WireType } from "@bufbuild/protobuf/wire";

const FLOW = 1; // GetFlowsResponse.flow
const EVENT_TIME = 1001; // GetFlowsResponse.time
const FLOW_TIME = 1; // Flow.time

// The output as pieces, flat in a number array (two numbers each, no objects): [from, to] copies
// that range of the input; [EVENT_TIME_PIECE, 0] and [FLOW_TIME_PIECE, 0] write a new time field;
// [FLOW_HEADER_PIECE, length] writes the flow's tag and new length.
const EVENT_TIME_PIECE = -1;
const FLOW_TIME_PIECE = -2;
const FLOW_HEADER_PIECE = -3;

/** `bytes` (a GetFlowsResponse) with its time, and its flow's time if it is a flow, set to `ms`. */
export function restampEncoded(bytes: Uint8Array, ms: number): Uint8Array {
  const timestamp = encodeTimestamp(ms);
  const eventTime = varintSize(EVENT_TIME * 8) + varintSize(timestamp.length) + timestamp.length;
  const flowTime = varintSize(FLOW_TIME * 8) + varintSize(timestamp.length) + timestamp.length;
  const pieces: number[] = [];
  let length = 0;
  let timePlaced = false;
  const scan = new Scanner(bytes);
  while (scan.pos < bytes.length) {
    const start = scan.pos;
    scan.tag();
    const { no, wireType } = scan;
    // protobuf-es writes fields in declaration order: time (1001) is the last declared field, so it
    // goes before anything numbered after it (unknown fields, written last).
    if (!timePlaced && no >= EVENT_TIME) {
      pieces.push(EVENT_TIME_PIECE, 0);
      length += eventTime;
      timePlaced = true;
    }
    if (no === FLOW && wireType === WireType.LengthDelimited) {
      const bodyEnd = scan.varint() + scan.pos;
      const header = pieces.length;
      // The flow's own time is field 1, declared first: written first.
      pieces.push(FLOW_HEADER_PIECE, 0, FLOW_TIME_PIECE, 0);
      let newLength = flowTime;
      while (scan.pos < bodyEnd) {
        const fieldStart = scan.pos;
        scan.tag();
        scan.skip();
        if (scan.no === FLOW_TIME) continue; // every old time goes (a repeated one would merge)
        if (pieces[pieces.length - 1] === fieldStart) pieces[pieces.length - 1] = scan.pos;
        else pieces.push(fieldStart, scan.pos);
        newLength += scan.pos - fieldStart;
      }
      pieces[header + 1] = newLength;
      length += varintSize(FLOW * 8 + WireType.LengthDelimited) + varintSize(newLength) + newLength;
      continue;
    }
    scan.skip();
    if (no === EVENT_TIME) continue; // replaced by the one placed above
    pieces.push(start, scan.pos);
    length += scan.pos - start;
  }
  if (!timePlaced) {
    pieces.push(EVENT_TIME_PIECE, 0);
    length += eventTime;
  }
  const out = new Uint8Array(length);
  let at = 0;
  for (let i = 0; i < pieces.length; i += 2) {
    const from = pieces[i] ?? 0;
    const to = pieces[i + 1] ?? 0;
    if (from >= 0) {
      out.set(bytes.subarray(from, to), at);
      at += to - from;
    } else if (from === FLOW_HEADER_PIECE) {
      at = writeVarint(out, at, FLOW * 8 + WireType.LengthDelimited);
      at = writeVarint(out, at, to);
    } else {
      at = writeVarint(out, at, (from === EVENT_TIME_PIECE ? EVENT_TIME : FLOW_TIME) * 8 + WireType.LengthDelimited);
      at = writeVarint(out, at, timestamp.length);
      out.set(timestamp, at);
      at += timestamp.length;
    }
  }
  return out;
}

/** Reads tags and varints and skips fields of a protobuf encoding. */
class Scanner {
  pos = 0;
  /** The last tag read. */
  no = 0;
  wireType: WireType = WireType.Varint;
  private readonly bytes: Uint8Array;

  constructor(bytes: Uint8Array) {
    this.bytes = bytes;
  }

  tag(): void {
    const tag = this.varint();
    this.no = Math.floor(tag / 8);
    this.wireType = (tag % 8) as WireType;
  }

  varint(): number {
    let value = 0;
    let scale = 1;
    for (;;) {
      const byte = this.bytes[this.pos++];
      if (byte === undefined) throw new Error("truncated varint");
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) return value;
      scale *= 0x80;
    }
  }

  /** Skips the field whose tag was read last. */
  skip(): void {
    switch (this.wireType) {
      case WireType.Varint:
        while ((this.bytes[this.pos++] ?? 0) >= 0x80);
        break;
      case WireType.Bit64:
        this.pos += 8;
        break;
      case WireType.Bit32:
        this.pos += 4;
        break;
      case WireType.LengthDelimited: {
        const length = this.varint(); // read first: `pos += varint()` would add to the old pos
        this.pos += length;
        break;
      }
      default: {
        // Groups (no proto3 schema has them): the library's reader knows how to skip one.
        const reader = new BinaryReader(this.bytes.subarray(this.pos));
        reader.skip(this.wireType, this.no);
        this.pos += reader.pos;
      }
    }
    if (this.pos > this.bytes.length) throw new Error("truncated field");
  }
}

/** google.protobuf.Timestamp for `ms`, as timestampFromMs(Math.round(ms)) encodes it. */
function encodeTimestamp(ms: number): Uint8Array {
  const whole = Math.round(ms);
  const seconds = Math.floor(whole / 1000);
  const nanos = (whole - seconds * 1000) * 1_000_000;
  // proto3 leaves zero scalars out. Replay times are after 1970: seconds is never negative.
  const out = new Uint8Array((seconds === 0 ? 0 : 1 + varintSize(seconds)) + (nanos === 0 ? 0 : 1 + varintSize(nanos)));
  let at = 0;
  if (seconds !== 0) at = writeVarint(out, writeVarint(out, at, 1 * 8 + WireType.Varint), seconds);
  if (nanos !== 0) writeVarint(out, writeVarint(out, at, 2 * 8 + WireType.Varint), nanos);
  return out;
}

/** Bytes of a non-negative integer below 2^53 as a varint. */
function varintSize(value: number): number {
  let size = 1;
  for (let rest = value; rest >= 0x80; rest = Math.floor(rest / 0x80)) size++;
  return size;
}

function writeVarint(out: Uint8Array, at: number, value: number): number {
  let pos = at;
  let rest = value;
  while (rest >= 0x80) {
    out[pos++] = (rest % 0x80) | 0x80;
    rest = Math.floor(rest / 0x80);
  }
  out[pos++] = rest;
  return pos;
}
