// Messages between the server and the replay worker (replay-worker.ts).
import type { ReplaySummary } from "./replay-file.ts";

export interface ReplayWorkerInput {
  files: string[];
  speed: number;
  loop: boolean;
}

/** The server has taken `count` more events (the worker stops reading while too many are in flight). */
export interface ReplayWorkerAck {
  kind: "ack";
  count: number;
}

export type FromReplayWorker =
  /** Events due now, encoded (GetFlowsResponse, binary) back to back in `bytes`; event i ends at ends[i]. */
  | { kind: "events"; bytes: Uint8Array; ends: number[] }
  | { kind: "log"; text: string }
  | { kind: "done"; summary: ReplaySummary };
