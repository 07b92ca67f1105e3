// Timestamp arithmetic kept in milliseconds: flow ordering and windows need no
// finer resolution, and numbers compare faster than bigint pairs.
import type { Timestamp } from "@bufbuild/protobuf/wkt";

/**
 * Floors the nanoseconds. (@bufbuild/protobuf's own timestampMs rounds them,
 * which would put a flow at 12:00:00.0009 on or after a `since` of .001.)
 */
export function timestampMs(ts: Timestamp): number {
  return Number(ts.seconds) * 1000 + Math.floor(ts.nanos / 1_000_000);
}
