// replayFiles on a worker thread (replay-worker.ts): the same events, log lines and summary, with
// the JSON decoding and encoding off the thread that serves clients. What the server's thread
// still does per event: one binary decode, keeping the worker's encoding for the fast path; the
// worker's envelopes go to the store with the events they frame (FlowStore.addRun).
import { Worker } from "node:worker_threads";
import { fromBinary } from "@bufbuild/protobuf";
import { type GetFlowsResponse, GetFlowsResponseSchema } from "../../src/gen/observer/observer_pb.ts";
import { FRAME_PREFIX } from "../server/grpc-frame.ts";
import { rememberEncoding } from "../server/pre-encoded.ts";
import type { ReplayOptions, ReplaySummary } from "./replay-file.ts";
import type { FromReplayWorker, ReplayWorkerAck, ReplayWorkerInput } from "./replay-worker-protocol.ts";

interface Log {
  write(text: string): unknown;
}

/** Replays `files` into `sink` like replayFiles (without its test clock). */
export function replayFilesInWorker(
  files: string[],
  /** Takes the events of each message from the worker, in order, with their gRPC envelopes. */
  sink: (events: GetFlowsResponse[], envelopes: Uint8Array) => void,
  log: Log,
  options: Omit<ReplayOptions, "now"> & Pick<ReplayWorkerInput, "passCacheBytes">,
): Promise<ReplaySummary> {
  const { speed, loop, passCacheBytes } = options;
  const input: ReplayWorkerInput = { files, speed, loop, ...(passCacheBytes === undefined ? {} : { passCacheBytes }) };
  const worker = new Worker(new URL("./replay-worker-boot.mjs", import.meta.url), { workerData: input });
  const stopped: ReplaySummary = { events: 0, badLines: 0, skipped: 0 };
  return new Promise((resolve, reject) => {
    const stop = () => void worker.terminate();
    options.signal?.addEventListener("abort", stop, { once: true });
    worker.on("message", (message: FromReplayWorker) => {
      switch (message.kind) {
        case "events": {
          const events: GetFlowsResponse[] = [];
          let start = 0;
          for (const end of message.ends) {
            const bytes = message.bytes.subarray(start + FRAME_PREFIX, end);
            start = end;
            const event = fromBinary(GetFlowsResponseSchema, bytes);
            rememberEncoding(event, bytes);
            events.push(event);
          }
          stopped.events += events.length;
          sink(events, message.bytes);
          worker.postMessage({ kind: "ack", count: message.ends.length } satisfies ReplayWorkerAck, []);
          break;
        }
        case "log":
          log.write(message.text);
          break;
        case "done":
          options.signal?.removeEventListener("abort", stop);
          resolve(message.summary);
          void worker.terminate();
          break;
      }
    });
    worker.on("error", (error) => {
      options.signal?.removeEventListener("abort", stop);
      reject(error);
    });
    // Terminated on abort before "done": what was served so far.
    worker.on("exit", () => resolve(stopped));
  });
}
