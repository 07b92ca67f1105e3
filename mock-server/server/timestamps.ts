// Timestamp arithmetic kept in milliseconds: flow ordering and windows need no
// finer resolution, and numbers compare faster than bigint pairs.
import type { Timestamp } from "@bufbuild/protobuf/wkt";

export function timestampMs(ts: Timestamp): number {
  return Number(ts.seconds) * 1000 + Math.floor(ts.nanos / 1_000_000);
}
