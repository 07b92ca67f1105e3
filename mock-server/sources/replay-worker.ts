// The replay's worker thread: reads, decodes (JSON lines → protobuf, ~80 µs a flow), paces,
// re-stamps and encodes (~40 µs) each event, so the server's thread only decodes the binary and
// serves it. A looping replay keeps the first pass's encodings (replay-pass-cache.ts) and later
// passes only re-stamp the bytes (restamp-encoded.ts). Events due together travel in one message;
// the encoding it carries is what the server then streams to binary clients (pre-encoded.ts),
// never encoded again.
import { parentPort, workerData } from "node:worker_threads";
import { toBinary } from "@bufbuild/protobuf";
import { type GetFlowsResponse, GetFlowsResponseSchema } from "../../src/gen/observer/observer_pb.ts";
import { FRAME_PREFIX, writeFrame } from "../server/grpc-frame.ts";
import { replayItems } from "./replay-file.ts";
import { EncodedPassCache } from "./replay-pass-cache.ts";
import type { FromReplayWorker, ReplayWorkerAck, ReplayWorkerInput } from "./replay-worker-protocol.ts";
import { restampEncoded } from "./restamp-encoded.ts";

/** Longest an encoded event waits for others to travel with (ms). */
const BATCH_MS = 2;
/**
 * Events sent but not yet taken by the server: past the high mark the replay waits until the
 * server is back under the low one, so a fast replay of a big file never piles up in memory.
 */
const HIGH_WATER = 20_000;
const LOW_WATER = 5_000;
/**
 * Encodings a looping replay keeps between passes. 256 MiB holds ~300k flows: a 5k flows/s
 * recording of a minute, or an exporter set of that size; a bigger set is partly re-decoded on
 * every pass (the cache stops growing at the limit).
 */
const DEFAULT_PASS_CACHE_BYTES = 256 * 1024 * 1024;

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

/** Posts the pending events as gRPC envelopes back to back: the server streams them as they are. */
function flush(): void {
  flushTimer = undefined;
  if (pending.length === 0) return;
  const ends: number[] = [];
  let length = 0;
  for (const part of pending) ends.push((length += FRAME_PREFIX + part.length));
  const bytes = new Uint8Array(length);
  let at = 0;
  for (const part of pending) at = writeFrame(bytes, at, part);
  inFlight += pending.length;
  pending = [];
  post({ kind: "events", bytes, ends }, [bytes.buffer]);
}

function send(encoded: Uint8Array): Promise<void> | undefined {
  pending.push(encoded);
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

const { files, speed, loop, passCacheBytes } = workerData as ReplayWorkerInput;
const codec = {
  fromEvent: (event: GetFlowsResponse) => toBinary(GetFlowsResponseSchema, event),
  restamp: restampEncoded,
  cache: new EncodedPassCache(passCacheBytes ?? DEFAULT_PASS_CACHE_BYTES),
};
const log = { write: (text: string) => post({ kind: "log", text }) };
const summary = await replayItems(files, codec, send, log, { speed, loop });
clearTimeout(flushTimer);
flush();
post({ kind: "done", summary });
