// Messages between the server and the replay worker (replay-worker.ts).
import type { ReplaySummary } from "./replay-file.ts";

export interface ReplayWorkerInput {
  files: string[];
  speed: number;
  loop: boolean;
  /** Bytes of encodings a looping replay may keep between passes (default 256 MiB). */
  passCacheBytes?: number;
}

/** The server has taken `count` more events (the worker stops reading while too many are in flight). */
export interface ReplayWorkerAck {
  kind: "ack";
  count: number;
}

export type FromReplayWorker =
  /**
   * Events due now as gRPC envelopes (5-byte prefix, then the GetFlowsResponse's binary encoding)
   * back to back in `bytes`; event i's envelope ends at ends[i].
   */
  | { kind: "events"; bytes: Uint8Array; ends: number[] }
  | { kind: "log"; text: string }
  | { kind: "done"; summary: ReplaySummary };
