// Messages between the page and the file-parsing worker.
import type { Flow } from "../../gen/flow/flow_pb.ts";

export type ToWorker = { kind: "parse"; file: File };

export type FromWorker =
  | { kind: "flows"; flows: Flow[] }
  | { kind: "progress"; bytes: number; total: number }
  | { kind: "bad-lines"; messages: string[] }
  | { kind: "done"; flows: number; badLines: number; skipped: number; unknownFields: string[] }
  | { kind: "failed"; error: string };

/** Bad lines listed one by one at most; the rest are only counted. */
export const MAX_LISTED_BAD_LINES = 1_000;
