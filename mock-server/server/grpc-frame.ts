// gRPC's length-prefixed message, as native gRPC and gRPC-web both carry it: one flags byte
// (0 = an uncompressed message, 0x80 = gRPC-web's trailers), a 4-byte big-endian length, the bytes.

/** Bytes before each frame's payload. */
export const FRAME_PREFIX = 5;

/** Writes one frame of `payload` into `out` at `at`; returns the offset just after it. */
export function writeFrame(out: Uint8Array, at: number, payload: Uint8Array, flags = 0): number {
  const length = payload.length;
  out[at] = flags;
  out[at + 1] = length >>> 24;
  out[at + 2] = (length >>> 16) & 0xff;
  out[at + 3] = (length >>> 8) & 0xff;
  out[at + 4] = length & 0xff;
  out.set(payload, at + FRAME_PREFIX);
  return at + FRAME_PREFIX + length;
}
