// The Web Worker entry: parses one file per request (see parse-file.ts).
import { parseFile } from "./parse-file.ts";
import type { FromWorker, ToWorker } from "./worker-protocol.ts";

// A worker's postMessage takes no target origin; the options object keeps
// the call valid under both the Window and the worker typings.
const post = (message: FromWorker) => self.postMessage(message, { transfer: [] });

self.addEventListener("message", (event: MessageEvent<ToWorker>) => {
  parseFile(event.data.file, post).catch((error: unknown) =>
    post({ kind: "failed", error: error instanceof Error ? error.message : String(error) }),
  );
});
