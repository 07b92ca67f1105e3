// The replay's worker thread: reads, decodes (JSON lines → protobuf, ~50 µs a flow), paces,
// re-stamps and encodes (~20 µs) each event, so the server's thread only decodes the binary and
// serves it. Events due together travel in one message; the encoding it carries is what the
// server then streams to binary clients (pre-encoded.ts), never encoded again.
import { parentPort, workerData } from "node:worker_threads";
import { toBinary } from "@bufbuild/protobuf";
import { type GetFlowsResponse, GetFlowsResponseSchema } from "../../src/gen/observer/observer_pb.ts";
import { replayFiles } from "./replay-file.ts";
import type { FromReplayWorker, ReplayWorkerAck, ReplayWorkerInput } from "./replay-worker-protocol.ts";

/** Longest an encoded event waits for others to travel with (ms). */
const BATCH_MS = 2;
/**
 * Events sent but not yet taken by the server: past the high mark the replay waits until the
 * server is back under the low one, so a fast replay of a big file never piles up in memory.
 */
const HIGH_WATER = 20_000;
const LOW_WATER = 5_000;

const port = parentPort;
if (port === null) throw new Error("replay-worker.ts runs as a worker thread");
const post = (message: FromReplayWorker, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);

let pending: Uint8Array[] = [];
let flushTimer: ReturnType<typeof setTimeout> | undefined;
let inFlight = 0;
let drained: (() => void) | undefined;

port.on("message", (ack: ReplayWorkerAck) => {
  inFlight -= ack.count;
  if (inFlight <= LOW_WATER) drained?.();
});

function flush(): void {
  flushTimer = undefined;
  if (pending.length === 0) return;
  const ends: number[] = [];
  let length = 0;
  for (const part of pending) ends.push((length += part.length));
  const bytes = new Uint8Array(length);
  let at = 0;
  for (const part of pending) {
    bytes.set(part, at);
    at += part.length;
  }
  inFlight += pending.length;
  pending = [];
  post({ kind: "events", bytes, ends }, [bytes.buffer]);
}

function send(event: GetFlowsResponse): Promise<void> | undefined {
  pending.push(toBinary(GetFlowsResponseSchema, event));
  flushTimer ??= setTimeout(flush, BATCH_MS);
  if (inFlight + pending.length < HIGH_WATER) return undefined;
  clearTimeout(flushTimer);
  flush();
  return new Promise((resolve) => {
    drained = () => {
      drained = undefined;
      resolve();
    };
  });
}

const { files, speed, loop } = workerData as ReplayWorkerInput;
const summary = await replayFiles(files, send, { write: (text: string) => post({ kind: "log", text }) }, { speed, loop });
clearTimeout(flushTimer);
flush();
post({ kind: "done", summary });
